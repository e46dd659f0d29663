// Incremental ingest: walk the knowledge-base paths, hash every file, and bring the index in line with them.
// Unchanged files are skipped, changed ones replaced, deleted ones removed; each file is written in its own
// transaction, and a file that cannot be read becomes one error line while the others still ingest.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { log } from '../log.js';
import { sha256File } from './files.js';
import { SUPPORTED_EXTENSIONS, type ParsedDocument } from './parse.js';
import { ParserPool } from './parse-pool.js';
import type { PassageSink } from './passage.js';

export interface IngestFileError {
  file: string;
  reason: string;
}

export interface IngestReport {
  files: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: IngestFileError[];
  /** Passages written in this run (changed and new files only). */
  passages: number;
  warnings: number;
  seconds: number;
}

export interface IngestOptions {
  /** Called after each file is settled (parsed and written, skipped, or failed). */
  onProgress?: (done: number, total: number, file: string) => void;
  /** Called once, before parsing, with the number of files that need parsing. */
  onPlan?: (plan: { total: number; toParse: number; toRemove: number }) => void;
  /** Parser threads; defaults to the number of CPUs (at most 4). */
  workers?: number;
}

interface FoundFile {
  absPath: string;
  root: string;
  docId: string;
}

/** Files under `paths` that the parser reads. A directory is a knowledge-base root; a file's root is its folder. */
export function findDocuments(paths: readonly string[]): { files: FoundFile[]; roots: string[]; missing: string[] } {
  const files: FoundFile[] = [];
  const roots: string[] = [];
  const missing: string[] = [];
  const supported = new Set(SUPPORTED_EXTENSIONS.map((e) => e.toLowerCase()));
  const walk = (dir: string, root: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs, root);
      else if (entry.isFile() && supported.has(path.extname(entry.name).toLowerCase())) {
        files.push({ absPath: abs, root, docId: path.relative(root, abs).split(path.sep).join('/') });
      }
    }
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (!stat) missing.push(abs);
    else if (stat.isDirectory()) {
      roots.push(abs);
      walk(abs, abs);
    } else {
      const root = path.dirname(abs);
      files.push({ absPath: abs, root, docId: path.basename(abs) });
    }
  }
  return { files, roots, missing };
}

/**
 * Hash of the parser's own source: when the parsing code changes, every file's passages may change too, so each
 * document's fingerprint includes it and the next ingest re-reads everything once.
 */
let parserCodeHash: string | null = null;
export function parserFingerprint(): string {
  if (parserCodeHash) return parserCodeHash;
  // The TypeScript sources, also when running compiled from dist/knowledge: the fingerprint (and so the index) must
  // not change between `npx curbside` (dist) and tsx/vitest (src).
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sources = path.resolve(here, '..', '..', 'src', 'knowledge');
  const dir = fs.existsSync(sources) ? sources : here;
  const hash = createHash('sha256');
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.ts'))
    .sort())
    hash.update(name).update(fs.readFileSync(path.join(dir, name)));
  parserCodeHash = hash.digest('hex').slice(0, 16);
  return parserCodeHash;
}

/**
 * What decides "unchanged": the file's bytes, its metadata sidecar (index.json) if any, and the parser code. The
 * sidecar is shared by a folder's files: `sidecars` keeps its hash for the rest of one ingest run.
 */
export function documentFingerprint(file: string, sidecars = new Map<string, string>()): string {
  const sidecar = path.join(path.dirname(file), 'index.json');
  let meta = sidecars.get(sidecar);
  if (meta === undefined)
    sidecars.set(sidecar, (meta = fs.existsSync(sidecar) ? sha256File(sidecar).slice(0, 16) : '-'));
  return `${sha256File(file)}:${meta}:${parserFingerprint()}`;
}

export function defaultParserThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
}

