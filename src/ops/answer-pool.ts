// Answers on worker threads, behind the same AnswerPipeline interface the doors already call. Search (SQLite FTS5 and the
// reranker) and answer composition are synchronous CPU work: on the main thread they hold the event loop, so HTTP parsing,
// botbuilder, /healthz and every other turn wait, and only one core serves. Each worker opens the index read-only and
// loads the lexicons once; a worker runs several answers at a time (model calls are awaited network I/O), and the
// admission gate (src/ops/admission.ts) bounds how many are in flight overall.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { AnswerPipeline } from '../answer/pipeline.js';
import type { LibraryScope } from '../retrieval/library.js';
import type { ModelHealth } from '../answer/model.js';
import type { AnswerProgress, CitedAnswer } from '../answer/types.js';
import type { Deidentifier, DeidentifiedBatch } from '../safety/deidentifier.js';
import { log } from '../log.js';
import { englishWords } from '../retrieval/lexicon.js';
import type { WordTableData } from '../retrieval/word-table.js';
import { DEID_TUNING } from '../safety/deid.js';
import { nameData, type NameData } from '../safety/name-data.js';
import { currentTraceId } from './turn-context.js';

export const ANSWER_POOL_SETTINGS = {
  /**
   * Answer threads: one per core besides the main thread's (HTTP, botbuilder), at most 2. Each thread holds its own caches
   * and lexicons (~150-190 MB RSS under tsx): on 2 cores, main + 2 threads measured 442-497 MB RSS, over the 400 MB budget,
   * while main + 1 thread stays at ~270-290 MB, as the single-thread server did.
   */
  threads: Math.max(1, Math.min(2, os.availableParallelism() - 1)),
  /**
   * V8 old-space per answer thread, MB. The process RSS budget is 400 MB; a thread's steady state (index caches, lexicons,
   * recommendation units) is well under this; a runaway turn fails its own thread, which is replaced, not the process.
   */
  workerHeapMb: 160,
  /**
   * V8 young generation per answer thread, MB (three semi-spaces' worth). V8's default on this heap size is 48: a thread
   * then holds 60-80 MB of heap it is not using (heap total 217 against 139 MB live after a load run). An answer's garbage
   * is short-lived and small, so a smaller nursery costs little GC time. Load run, one thread, 2026-12-05: thread heap
   * total 224 -> 186 MB; with the main thread's --max-semi-space-size=4 (package.json start), RSS 514 -> 446 MB.
   */
  workerYoungMb: 12,
  /** A thread that has not opened the index by then is reported as failed (its turns get the error). */
  startTimeoutMs: 60_000,
} as const;

export type PoolRequest =
  | {
      type: 'answer';
      id: number;
      question: string;
      history?: unknown;
      scope?: LibraryScope;
      traceId?: string;
      progress: boolean;
    }
  | { type: 'abort'; id: number }
  /** `remote`: the thread's whole de-identifier (the remote pass too, when configured), else its local pass. */
  | { type: 'deidentify'; id: number; texts: string[]; remote: boolean }
  /** The thread's heap (a diagnostic: the load benchmark reports it); `snapshot`: also a heap snapshot into that folder. */
  | { type: 'memory'; id: number; snapshot?: string }
  | { type: 'close' };

/** One answer thread's memory, MB: its V8 heap (process.memoryUsage() in a worker is per isolate but RSS). */
export interface ThreadMemory {
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
  snapshot?: string;
}

export type PoolReply =
  | { type: 'ready'; mode: 'model' | 'extractive' }
  | { type: 'failed'; message: string }
  | { type: 'progress'; id: number; event: AnswerProgress }
  | { type: 'deidentified'; id: number; batch?: DeidentifiedBatch; error?: string }
  | { type: 'memory'; id: number; memory: ThreadMemory }
  | {
      type: 'done';
      id: number;
      answer?: CitedAnswer;
      error?: { name: string; message: string; damage: boolean };
      health: ModelHealth | null;
    };

