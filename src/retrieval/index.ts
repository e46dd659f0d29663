// The one place that turns configuration into a Retriever: the local SQLite index (built on first use) or Azure AI Search.
import fs from 'node:fs';
import path from 'node:path';
import { progress } from '../progress.js';
import type { Config } from '../config.js';
import { ingestPaths, type IngestReport } from '../knowledge/ingest.js';
import { LocalRetriever } from './local.js';
import type { RankingMode } from './query.js';
import type { Retriever } from './retriever.js';
import { isIndexDamage, PassageStore } from './store.js';

export interface OpenRetrieverOptions {
  /**
   * true: bring the local index up to date with config.guidelinesPaths first (incremental, seconds when nothing changed).
   * undefined: build it only when it is missing or empty. false: never build; fail if there is no index.
   */
  build?: boolean;
  /** Ingest progress; default: a progress bar on stderr. */
  onProgress?: (done: number, total: number, file: string) => void;
  /** One-line notices ("The first start builds ..."); default: stderr. */
  onNotice?: (line: string) => void;
  /** Ranking mode of the local engine (default full). */
  mode?: RankingMode;
}

export async function openRetriever(config: Config, opts: OpenRetrieverOptions = {}): Promise<Retriever> {
  if (config.retrievalEngine === 'azure') {
    const { createAzureSearchRetriever } = await import('./azure-search.js');
    return createAzureSearchRetriever(config);
  }
  return openLocalRetriever(config, opts);
}

export async function openLocalRetriever(config: Config, opts: OpenRetrieverOptions = {}): Promise<LocalRetriever> {
  const exists = fs.existsSync(config.indexPath);
  if (opts.build === false)
    return new LocalRetriever(PassageStore.open(config.indexPath, { readonly: true }), opts.mode);

  const notice = opts.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = openRecovering(config.indexPath, notice);
  const empty = store.counts().documents === 0;
  if (opts.build || !exists || empty) {
    if (!exists || empty) {
      notice(
        `The first start builds the local index from ${knowledgeBasePaths(config).map(displayPath).join(', ')} (once; later starts reuse ${displayPath(config.indexPath)}).`,
      );
    }
    await buildIndex(store, knowledgeBasePaths(config), opts.onProgress, notice);
  }
  return new LocalRetriever(store, opts.mode);
}

/**
 * The local index is derived from the guideline files, so a damaged one is rebuilt rather than served from or given up
 * on: it is moved aside (kept for a post-mortem) and the caller's build starts from an empty index.
 */
function openRecovering(file: string, notice: (line: string) => void): PassageStore {
  let store: PassageStore | null = null;
  try {
    store = PassageStore.open(file);
    store.verify();
    return store;
  } catch (err) {
    store?.close();
    if (!isIndexDamage(err)) throw err;
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal']) if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
    fs.rmSync(`${file}-shm`, { force: true });
    notice(
      `The local index ${displayPath(file)} is damaged (${(err as Error).message}); moved it to ${displayPath(aside)} and rebuilding it from the guidelines.`,
    );
    return PassageStore.open(file);
  }
}

/** The guideline folders, and the library folder of documents added with `curbside library add` once it exists. */
export function knowledgeBasePaths(config: Config): string[] {
  return fs.existsSync(config.library.dir) ? [...config.guidelinesPaths, config.library.dir] : config.guidelinesPaths;
}

/** Incremental ingest with progress; per-file failures are reported as one line each and do not stop the rest. */
export async function buildIndex(
  store: PassageStore,
  paths: readonly string[],
  onProgress?: (done: number, total: number, file: string) => void,
  notice: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<IngestReport> {
  let bar: ReturnType<typeof progress> | null = null;
  const report = await ingestPaths(store, paths, {
    onPlan: ({ total, toParse }) => {
      if (!onProgress && toParse > 0) bar = progress('Indexing guidelines', total);
    },
    onProgress: onProgress ?? ((done, _total, file) => bar?.update(done, file)),
  });
  (bar as ReturnType<typeof progress> | null)?.done(
    `${report.added + report.updated} files indexed, ${report.passages} passages`,
  );
  for (const f of report.failed) notice(`Skipped ${displayPath(f.file)}: ${f.reason}`);
  return report;
}

/** Paths under the current directory are shown relative (shorter, and what the user typed). */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..' + path.sep + '..' + path.sep + '..') ? rel : p;
}
