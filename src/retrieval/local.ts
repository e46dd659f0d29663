// The local retrieval engine: SQLite FTS5 BM25 over the passage store, with clinical query understanding.
import type { GuidelineSummary, Passage } from '../knowledge/passage.js';
import type { Retriever, SearchHit, SearchOptions } from './retriever.js';
import { planQuery, toFtsMatch, type QueryTerm, type RankingMode } from './query.js';
import { definesTerm, definitionTarget, passageTerms, queryConcepts, rerankByCoverage, type PassageTerms, type RerankWeights } from './rerank.js';
import { tokenize } from './lexicon.js';
import { stem } from './stem.js';
import type { ColumnWeights, PassageStore } from './store.js';

/** Plain BM25: every column counts the same. Kept as the yardstick for every ranking change. */
export const BASELINE_WEIGHTS: ColumnWeights = { title: 1, section: 1, recommendation: 1, body: 1 };
/**
 * First-stage column weights of the full engine. Heavier title/section/recommendation weights were measured and
 * lost (cpgQA and PubMedQA with guideline distractors, MRR@10 -0.005 to -0.009): the guideline title and section
 * count through the coverage reranker instead, and recommendations get their boost there.
 */
export const FULL_WEIGHTS: ColumnWeights = { title: 1, section: 1, recommendation: 1, body: 1 };

export interface RerankTuning extends RerankWeights {
  /** First-stage candidates handed to the reranker. */
  candidates: number;
}

/** Measured on cpgQA-dev and PubMedQA with guideline distractors (see README); round values, not fitted per question. */
export const DEFAULT_TUNING: RerankTuning = { candidates: 50, coverage: 1, recommendation: 0.1, backMatter: 0.3, definition: 0.5 };

export const DEFAULT_TOP = 10;
/** Stemmed passages kept in memory (a few MB); enough for the hot part of a guideline library. */
const TERMS_CACHE_SIZE = 20_000;
/** A term in more than this share of passages is too common to select candidates with. */
const COMMON_TERM_SHARE = 0.2;
/** First-stage terms kept for long questions (rarest first). */
const MAX_FIRST_STAGE_TERMS = 24;
/** How many times deeper the first stage looks for a definition question. */
const DEFINITION_DEPTH = 4;
/** Section path of a recommendation's discussion, e.g. "VII. Recommendations > ... > Recommendation 24". */
const DISCUSSION_OF = /(?:^|>)\s*Recommendations?\s+(\d+[a-z]?)\s*$/i;

/** Word 3-gram resemblance at which two passages count as copies of one text (Broder's near-duplicate measure). */
const NEAR_DUPLICATE = 0.7;

function shingles(text: string): Set<string> {
  const words = tokenize(text);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  if (out.size === 0) out.add(words.join(' '));
  return out;
}

function resemblance(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return shared / (a.size + b.size - shared || 1);
}

/**
 * Guidelines of one family reprint the same paragraphs (methods, GRADE, scope) almost word for word. The same text
 * five times in a result list tells the clinician nothing new and pushes other answers down: keep the best-ranked
 * copy. Within one guideline a repeated paragraph (summary and full text) sits on another page and section, so both
 * stay citable. Recommendations are always kept: the same wording can carry a different number or strength elsewhere.
 */
function withoutNearDuplicates(ranked: readonly SearchHit[], top: number): SearchHit[] {
  const out: SearchHit[] = [];
  const kept: { docId: string; shingles: Set<string> }[] = [];
  for (const hit of ranked) {
    if (hit.passage.kind === 'text') {
      const own = { docId: hit.passage.docId, shingles: shingles(hit.passage.text) };
      if (kept.some((other) => other.docId !== own.docId && resemblance(own.shingles, other.shingles) >= NEAR_DUPLICATE)) continue;
      kept.push(own);
    }
    out.push(hit);
    if (out.length === top) break;
  }
  return out;
}

export class LocalRetriever implements Retriever {
  readonly engine = 'local' as const;

