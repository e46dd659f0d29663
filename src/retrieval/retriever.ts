// The one retrieval interface. The local SQLite FTS5 engine and Azure AI Search both implement it.
import type { GuidelineSummary, Passage } from '../knowledge/passage.js';
import type { FamilyChanges } from './edition-diff.js';
import type { LibraryScope, ScopeMapping } from './library.js';
import type { RecommendationUnitIndex, UnitTuning } from './recommendation-units.js';

export interface SearchFilters extends LibraryScope {
  /** Substring of the guideline title or the source file name. */
  guideline?: string;
  /** Exact strength/grade, e.g. "Strong for", "Grade A". */
  strength?: string;
  /** Only guidelines published in or after this year. */
  minYear?: number;
  kind?: 'recommendation' | 'text';
}

export interface SearchOptions {
  top?: number;
  filters?: SearchFilters;
}

export interface SearchHit {
  passage: Passage;
  /** Engine score, higher is better; comparable only within one result list. */
  score: number;
}

export interface Retriever {
  readonly engine: 'local' | 'azure';
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  listGuidelines(): Promise<GuidelineSummary[]>;
  /**
   * The library's recommendations as retrieval units (statement + discussion), built from every passage of the index
   * and cached until the index changes; null for an engine that cannot list its passages (answers then rank passages).
   */
  recommendationUnits?(tuning?: UnitTuning, scope?: LibraryScope): Promise<RecommendationUnitIndex | null>;
  /** Superseded editions by document id, each with the edition that replaced it (empty when none is loaded). */
  supersessions?(): Promise<Map<string, Supersession>>;
  /**
   * The guideline families whose title holds every word of `subject`, each with its editions the scope may see and,
   * when two are loaded, what changed between the current one and the one it replaced; null (or absent) for an engine
   * without a library, where "what changed?" questions are answered as any other.
   */
  editionChanges?(subject: string, scope?: LibraryScope): Promise<FamilyChanges[] | null>;
  /** Which sets each mapped Teams team, channel and user draws on (an engine without a library: none). */
  scopeMappings?(): Promise<ScopeMapping[]>;
  /** Cheap readiness probe for /readyz: throws with a readable reason when not usable. */
  check(): Promise<void>;
  close(): Promise<void>;
}

export interface Edition {
  docId: string;
  title: string;
  edition: string | null;
  published: string | null;
}

/** An edition left out of answers, and the current one that replaced it. */
export interface Supersession {
  old: Edition;
  current: Edition;
}