export async function ingestPaths(
  store: PassageSink,
  paths: readonly string[],
  opts: IngestOptions = {},
): Promise<IngestReport> {
  const started = performance.now();
  const { files, roots, missing } = findDocuments(paths);
  const report: IngestReport = {
    files: files.length,
    added: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    failed: [],
    passages: 0,
    warnings: 0,
    seconds: 0,
  };
  for (const m of missing) report.failed.push({ file: m, reason: 'no such file or directory' });

  const stored = new Map(store.documentStates().map((d) => [d.docId, d]));
  const seen = new Set<string>();
  const toParse: (FoundFile & { sha256: string; isNew: boolean })[] = [];
  const sidecars = new Map<string, string>();
  for (const f of files) {
    seen.add(f.docId);
    let sha256: string;
    try {
      sha256 = documentFingerprint(f.absPath, sidecars);
    } catch (err) {
      report.failed.push({ file: f.absPath, reason: errorReason(err) });
      continue;
    }
    const previous = stored.get(f.docId);
    if (previous && previous.sha256 === sha256 && previous.path === f.absPath) report.unchanged++;
    else toParse.push({ ...f, sha256, isNew: !previous });
  }

  // A file gone from a root we walked is removed; documents from other roots (or single files) are left alone.
  const rootSet = new Set(roots);
  const toRemove = [...stored.values()].filter((d) => rootSet.has(d.root) && !seen.has(d.docId));
  opts.onPlan?.({ total: files.length, toParse: toParse.length, toRemove: toRemove.length });
  for (const d of toRemove) {
    store.removeDocument(d.docId);
    report.removed++;
  }

  let done = report.unchanged;
  opts.onProgress?.(done, files.length, '');
  if (toParse.length) {
    const threads = Math.min(opts.workers ?? defaultParserThreads(), toParse.length);
    const pool = new ParserPool(threads);
    try {
      // Largest files first, so the slowest parse does not start last and leave a thread idle.
      const ordered = [...toParse].sort((a, b) => fileSize(b.absPath) - fileSize(a.absPath));
      // One lane per thread pulls the next file, so at most `threads` documents are in memory at once.
      const lane = async () => {
        for (let f = ordered.shift(); f; f = ordered.shift()) {
          try {
            const parsed = await pool.parse(f.absPath, f.root);
            writeDocument(store, f, parsed);
            if (f.isNew) report.added++;
            else report.updated++;
            report.passages += parsed.passages.length;
            report.warnings += parsed.warnings.length;
          } catch (err) {
            // The old version of a changed file stays indexed: better a stale guideline than a missing one.
            report.failed.push({ file: f.absPath, reason: errorReason(err) });
          }
          done++;
          opts.onProgress?.(done, files.length, path.basename(f.absPath));
        }
      };
      await Promise.all(Array.from({ length: threads }, lane));
    } finally {
      await pool.close();
    }
  }
  report.failed.sort((a, b) => a.file.localeCompare(b.file));
  // Supersession follows the files: a new edition makes the older one superseded, a deleted one brings it back.
  store.refreshLibrary(report.added + report.updated + report.removed > 0);
  if (report.added || report.updated || report.removed) store.optimize();
  report.seconds = (performance.now() - started) / 1000;
  log.info(
    {
      files: report.files,
      added: report.added,
      updated: report.updated,
      unchanged: report.unchanged,
      removed: report.removed,
      failed: report.failed.length,
      passages: report.passages,
      seconds: Number(report.seconds.toFixed(2)),
    },
    'ingest finished',
  );
  return report;
}

function writeDocument(store: PassageSink, f: FoundFile & { sha256: string }, parsed: ParsedDocument): void {
  const passages = parsed.passages.map((p) => ({ ...p, docId: f.docId }));
  store.replaceDocument(
    { ...parsed.meta, docId: f.docId, path: f.absPath, root: f.root, sha256: f.sha256 },
    passages,
    parsed.library,
  );
}

function fileSize(file: string): number {
  return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

export function errorReason(err: unknown): string {
  if (err && typeof err === 'object' && 'reason' in err && typeof (err as { reason: unknown }).reason === 'string') {
    return (err as { reason: string }).reason;
  }
  return err instanceof Error ? err.message : String(err);
}
