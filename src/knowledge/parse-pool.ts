// Parses documents on worker threads: PDF text extraction is CPU-bound, so two cores halve a full ingest. Parsing
// never runs on the caller's thread, so pdf.js (its memory, its stray rejections on damaged files) stays off it.
// From the sources, workers run TypeScript through tsx's loader, registered inside each worker, so this works the same
// under `node --import tsx` and vitest; from dist/ they load the compiled worker.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UnreadableDocumentError, type ParsedDocument } from './parse.js';

interface Job {
  id: number;
  absPath: string;
  root: string;
  resolve: (doc: ParsedDocument) => void;
  reject: (err: Error) => void;
}

type WorkerReply =
  | { id: number; ok: true; doc: ParsedDocument }
  | { id: number; ok: false; file: string; reason: string; unreadable: boolean };

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.tsxApi) import(workerData.tsxApi).then((api) => { api.register(); return import(workerData.entry); });
else import(workerData.entry);
`;

/** Running compiled (dist/knowledge/parse-pool.js): the worker is compiled too and needs no TypeScript loader. */
const COMPILED = import.meta.url.endsWith('.js');

/** URL of tsx's ESM register API (the "import" export of `tsx/esm/api`), resolved from this package. */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
}

export const PARSE_POOL_SETTINGS = {
  /**
   * V8 old-space per parser thread, MB: an index rebuild stays within the process's memory budget (without a limit a
   * rebuild peaked at 1.1 GB RSS). The largest guideline PDF here (3.7 MB, ~150 pages) parses in well under it; a file
   * that needs more fails alone ("needs more memory than ...") and a fresh thread takes the next file. 160 MB was enough
   * on Node 20 but not on Node 24 (production) for a small test PDF: 384 MB leaves room for both.
   */
  workerHeapMb: 384,
} as const;

export class ParserPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private nextId = 1;

  private readonly threads: number;

  constructor(
    threads: number,
    private readonly heapMb: number = PARSE_POOL_SETTINGS.workerHeapMb,
  ) {
    this.threads = Math.max(1, threads);
  }

  parse(absPath: string, root: string): Promise<ParsedDocument> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, absPath, root, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Worker {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        tsxApi: COMPILED ? null : tsxEsmApiUrl(),
        entry: new URL(COMPILED ? './parse-worker.js' : './parse-worker.ts', import.meta.url).href,
      },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    worker.on('message', (reply: WorkerReply) => {
      const job = this.running.get(worker);
      if (!job || job.id !== reply.id) return;
      this.running.delete(worker);
      if (reply.ok) job.resolve(reply.doc);
      else
        job.reject(reply.unreadable ? new UnreadableDocumentError(reply.file, reply.reason) : new Error(reply.reason));
      this.idle.push(worker);
      this.pump();
    });
    worker.on('error', (err) => this.crashed(worker, err));
    worker.on('exit', (code) => {
      if (this.running.has(worker)) this.crashed(worker, new Error(`parser thread exited with code ${code}`));
    });
    this.workers.push(worker);
    return worker;
  }

  /** A crashed worker fails only its own file; a fresh worker takes over the queue. */
  private crashed(worker: Worker, err: Error): void {
    const job = this.running.get(worker);
    this.running.delete(worker);
    this.workers.splice(this.workers.indexOf(worker), 1);
    const idleAt = this.idle.indexOf(worker);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    const outOfMemory = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
    job?.reject(
      outOfMemory
        ? new UnreadableDocumentError(
            job.absPath,
            `parsing it needs more memory than a parser thread's ${this.heapMb} MB`,
          )
        : err,
    );
    void worker.terminate();
    this.pump();
  }

  private pump(): void {
    while (this.queue.length) {
      let worker = this.idle.pop();
      if (!worker && this.workers.length < this.threads) worker = this.spawn();
      if (!worker) return;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.postMessage({ id: job.id, absPath: job.absPath, root: job.root });
    }
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
