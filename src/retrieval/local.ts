// The local retrieval engine: SQLite FTS5 BM25 over the passage store, with clinical query understanding.
import type { GuidelineSummary, Passage } from '../knowledge/passage.js';
import type { LibraryEntry, LibraryScope, ScopeMapping } from './library.js';
import type { Retriever, SearchHit, SearchOptions, Supersession } from './retriever.js';
import { planQuery, toFtsMatch, type QueryTerm, type RankingMode } from './query.js';
import {
  definesTerm,
  definitionTarget,
  passageTerms,
  queryConcepts,
  rerankByCoverage,
  type PassageTerms,
  type RerankWeights,
} from './rerank.js';
import { tokenize } from './lexicon.js';
import { ftsStem } from './stem.js';
import { RecommendationUnitIndex, UNIT_TUNING, type UnitTuning } from './recommendation-units.js';
import { loadUnitIndex } from './unit-index-cache.js';
import { familyChanges, type FamilyChanges } from './edition-diff.js';
import { isIndexDamage, type ColumnWeights, type PassageStore } from './store.js';

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
export const DEFAULT_TUNING: RerankTuning = {
  candidates: 50,
  coverage: 1,
  recommendation: 0.1,
  backMatter: 0.3,
  definition: 0.5,
};

export const DEFAULT_TOP = 10;
/** Passages kept in memory with their stems and shingles, about 3 KB each: the busy part of a large library. */
const PASSAGE_CACHE_SIZE = 10_000;
/** Document frequencies kept in memory; question words are open-ended, so the cache is bounded. */
const DF_CACHE_SIZE = 50_000;
/** A term in more than this share of passages is too common to select candidates with. */
const COMMON_TERM_SHARE = 0.2;
/** First-stage terms kept for long questions (rarest first). */
const MAX_FIRST_STAGE_TERMS = 24;
/** How many times deeper the first stage looks for a definition question. */
const DEFINITION_DEPTH = 4;
/** Section path of a recommendation's discussion, e.g. "VII. Recommendations > ... > Recommendation 24". */
const DISCUSSION_OF = /(?:^|>)\s*Recommendations?\s+(\d+[a-z]?)\s*$/i;

/** Recommendation-unit indexes kept (the whole library and the scopes of the teams asking lately). */
const UNIT_INDEXES_KEPT = 4;

/** Word 3-gram resemblance at which two passages count as copies of one text (Broder's near-duplicate measure). */
const NEAR_DUPLICATE = 0.7;

