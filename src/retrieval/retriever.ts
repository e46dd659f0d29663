// The one retrieval interface. The local SQLite FTS5 engine and Azure AI Search both implement it.
import type { GuidelineSummary, Passage } from '../knowledge/passage.js';

export interface SearchFilters {
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
  /** Cheap readiness probe for /readyz: throws with a readable reason when not usable. */
  check(): Promise<void>;
  close(): Promise<void>;
}
