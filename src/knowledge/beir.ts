// BEIR-layout retrieval datasets (corpus.jsonl, queries.jsonl, qrels/<split>.tsv) as passages and labelled queries.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { sha256File } from './files.js';
import type { GuidelineMeta, Passage, PassageSink } from './passage.js';

export interface BeirQuery {
  id: string;
  text: string;
}

export interface BeirCorpus {
  /** docId of every passage: the absolute path of corpus.jsonl. */
  docId: string;
  meta: GuidelineMeta;
  passages: Passage[];
}

export class BeirFormatError extends Error {}

async function* jsonLines(file: string): AsyncGenerator<{ line: number; value: Record<string, unknown> }> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (!text.trim()) continue;
    try {
      yield { line, value: JSON.parse(text) as Record<string, unknown> };
    } catch (err) {
      throw new BeirFormatError(`${file}:${line}: not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  }
}

export function beirCorpusPath(dir: string): string {
  return path.resolve(dir, 'corpus.jsonl');
}

/** Reads corpus.jsonl: passage id = the BEIR `_id`, the BEIR `title` becomes the section, the folder name the title. */
export async function loadBeirCorpus(dir: string): Promise<BeirCorpus> {
  const file = beirCorpusPath(dir);
  if (!fs.existsSync(file)) throw new BeirFormatError(`${dir} has no corpus.jsonl (expected BEIR layout)`);
  const meta: GuidelineMeta = {
    title: path.basename(path.resolve(dir)),
    publisher: null,
    version: null,
    year: null,
    source: 'corpus.jsonl',
  };
  const passages: Passage[] = [];
  for await (const { line, value } of jsonLines(file)) {
    const id = value._id;
    const text = value.text;
    if (typeof id !== 'string' || typeof text !== 'string')
      throw new BeirFormatError(`${file}:${line}: needs string "_id" and "text"`);
    const title = typeof value.title === 'string' && value.title.trim() ? value.title.trim() : null;
    passages.push({
      ...meta,
      id,
      docId: file,
      page: null,
      section: title,
      recommendation: null,
      strength: null,
      kind: 'text',
      text,
    });
  }
  return { docId: file, meta, passages };
}

/** Queries that have relevance labels in qrels/<split>.tsv, in file order. */
export async function loadBeirQueries(
  dir: string,
  split: string,
): Promise<{ queries: BeirQuery[]; qrels: Map<string, Map<string, number>> }> {
  const qrelsFile = path.resolve(dir, 'qrels', `${split}.tsv`);
  if (!fs.existsSync(qrelsFile)) throw new BeirFormatError(`${dir} has no qrels/${split}.tsv`);
  const qrels = new Map<string, Map<string, number>>();
  const lines = fs.readFileSync(qrelsFile, 'utf8').split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    const [qid, cid, score] = line.split('\t');
    if (i === 0 && qid === 'query-id') continue;
    if (!qid || !cid) throw new BeirFormatError(`${qrelsFile}:${i + 1}: expected query-id<TAB>corpus-id<TAB>score`);
    const grade = Number(score ?? 1);
    if (!(grade > 0)) continue;
    const rel = qrels.get(qid) ?? new Map<string, number>();
    rel.set(cid, grade);
    qrels.set(qid, rel);
  }
  const queries: BeirQuery[] = [];
  for await (const { line, value } of jsonLines(path.resolve(dir, 'queries.jsonl'))) {
    if (typeof value._id !== 'string' || typeof value.text !== 'string') {
      throw new BeirFormatError(`${dir}/queries.jsonl:${line}: needs string "_id" and "text"`);
    }
    // Only the question text is used: other fields (answers, sections) would leak the label.
    if (qrels.has(value._id)) queries.push({ id: value._id, text: value.text });
  }
  return { queries, qrels };
}

/** Adds (or refreshes) a BEIR corpus as one document whose passages keep their BEIR ids. */
export async function ingestBeirCorpus(
  store: PassageSink,
  dir: string,
): Promise<{ passages: number; skipped: boolean }> {
  const corpus = await loadBeirCorpus(dir);
  const sha256 = sha256File(corpus.docId);
  const previous = store.documentStates().find((d) => d.docId === corpus.docId);
  if (previous?.sha256 === sha256) return { passages: corpus.passages.length, skipped: true };
  store.replaceDocument(
    { ...corpus.meta, docId: corpus.docId, path: corpus.docId, root: path.dirname(corpus.docId), sha256 },
    corpus.passages,
  );
  return { passages: corpus.passages.length, skipped: false };
}
