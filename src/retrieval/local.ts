// The local retrieval engine: SQLite FTS5 BM25 over the passage store, with clinical query understanding.
import type { GuidelineSummary, Passage } from '../knowledge/passage.js';
import type { Retriever, SearchHit, SearchOptions } from './retriever.js';
import { planQuery, toFtsMatch, type RankingMode } from './query.js';
import { passageTerms, queryConcepts, rerankByCoverage, type PassageTerms, type RerankWeights } from './rerank.js';
import type { ColumnWeights, PassageStore } from './store.js';

/** Plain BM25: every column counts the same. Kept as the yardstick for every ranking change. */
export const BASELINE_WEIGHTS: ColumnWeights = { title: 1, section: 1, recommendation: 1, body: 1 };
/**
 * Section headings and guideline titles are short, precise statements of topic; recommendation text is what a
 * clinician most often needs, so it outranks narrative body text with the same words.
 */
export const FULL_WEIGHTS: ColumnWeights = { title: 2, section: 3, recommendation: 1.5, body: 1 };

export const DEFAULT_TOP = 10;
/** Stemmed passages kept in memory (a few MB); enough for the hot part of a guideline library. */
const TERMS_CACHE_SIZE = 20_000;

export class LocalRetriever implements Retriever {
  readonly engine = 'local' as const;

  constructor(
    readonly store: PassageStore,
    readonly mode: RankingMode = 'full',
    /** Column weights; default by mode. */
    readonly weights: ColumnWeights = mode === 'baseline' ? BASELINE_WEIGHTS : FULL_WEIGHTS,
    readonly tuning: { candidates: number; recommendationCandidates: number } & RerankWeights = { candidates: Number(process.env.T_CAND ?? 50), recommendationCandidates: Number(process.env.T_RECCAND ?? 10), coverage: Number(process.env.T_COV ?? 0.5), recommendation: Number(process.env.T_REC ?? 0.05), backMatter: Number(process.env.T_BACK ?? 0.3) },
  ) {}

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    return this.searchSync(query, options);
  }

  /** Synchronous search (better-sqlite3 is synchronous); for benchmarks and batch evaluation. */
  searchSync(query: string, options: SearchOptions = {}): SearchHit[] {
    const top = Math.max(1, Math.min(options.top ?? DEFAULT_TOP, 100));
    const terms = planQuery(query, this.mode);
    if (terms.length === 0) return [];
    const match = toFtsMatch(terms);
    if (this.mode === 'baseline') {
      const hits = this.store.matchFts(match, this.weights, top, options.filters);
      const passages = this.store.passagesByRowid(hits.map((h) => h.rowid));
      return hits.flatMap((h) => {
        const passage = passages.get(h.rowid);
        return passage ? [{ passage, score: -h.bm25 }] : [];
      });
    }
    const hits = this.store.matchFts(match, this.weights, Math.max(top, this.tuning.candidates), options.filters);
    // Recommendations are few and what clinicians act on: the best-matching ones always reach the reranker,
    // even when long narrative passages fill the first-stage list.
    if (options.filters?.kind !== 'text' && this.tuning.recommendationCandidates > 0) {
      const seen = new Set(hits.map((h) => h.rowid));
      const recs = this.store.matchFts(match, this.weights, this.tuning.recommendationCandidates, { ...options.filters, kind: 'recommendation' });
      for (const h of recs) if (!seen.has(h.rowid)) hits.push(h);
    }
    const passages = this.store.passagesByRowid(hits.map((h) => h.rowid));
    const candidates = hits.flatMap((h) => {
      const passage = passages.get(h.rowid);
      return passage ? [{ passage, score: -h.bm25, terms: this.termsOf(h.rowid, passage) }] : [];
    });
    const concepts = queryConcepts(query);
    const idf = this.idfFor(concepts.flatMap((c) => c.own));
    return rerankByCoverage(candidates, concepts, idf, this.tuning).slice(0, top);
  }

  /** Stemmed passage text, cached: the same guideline passages come up again and again. */
  private readonly termsCache = new Map<number, PassageTerms>();
  private termsOf(rowid: number, passage: Passage): PassageTerms {
    let terms = this.termsCache.get(rowid);
    if (!terms) {
      terms = passageTerms(passage);
      if (this.termsCache.size >= TERMS_CACHE_SIZE) this.termsCache.delete(this.termsCache.keys().next().value!);
      this.termsCache.set(rowid, terms);
    }
    return terms;
  }

  /** BM25's IDF for stemmed terms, from the index's own statistics. */
  private idfFor(stems: string[]): (stem: string) => number {
    const n = this.store.passageCount();
    const df = this.store.documentFrequencies(stems);
    return (s) => {
      const d = df.get(s) ?? 0;
      return Math.log(1 + (n - d + 0.5) / (d + 0.5));
    };
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