interface Job {
  id: number;
  onProgress?: (event: AnswerProgress) => void;
  resolve: (answer: CitedAnswer) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  jobs: Map<number, Job>;
  /** De-identifications in flight: texts out, texts back. */
  cleaning: Map<number, { resolve: (batch: DeidentifiedBatch) => void; reject: (err: Error) => void }>;
  /** Memory reads in flight. */
  reading: Map<number, (memory: ThreadMemory) => void>;
  health: ModelHealth | null;
}

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const start = () => import(workerData.entry);
if (workerData.tsxApi) import(workerData.tsxApi).then((api) => { api.register(); return start(); }); else start();
`;

/** This file's sibling, compiled (.js, the build) or as TypeScript run through tsx (.ts); tsx's ESM API for the latter. */
function workerEntry(): { entry: string; tsxApi: string | null } {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const entry = pathToFileURL(path.join(path.dirname(here), `answer-worker${ext}`)).href;
  if (ext !== '.ts') return { entry, tsxApi: null };
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return {
    entry,
    tsxApi: pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href,
  };
}

/** The detectors' largest word lists, as buffers every answer thread reads in place (`useWordLists`). */
export interface WordLists {
  english: WordTableData;
  names: NameData;
}

/**
 * Built once on this thread (about 0.3 s at the pool's start) and shared, not copied: each thread loading its own
 * lists held ~35 MB of them (issue #19).
 */
function sharedWordLists(): WordLists {
  return { english: englishWords().data, names: nameData(DEID_TUNING.placeMinPopulation) };
}

const HEALTH_ORDER: ModelHealth[] = ['ok', 'rate-limited', 'half-open', 'open'];

export interface AnswerPool extends AnswerPipeline {
  /** Index damage a thread ran into (readiness reports it, so the host restarts and the start rebuilds). */
  readonly damage: Error | null;
  /** Threads started. */
  readonly threads: number;
  /** The local de-identifier, run on a thread: texts in, de-identified texts back, in order. */
  clean(texts: string[]): Promise<string[]>;
  /** Each running thread's heap (a diagnostic); `snapshot`: each also writes a heap snapshot into that folder. */
  memory(snapshot?: string): Promise<ThreadMemory[]>;
  /** Starts every thread now (instead of on demand) and resolves when all have opened the index. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `local` is the in-process pipeline over the main thread's retriever: its retriever, mode and de-identifier are what the
 * doors see (search, sources, the message extension); its answers are computed on the threads instead.
 */
export function createAnswerPool(
  local: AnswerPipeline,
  config: Config,
  threads: number = ANSWER_POOL_SETTINGS.threads,
): AnswerPool {
  const pool: Thread[] = [];
  let nextId = 1;
  let damage: Error | null = null;
  let closed = false;
  const where = workerEntry();

  const spawn = (): Thread => {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { ...where, config, wordLists: sharedWordLists() },
      execArgv: [],
      resourceLimits: {
        maxOldGenerationSizeMb: ANSWER_POOL_SETTINGS.workerHeapMb,
        maxYoungGenerationSizeMb: ANSWER_POOL_SETTINGS.workerYoungMb,
      },
    });
    const jobs = new Map<number, Job>();
    let markReady!: () => void;
    let markFailed!: (err: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    ready.catch(() => undefined);
    const timer = setTimeout(
      () => markFailed(new Error('the answer thread did not start in time')),
      ANSWER_POOL_SETTINGS.startTimeoutMs,
    );
    timer.unref();
    const cleaning: Thread['cleaning'] = new Map();
    const thread: Thread = { worker, ready, jobs, cleaning, reading: new Map(), health: null };
    const fail = (err: Error) => {
      clearTimeout(timer);
      markFailed(err);
      const at = pool.indexOf(thread);
      if (at >= 0) pool.splice(at, 1);
      for (const job of [...jobs.values(), ...cleaning.values()]) job.reject(err);
      jobs.clear();
      cleaning.clear();
    };
    worker.on('message', (reply: PoolReply) => {
      if (reply.type === 'ready') {
        clearTimeout(timer);
        markReady();
      } else if (reply.type === 'failed') {
        log.error({ err: reply.message }, 'answer thread could not start');
        fail(new Error(`the answer thread could not start: ${reply.message}`));
        void worker.terminate();
      } else if (reply.type === 'progress') {
        jobs.get(reply.id)?.onProgress?.(reply.event);
      } else if (reply.type === 'memory') {
        thread.reading.get(reply.id)?.(reply.memory);
        thread.reading.delete(reply.id);
      } else if (reply.type === 'deidentified') {
        if (reply.batch) cleaning.get(reply.id)?.resolve(reply.batch);
        else cleaning.get(reply.id)?.reject(new Error(reply.error ?? 'de-identification failed'));
        cleaning.delete(reply.id);
      } else {
        const job = jobs.get(reply.id);
        jobs.delete(reply.id);
        thread.health = reply.health;
        if (!job) return;
        if (reply.answer) job.resolve(reply.answer);
        else {
          const err = Object.assign(new Error(reply.error?.message ?? 'answer failed'), {
            name: reply.error?.name ?? 'Error',
          });
          if (reply.error?.damage) damage ??= err;
          job.reject(err);
        }
      }
    });
    worker.on('error', (err) => {
      log.error({ err: { name: err.name, message: err.message } }, 'answer thread failed');
      fail(err);
    });
    worker.on('exit', (code) => {
      if (!closed) fail(new Error(`the answer thread exited (code ${code})`));
    });
    pool.push(thread);
    return thread;
  };

  /** The least busy thread; a new one while every thread is busy and the pool is not full (so an idle pool stays small). */
  const pick = (): Thread => {
    let best: Thread | null = null;
    for (const t of pool) if (!best || t.jobs.size < best.jobs.size) best = t;
    if (!best || (best.jobs.size > 0 && pool.length < threads)) return spawn();
    return best;
  };

  const answer: AnswerPipeline['answer'] = async (request) => {
    if (closed) throw new Error('the answer pool is closed');
    const thread = pick();
    const id = nextId++;
    const result = new Promise<CitedAnswer>((resolve, reject) =>
      thread.jobs.set(id, { id, onProgress: request.onProgress, resolve, reject }),
    );
    await thread.ready.catch((err: Error) => {
      thread.jobs.delete(id);
      throw err;
    });
    const onAbort = () => thread.worker.postMessage({ type: 'abort', id } satisfies PoolRequest);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    thread.worker.postMessage({
      type: 'answer',
      id,
      question: request.question,
      history: request.history,
      scope: request.scope,
      traceId: currentTraceId(),
      progress: Boolean(request.onProgress),
    } satisfies PoolRequest);
    try {
      return await result;
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
    }
  };

  const onThread = async (texts: readonly string[], remote: boolean): Promise<DeidentifiedBatch> => {
    if (closed) throw new Error('the answer pool is closed');
    const thread = pick();
    await thread.ready;
    const id = nextId++;
    const done = new Promise<DeidentifiedBatch>((resolve, reject) => thread.cleaning.set(id, { resolve, reject }));
    thread.worker.postMessage({ type: 'deidentify', id, texts: [...texts], remote } satisfies PoolRequest);
    return done;
  };
  const clean = async (texts: string[]): Promise<string[]> => (await onThread(texts, false)).results.map((r) => r.text);
  // The doors' de-identifier (searches, the message extension, the urgent check of a refused turn): on a thread, so this
  // thread never loads the detectors' word lists; here only if the threads cannot.
  const deidentifier: Deidentifier = {
    name: local.deidentifier.name,
    deidentify: (texts, signal) => onThread(texts, true).catch(() => local.deidentifier.deidentify(texts, signal)),
  };

  return {
    answer,
    clean,
    retriever: local.retriever,
    mode: local.mode,
    deidentifier,
    modelHealth: local.modelHealth
      ? () => {
          const seen = pool.map((t) => t.health).filter((h): h is ModelHealth => h !== null);
          return seen.length
            ? seen.reduce((a, b) => (HEALTH_ORDER.indexOf(b) > HEALTH_ORDER.indexOf(a) ? b : a))
            : (local.modelHealth?.() ?? null);
        }
      : undefined,
    get damage() {
      return damage;
    },
    get threads() {
      return pool.length;
    },
    memory: (snapshot) =>
      Promise.all(
        pool.map(async (t) => {
          await t.ready;
          const id = nextId++;
          const read = new Promise<ThreadMemory>((resolve) => t.reading.set(id, resolve));
          t.worker.postMessage({ type: 'memory', id, snapshot } satisfies PoolRequest);
          return read;
        }),
      ),
    async warm() {
      while (pool.length < threads) spawn();
      await Promise.all(pool.map((t) => t.ready));
    },
    async close() {
      if (closed) return;
      closed = true;
      const all = pool.splice(0);
      await Promise.all(
        all.map(async (t) => {
          for (const job of [...t.jobs.values(), ...t.cleaning.values()])
            job.reject(new Error('the answer pool was closed'));
          await t.worker.terminate();
        }),
      );
    },
  };
}
