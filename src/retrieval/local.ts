// The local retrieval engine: SQLite FTS5 BM25 over the passage store, with clinical query understanding.
import type { GuidelineSummary } from '../knowledge/passage.js';
import type { Retriever, SearchHit, SearchOptions } from './retriever.js';
import { planQuery, toFtsMatch, type RankingMode } from './query.js';
import type { ColumnWeights, FtsHit, PassageStore } from './store.js';

/** Plain BM25: every column counts the same. Kept as the yardstick for every ranking change. */
export const BASELINE_WEIGHTS: ColumnWeights = { title: 1, section: 1, recommendation: 1, body: 1 };
/**
 * Section headings and guideline titles are short, precise statements of topic; recommendation text is what a
 * clinician most often needs, so it outranks narrative body text with the same words.
 */
export const FULL_WEIGHTS: ColumnWeights = { title: 2, section: 3, recommendation: 1.5, body: 1 };

export const DEFAULT_TOP = 10;

export class LocalRetriever implements Retriever {
  readonly engine = 'local' as const;

  constructor(
    readonly store: PassageStore,
    readonly mode: RankingMode = 'full',
    /** Column weights; default by mode. */
    readonly weights: ColumnWeights = mode === 'baseline' ? BASELINE_WEIGHTS : FULL_WEIGHTS,
    readonly tuning: { candidates: number; docWeight: number; docTop: number } = { candidates: Number(process.env.T_CAND ?? 100), docWeight: Number(process.env.T_DOCW ?? 0.3), docTop: Number(process.env.T_DOCK ?? 3) },
  ) {}

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    return this.searchSync(query, options);
  }

  /** Synchronous search (better-sqlite3 is synchronous); for benchmarks and batch evaluation. */
  searchSync(query: string, options: SearchOptions = {}): SearchHit[] {
    const top = Math.max(1, Math.min(options.top ?? DEFAULT_TOP, 100));
    const terms = planQuery(query, this.mode);
    if (terms.length === 0) return [];
    let hits: (FtsHit & { score?: number })[] = this.store.matchFts(toFtsMatch(terms), this.weights, this.mode === 'baseline' ? top : Math.max(top, this.tuning.candidates), options.filters);
    if (this.mode !== 'baseline') hits = rerankByDocument(hits, this.tuning.docWeight, this.tuning.docTop).slice(0, top);
    const passages = this.store.passagesByRowid(hits.map((h) => h.rowid));
    const out: SearchHit[] = [];
    for (const h of hits) {
      const passage = passages.get(h.rowid);
      if (passage) out.push({ passage, score: h.score ?? -h.bm25 });
    }
    return out;
  }

  async listGuidelines(): Promise<GuidelineSummary[]> {
    return this.store.listGuidelines();
  }

  async check(): Promise<void> {
    const { passages } = this.store.counts();
    if (passages === 0) throw new Error(`the local index ${this.store.file} is empty: run \`curbside ingest\``);
  }

  async close(): Promise<void> {
    this.store.close();
  }
}

/**
 * Guideline context: a passage from the guideline that, as a whole, answers the question best is more likely the
 * right one than a passage with the same words in a guideline about something else. Each document's context score is
 * the mean of its best `docTop` candidate scores (normalised by the best candidate), added with weight `docWeight`.
 */
function rerankByDocument<T extends FtsHit>(hits: T[], docWeight: number, docTop: number): (T & { score: number })[] {
  if (hits.length === 0) return [];
  const best = -hits[0]!.bm25 || 1;
  const perDoc = new Map<string, number[]>();
  for (const h of hits) {
    const list = perDoc.get(h.docId) ?? [];
    if (list.length < docTop) list.push(-h.bm25 / best);
    perDoc.set(h.docId, list);
  }
  const context = new Map([...perDoc].map(([doc, scores]) => [doc, scores.reduce((a, b) => a + b, 0) / docTop]));
  return hits
    .map((h) => ({ ...h, score: -h.bm25 / best + docWeight * context.get(h.docId)! }))
    .sort((a, b) => b.score - a.score);
}