/** A passage's distinct word 3-grams as 32-bit hashes (FNV-1a): compact enough to cache for every passage. */
function shingles(text: string): Uint32Array {
  const words = tokenize(text);
  const grams =
    words.length >= 3 ? words.slice(2).map((w, i) => `${words[i]} ${words[i + 1]} ${w}`) : [words.join(' ')];
  const hashes = Uint32Array.from(grams, fnv1a).sort();
  return hashes.filter((h, i) => i === 0 || h !== hashes[i - 1]);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Guidelines of one family reprint the same paragraphs (methods, GRADE, scope) almost word for word. The same text
 * five times in a result list tells the clinician nothing new and pushes other answers down: keep the best-ranked
 * copy. Within one guideline a repeated paragraph (summary and full text) sits on another page and section, so both
 * stay citable. Recommendations are always kept: the same wording can carry a different number or strength elsewhere.
 * Shared shingles are counted through an inverted index of the kept passages: one pass per passage, not one
 * comparison per pair, which matters for a 100-deep list.
 */
function withoutNearDuplicates(
  ranked: readonly SearchHit[],
  top: number,
  shinglesOf: (p: Passage) => Uint32Array,
): SearchHit[] {
  const out: SearchHit[] = [];
  const kept: { docId: string; size: number }[] = [];
  const keptWith = new Map<number, number[]>();
  for (const hit of ranked) {
    if (hit.passage.kind === 'text') {
      const own = shinglesOf(hit.passage);
      const shared = new Uint32Array(kept.length);
      for (const h of own) for (const k of keptWith.get(h) ?? []) shared[k]!++;
      // Resemblance = shared / union (Broder).
      const copy = kept.some(
        (other, k) =>
          other.docId !== hit.passage.docId && shared[k]! / (own.length + other.size - shared[k]!) >= NEAR_DUPLICATE,
      );
      if (copy) continue;
      for (const h of own) {
        const list = keptWith.get(h);
        if (list) list.push(kept.length);
        else keptWith.set(h, [kept.length]);
      }
      kept.push({ docId: hit.passage.docId, size: own.length });
    }
    out.push(hit);
    if (out.length === top) break;
  }
  return out;
}

/** A passage as read from the store, and what the engine derives from its text; kept across searches. */
interface CachedPassage {
  passage: Passage;
  terms?: PassageTerms;
  shingles?: Uint32Array;
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
    try {
      return this.searchSync(query, options);
    } catch (err) {
      // Remembered so readiness fails and the host restarts the process, whose start rebuilds the index.
      if (isIndexDamage(err)) this.damage ??= err as Error;
      throw err;
    }
  }
  private damage: Error | null = null;

  /** Synchronous search (better-sqlite3 is synchronous); for benchmarks and batch evaluation. */
  searchSync(query: string, options: SearchOptions = {}): SearchHit[] {
    const top = Math.max(1, Math.min(options.top ?? DEFAULT_TOP, 100));
    const terms = planQuery(query, this.mode);
    if (terms.length === 0) return [];
    if (this.mode === 'baseline') {
      const match = toFtsMatch(terms);
      const hits = this.store.matchFts(match, this.weights, top, options.filters, this.excluded(options.filters));
      const passages = this.store.passagesByRowid(hits.map((h) => h.rowid));
      return hits.flatMap((h) => {
        const passage = passages.get(h.rowid);
        return passage ? [{ passage, score: -h.bm25 }] : [];
      });
    }
    this.checkGeneration();
    const concepts = queryConcepts(query);
    const n = (this.passageCount ??= this.store.passageCount());
    const df = this.documentFrequencies([
      ...new Set([...concepts.flatMap((c) => c.own), ...terms.flatMap((t) => t.tokens.map(ftsStem))]),
    ]);
    const idf = (s: string) => {
      const d = df.get(s) ?? 0;
      return Math.log(1 + (n - d + 0.5) / (d + 0.5));
    };
    // Words in a large share of passages ("patients", "treatment") add almost nothing to BM25 but make FTS5 score
    // thousands of rows: the first stage leaves them out, the coverage reranker still counts them.
    let selective = terms.filter(
      (t) => t.tokens.length > 1 || (df.get(ftsStem(t.tokens[0]!)) ?? 0) <= COMMON_TERM_SHARE * n,
    );
    // Expansions alone are not the question: if every word the clinician typed was dropped (a tiny index makes every
    // word "common"), the first stage keeps them all.
    if (!selective.some((t) => t.origin === 'query')) selective = terms;
    // A pasted case vignette yields a hundred terms; FTS5's cost grows with each. The rarest ones carry the ranking.
    if (selective.length > MAX_FIRST_STAGE_TERMS) {
      const rarity = (t: QueryTerm) => Math.max(...t.tokens.map((tok) => idf(ftsStem(tok)))) * t.weight;
      selective = [...selective].sort((a, b) => rarity(b) - rarity(a)).slice(0, MAX_FIRST_STAGE_TERMS);
    }
    const match = toFtsMatch(selective);
    // A definition question ("What is LOT?") is one word that many passages use; the one passage that defines it
    // often uses it once, so BM25 alone ranks it low: look deeper and let the reranker find the definition.
    const defined = this.tuning.definition > 0 ? definitionTarget(query) : null;
    const usualDepth = Math.max(top, this.tuning.candidates);
    const depth = defined === null ? usualDepth : usualDepth * DEFINITION_DEPTH;
    const hits = this.store.matchFts(match, this.weights, depth, options.filters, this.excluded(options.filters));
    const passages = this.cachedPassages(hits.map((h) => h.rowid));
    const cached = new Map<Passage, CachedPassage>();
    const candidates = hits.flatMap((h, rank) => {
      const entry = passages.get(h.rowid);
      if (!entry) return [];
      const { passage } = entry;
      // Below the usual depth only a passage that defines the term is worth stemming and reranking.
      if (rank >= usualDepth && (defined === null || !definesTerm(passage.text, defined))) return [];
      cached.set(passage, entry);
      return [{ passage, score: -h.bm25, terms: (entry.terms ??= passageTerms(passage)) }];
    });
    const ranked = rerankByCoverage(candidates, concepts, idf, this.tuning, defined);
    // Only text passages are compared, and every text passage in the list is a candidate.
    return withoutNearDuplicates(this.promoteRecommendations(ranked), top, (p) => {
      const entry = cached.get(p)!;
      return (entry.shingles ??= shingles(p.text));
    });
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
        const rec = this.recommendation(hit.passage.docId, number);
        if (rec && !placed.has(key(rec))) {
          placed.add(key(rec));
          out.push({ passage: rec, score: hit.score + this.tuning.recommendation });
        }
      }
      if (!placed.has(key(hit.passage))) {
        placed.add(key(hit.passage));
        out.push(hit);
      }
    }
    return out.sort((a, b) => b.score - a.score);
  }

  // The same guideline passages and words come up again and again. Cached by rowid and term, so dropped whenever the
  // index changes underneath (a re-ingest reuses rowids).
  private readonly passageCache = new Map<number, CachedPassage>();
  private readonly dfCache = new Map<string, number>();
  /** Rowid of recommendation N of a guideline ("docId\0N"), null when it has none. */
  private readonly recommendationRowids = new Map<string, number | null>();
  private passageCount: number | undefined;
  private generation = '';

  private checkGeneration(): void {
    const now = this.store.generation();
    if (now === this.generation) return;
    this.generation = now;
    this.passageCache.clear();
    this.dfCache.clear();
    this.recommendationRowids.clear();
    this.excludedByScope.clear();
    this.supersessionCache = null;
    this.mappingCache = null;
    this.passageCount = undefined;
  }

  /** Documents out of scope (superseded, retired, other teams' sets), by scope; read once per index generation. */
  private readonly excludedByScope = new Map<string, string[]>();
  private excluded(scope: LibraryScope = {}): string[] {
    this.checkGeneration();
    const key = JSON.stringify([scope.sets ?? null, Boolean(scope.includeSuperseded)]);
    let out = this.excludedByScope.get(key);
    if (!out) this.excludedByScope.set(key, (out = this.store.library.excluded(scope)));
    return out;
  }

  /** Passages by rowid from the cache, reading the missing ones from the store. Cached passages are shared: frozen. */
  private cachedPassages(rowids: readonly number[]): Map<number, CachedPassage> {
    const out = new Map<number, CachedPassage>();
    const missing: number[] = [];
    for (const rowid of rowids) {
      const entry = this.passageCache.get(rowid);
      if (entry) out.set(rowid, entry);
      else missing.push(rowid);
    }
    for (const [rowid, passage] of this.store.passagesByRowid(missing)) {
      const entry: CachedPassage = { passage: Object.freeze(passage) };
      if (this.passageCache.size >= PASSAGE_CACHE_SIZE)
        this.passageCache.delete(this.passageCache.keys().next().value!);
      this.passageCache.set(rowid, entry);
      out.set(rowid, entry);
    }
    return out;
  }

  private recommendation(docId: string, number: string): Passage | null {
    const key = `${docId}\u0000${number}`;
    let rowid = this.recommendationRowids.get(key);
    if (rowid === undefined)
      this.recommendationRowids.set(key, (rowid = this.store.recommendationRowid(docId, number)));
    return rowid === null ? null : (this.cachedPassages([rowid]).get(rowid)?.passage ?? null);
  }

  private documentFrequencies(stems: readonly string[]): Map<string, number> {
    const missing = stems.filter((s) => !this.dfCache.has(s));
    if (missing.length) {
      if (this.dfCache.size + missing.length > DF_CACHE_SIZE) this.dfCache.clear();
      for (const [s, d] of this.store.documentFrequencies(missing)) this.dfCache.set(s, d);
    }
    return new Map(stems.map((s) => [s, this.dfCache.get(s)!]));
  }

  /** Unit indexes by scope: the whole library, and each team's part of it; a few at a time (one per scope in use). */
  private readonly units = new Map<string, RecommendationUnitIndex>();

  async recommendationUnits(
    tuning: UnitTuning = UNIT_TUNING,
    scope: LibraryScope = {},
  ): Promise<RecommendationUnitIndex> {
    const excluded = this.excluded(scope);
    const generation = this.store.generation();
    const key = `${generation} ${JSON.stringify(tuning)} ${excluded.join('\u0000')}`;
    let index = this.units.get(key);
    if (!index) {
      for (const old of this.units.keys()) if (!old.startsWith(`${generation} `)) this.units.delete(old);
      const left = new Set(excluded);
      // The whole library's index is saved beside the index file (restored at the next start); a team's part is built.
      index = left.size
        ? new RecommendationUnitIndex(
            this.store.allPassages().filter((p) => !left.has(p.docId)),
            tuning,
          )
        : loadUnitIndex(this.store, tuning);
      if (this.units.size >= UNIT_INDEXES_KEPT) this.units.delete(this.units.keys().next().value!);
      this.units.set(key, index);
    }
    return index;
  }

  async supersessions(): Promise<Map<string, Supersession>> {
    this.checkGeneration();
    return (this.supersessionCache ??= supersessionsOf(this.store.library.entries()));
  }
  private supersessionCache: Map<string, Supersession> | null = null;

  async editionChanges(subject: string, scope: LibraryScope = {}): Promise<FamilyChanges[]> {
    // Superseded editions are what is compared; retired ones and other teams' sets stay out.
    const hidden = new Set(this.excluded({ ...scope, includeSuperseded: true }));
    const visible = this.store.library.entries().filter((e) => !hidden.has(e.docId));
    return familyChanges(visible, subject, (docId) => this.store.documentPassages(docId));
  }

  async scopeMappings(): Promise<ScopeMapping[]> {
    this.checkGeneration();
    return (this.mappingCache ??= this.store.library.scopes());
  }
  private mappingCache: ScopeMapping[] | null = null;

  async listGuidelines(): Promise<GuidelineSummary[]> {
    return this.store.listGuidelines();
  }

  async check(): Promise<void> {
    if (this.damage)
      throw new Error(`the local index ${this.store.file} is damaged (${this.damage.message}): restart to rebuild it`);
    const { passages } = this.store.counts();
    if (passages === 0) throw new Error(`the local index ${this.store.file} is empty: run \`curbside ingest\``);
  }

  async close(): Promise<void> {
    this.store.close();
  }
}

/** Each superseded edition with the current edition of its family. */
export function supersessionsOf(entries: readonly LibraryEntry[]): Map<string, Supersession> {
  const byId = new Map(entries.map((e) => [e.docId, e]));
  const edition = (e: LibraryEntry) => ({ docId: e.docId, title: e.title, edition: e.edition, published: e.published });
  const out = new Map<string, Supersession>();
  for (const e of entries) {
    const current = e.status === 'superseded' && e.supersededBy ? byId.get(e.supersededBy) : undefined;
    if (current) out.set(e.docId, { old: edition(e), current: edition(current) });
  }
  return out;
}
