// The recommendation-unit index is derived from the local index's passages, and building it (tokenizing and stemming
// every passage) took most of a CLI `ask` and of an answer thread's start. It is saved beside the index file and
// restored while still valid: the key names the indexed content (PassageStore.contentFingerprint), the tuning the
// index was built with, and the code that builds it (the source of the modules below), so an ingest, a changed weight
// or a changed tokenizer each lead to a rebuild. The saved file is only ever a shortcut: a missing, stale, damaged or
// unwritable one means a build in memory, as before.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { threadId } from 'node:worker_threads';
import { RecommendationUnitIndex, type UnitIndexSnapshot, type UnitTuning } from './recommendation-units.js';
import type { PassageStore } from './store.js';

/** Bump when the saved layout changes (the code hash covers the builder's logic). */
const FORMAT = 1;
/** The modules whose code shapes the built index: the builder, the tokenizer and stop words, the stemmer. */
const BUILDER_MODULES = ['recommendation-units', 'lexicon', 'stem'];

let codeHash: string | null = null;
/** Hash of the builder modules' own text as this process runs them (compiled .js, or .ts through tsx/vitest). */
function builderCodeHash(): string {
  if (codeHash) return codeHash;
  const here = fileURLToPath(import.meta.url);
  const hash = createHash('sha256');
  for (const name of BUILDER_MODULES)
    hash.update(fs.readFileSync(path.join(path.dirname(here), name + path.extname(here))));
  return (codeHash = hash.digest('hex'));
}

/** The saved unit index of the local index at `indexFile`. */
export function unitIndexCachePath(indexFile: string): string {
  return `${indexFile}.units`;
}

export function unitIndexKey(contentFingerprint: string, tuning: UnitTuning): string {
  return createHash('sha256')
    .update(JSON.stringify([FORMAT, contentFingerprint, tuning, builderCodeHash()]))
    .digest('hex');
}

/** The unit index of the store's passages: restored from the saved copy when its key matches, else built and saved. */
export function loadUnitIndex(store: PassageStore, tuning: UnitTuning): RecommendationUnitIndex {
  if (store.file === ':memory:') return new RecommendationUnitIndex(store.allPassages(), tuning);
  const file = unitIndexCachePath(store.file);
  const key = unitIndexKey(store.contentFingerprint(), tuning);
  const saved = readSnapshot(file, key);
  if (saved) return new RecommendationUnitIndex(saved, tuning);
  const index = new RecommendationUnitIndex(store.allPassages(), tuning);
  writeSnapshot(file, key, index.snapshot());
  return index;
}

function readSnapshot(file: string, key: string): UnitIndexSnapshot | null {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return null;
  }
  const header = Buffer.from(`${key}\n`);
  if (data.length <= header.length || !data.subarray(0, header.length).equals(header)) return null;
  try {
    return v8.deserialize(data.subarray(header.length)) as UnitIndexSnapshot;
  } catch {
    return null; // damaged or cut short: rebuilt and overwritten
  }
}

/** Written to a temporary file and renamed into place, so a reader (another process, an answer thread) never sees half. */
function writeSnapshot(file: string, key: string, snapshot: UnitIndexSnapshot): void {
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(`${key}\n`), v8.serialize(snapshot)]));
    fs.renameSync(temporary, file);
  } catch {
    // A read-only folder or a full disk: the index is used from memory and built again at the next start.
    fs.rmSync(temporary, { force: true });
  }
}
