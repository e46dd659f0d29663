// vitest globalSetup: builds the REAL guideline index from ../shared/guidelines once, into a cache file keyed by the
// guideline folders, the files' paths and hashes and the ingest code, and provides its path to tests as inject('guidelineIndex').
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig, REPO_ROOT } from '../src/config.js';
import { sha256File } from '../src/knowledge/files.js';
import { findDocuments } from '../src/knowledge/ingest.js';
import { buildIndex } from '../src/retrieval/index.js';
import { PassageStore, SCHEMA_VERSION } from '../src/retrieval/store.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a SQLite index built from the default guideline folders (read it; do not write to it). */
    guidelineIndex: string;
  }
}

/** Code whose change alters the index content: the parser and the store. */
function ingestCodeHash(): string {
  const hash = createHash('sha256');
  const knowledge = fs
    .readdirSync(path.join(REPO_ROOT, 'src/knowledge'))
    .filter((n) => n.endsWith('.ts'))
    .sort();
  for (const rel of [...knowledge.map((n) => `src/knowledge/${n}`), 'src/retrieval/store.ts']) {
    hash.update(rel).update(fs.readFileSync(path.join(REPO_ROOT, rel)));
  }
  return hash.digest('hex');
}

export default async function setup(project: TestProject): Promise<void> {
  const config = loadConfig({ ...process.env, CURBSIDE_GUIDELINES: undefined });
  const { files } = findDocuments(config.guidelinesPaths);
  // The index stores each file's absolute path and root (page links, removals), so the same files found under another
  // guideline folder (another checkout's ../shared) need their own index.
  const key = createHash('sha256').update(`schema ${SCHEMA_VERSION}\n`).update(ingestCodeHash());
  for (const root of config.guidelinesPaths) key.update(`root ${path.resolve(root)}\n`);
  for (const f of files) key.update(`${f.absPath} ${sha256File(f.absPath)}\n`);
  const file = path.join(os.tmpdir(), `curbside-test-index-${key.digest('hex').slice(0, 16)}.sqlite`);
  const ready = `${file}.ready`;
  if (!fs.existsSync(ready)) {
    const partial = `${file}.${process.pid}.building`;
    fs.rmSync(partial, { force: true });
    const store = PassageStore.open(partial);
    // Minutes on a cold 2-core machine, before any test file reports: say what is happening, with the ingest's progress
    // lines (a heartbeat every few seconds), instead of a silent wait.
    const say = (line: string) => process.stderr.write(`test setup: ${line}\n`);
    say(
      `indexing ${files.length} guideline files once for the suite (kept in ${file} until they or the ingest change)`,
    );
    try {
      await buildIndex(store, config.guidelinesPaths, undefined, say);
    } finally {
      store.close();
    }
    for (const suffix of ['-wal', '-shm']) fs.rmSync(partial + suffix, { force: true });
    fs.renameSync(partial, file);
    fs.writeFileSync(ready, new Date().toISOString());
  }
  project.provide('guidelineIndex', file);
}
