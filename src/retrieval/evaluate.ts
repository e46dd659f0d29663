// Retrieval evaluation on BEIR-layout datasets, in a throw-away index.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beirCorpusPath, ingestBeirCorpus, loadBeirQueries } from '../knowledge/beir.js';
import { buildIndex } from './index.js';
import { LocalRetriever } from './local.js';
import { scoreRankings, type LabelledQuery, type RetrievalMetrics } from './metrics.js';
import type { RankingMode } from './query.js';
import { PassageStore } from './store.js';

export interface BeirEvalOptions {
  beirDir: string;
  split: string;
  /** Guideline folders whose passages join the index as distractors (only BEIR ids count as hits). */
  distractorPaths?: readonly string[];
  /** An up-to-date guideline index to copy instead of re-parsing the distractor files (it is refreshed first). */
  distractorIndex?: string;
  modes: readonly RankingMode[];
  onNotice?: (line: string) => void;
}

export interface BeirEvalResult {
  dataset: string;
  split: string;
  passages: number;
  distractors: number;
  results: { mode: RankingMode; metrics: RetrievalMetrics }[];
}

/** Builds a throw-away index (BEIR corpus, plus guideline distractors if asked) and scores each ranking mode. */
export async function evaluateBeir(opts: BeirEvalOptions): Promise<BeirEvalResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-eval-'));
  const indexFile = path.join(tmp, 'eval.sqlite');
  try {
    if (opts.distractorPaths?.length) {
      if (opts.distractorIndex) {
        const guidelines = PassageStore.open(opts.distractorIndex);
        try {
          await buildIndex(guidelines, opts.distractorPaths, undefined, opts.onNotice);
        } finally {
          guidelines.close();
        }
        fs.copyFileSync(opts.distractorIndex, indexFile);
      } else {
        const store = PassageStore.open(indexFile);
        try {
          await buildIndex(store, opts.distractorPaths, undefined, opts.onNotice);
        } finally {
          store.close();
        }
      }
    }
    const store = PassageStore.open(indexFile);
    try {
      const distractors = store.counts().passages;
      const corpus = await ingestBeirCorpus(store, opts.beirDir);
      const { queries, qrels } = await loadBeirQueries(opts.beirDir, opts.split);
      const labelled: LabelledQuery[] = queries.map((q) => ({ id: q.id, text: q.text, relevant: qrels.get(q.id)! }));
      const corpusDoc = beirCorpusPath(opts.beirDir);
      const results = opts.modes.map((mode) => {
        const retriever = new LocalRetriever(store, mode);
        const rankings = labelled.map((q) => retriever.searchSync(q.text, { top: 10 }));
        return { mode, metrics: scoreRankings(labelled, rankings, (p) => p.docId === corpusDoc) };
      });
      return {
        dataset: path.basename(path.resolve(opts.beirDir)),
        split: opts.split,
        passages: corpus.passages,
        distractors,
        results,
      };
    } finally {
      store.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