  constructor(
    readonly store: PassageStore,
    readonly mode: RankingMode = 'full',
    /** Column weights; default by mode. */
    readonly weights: ColumnWeights = mode === 'baseline' ? BASELINE_WEIGHTS : FULL_WEIGHTS,
    readonly tuning: RerankTuning = DEFAULT_TUNING,
  ) {}

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    return this.searchSync(query, options);
  }

  /** Synchronous search (better-sqlite3 is synchronous); for benchmarks and batch evaluation. */
  searchSync(query: string, options: SearchOptions = {}): SearchHit[] {
    const top = Math.max(1, Math.min(options.top ?? DEFAULT_TOP, 100));
    const terms = planQuery(query, this.mode);
    if (terms.length === 0) return [];
    if (this.mode === 'baseline') {
      const match = toFtsMatch(terms);
      const hits = this.store.matchFts(match, this.weights, top, options.filters);
      const passages = this.store.passagesByRowid(hits.map((h) => h.rowid));
      return hits.flatMap((h) => {
        const passage = passages.get(h.rowid);
        return passage ? [{ passage, score: -h.bm25 }] : [];
      });
    }
    const concepts = queryConcepts(query);
    const n = this.store.passageCount();
    const df = this.store.documentFrequencies([...new Set([...concepts.flatMap((c) => c.own), ...terms.flatMap((t) => t.tokens.map(stem))])]);
    const idf = (s: string) => {
      const d = df.get(s) ?? 0;
      return Math.log(1 + (n - d + 0.5) / (d + 0.5));
    };
    // Words in a large share of passages ("patients", "treatment") add almost nothing to BM25 but make FTS5 score
    // thousands of rows: the first stage leaves them out, the coverage reranker still counts them.
    let selective = terms.filter((t) => t.tokens.length > 1 || (df.get(stem(t.tokens[0]!)) ?? 0) <= COMMON_TERM_SHARE * n);
    if (selective.length === 0) selective = terms;
    // A pasted case vignette yields a hundred terms; FTS5's cost grows with each. The rarest ones carry the ranking.
    if (selective.length > MAX_FIRST_STAGE_TERMS) {
      const rarity = (t: QueryTerm) => Math.max(...t.tokens.map((tok) => idf(stem(tok)))) * t.weight;
      selective = [...selective].sort((a, b) => rarity(b) - rarity(a)).slice(0, MAX_FIRST_STAGE_TERMS);
    }
    const match = toFtsMatch(selective);
    // A definition question ("What is LOT?") is one word that many passages use; the one passage that defines it
    // often uses it once, so BM25 alone ranks it low: look deeper and let the reranker find the definition.
    const defined = this.tuning.definition > 0 ? definitionTarget(query) : null;
    const usualDepth = Math.max(top, this.tuning.candidates);
    const depth = defined === null ? usualDepth : usualDepth * DEFINITION_DEPTH;
    const hits = this.store.matchFts(match, this.weights, depth, options.filters);
    const passages = this.store.passagesByRowid(hits.map((h) => h.rowid));
    const candidates = hits.flatMap((h, rank) => {
      const passage = passages.get(h.rowid);
      if (!passage) return [];
      // Below the usual depth only a passage that defines the term is worth stemming and reranking.
      if (rank >= usualDepth && (defined === null || !definesTerm(passage.text, defined))) return [];
      return [{ passage, score: -h.bm25, terms: this.termsOf(h.rowid, passage) }];
    });
    const ranked = rerankByCoverage(candidates, concepts, idf, this.tuning, defined);
    return withoutNearDuplicates(this.promoteRecommendations(ranked), top);
  }

  /**
   * VA/DoD-style guidelines print each recommendation, then pages of discussion under "... > Recommendation N".
   * When a discussion passage ranks, the recommendation it discusses (with its number and strength, what a
   * clinician cites) joins the list with the discussion's score plus the recommendation boost.
   */
  private promoteRecommendations(ranked: SearchHit[]): SearchHit[] {
    const out: SearchHit[] = [];
    const placed = new Set<string>();
    const key = (p: Passage) => `${p.docId}\u0000${p.id}`;
    for (const hit of ranked) {
      const number = hit.passage.kind === 'text' ? DISCUSSION_OF.exec(hit.passage.section ?? '')?.[1] : undefined;
      if (number) {
        const rec = this.store.recommendationPassage(hit.passage.docId, number);
        if (rec && !placed.has(key(rec.passage))) {
          placed.add(key(rec.passage));
          out.push({ passage: rec.passage, score: hit.score + this.tuning.recommendation });
        }
      }
      if (!placed.has(key(hit.passage))) {
        placed.add(key(hit.passage));
        out.push(hit);
      }
    }
    return out.sort((a, b) => b.score - a.score);
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
