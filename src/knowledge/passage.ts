// A passage is the unit of retrieval and of citation: it carries everything a clinician needs to check the source.

export interface GuidelineMeta {
  /** Guideline title as published. */
  title: string;
  publisher: string | null;
  /** e.g. "Version 3.0 – 2019". */
  version: string | null;
  year: number | null;
  /** The ingested file's name (e.g. "VADoDDMCPGFinal508.pdf"). */
  source: string;
}

/**
 * What a file says about its place in the library (front matter or its index.json entry): which guideline it is an
 * edition of, when it was published, which sets it belongs to, whether it is the organisation's own protocol.
 * Every field is optional; the library fills the gaps (family from the title, sets ["all"], ...).
 */
export interface LibrarySeed {
  family?: string;
  edition?: string;
  /** ISO date or year, e.g. "2024-03" or "2020". */
  published?: string;
  /** Literature searched up to, as printed ("July 2018"). */
  evidenceThrough?: string;
  sets?: string[];
  /** Set for a local protocol: the organisation that issued it. */
  organisation?: string;
}

export type PassageKind = 'recommendation' | 'text';

export interface Passage extends GuidelineMeta {
  /** Stable chunk id: the same document content always yields the same ids. */
  id: string;
  /** Stable document id (path of the source relative to its knowledge-base root). */
  docId: string;
  /** 1-based page of the PDF a reader lands on; null for non-paginated sources. */
  page: number | null;
  /** Heading path, outermost first, joined with " > ". */
  section: string | null;
  /** Recommendation number as printed in the guideline (e.g. "12"), when this passage is one. */
  recommendation: string | null;
  /** VA/DoD "Strong for" … "Strong against", "Neither for nor against"; USPSTF "Grade A" … "I statement". */
  strength: string | null;
  kind: PassageKind;
  text: string;
}

export interface GuidelineSummary extends GuidelineMeta {
  docId: string;
  passages: number;
  recommendations: number;
  /** Absolute path of the ingested file, for serving it to readers (page links). */
  path: string | null;
}

export interface StoredDocument extends GuidelineMeta {
  docId: string;
  /** Absolute path of the file. */
  path: string;
  /** The knowledge-base root it was found under; a later ingest of the same root removes it if the file is gone. */
  root: string;
  /** Content fingerprint (file sha256, plus what else decides re-parsing; see documentFingerprint). */
  sha256: string;
}

export interface DocumentState {
  docId: string;
  path: string;
  root: string;
  sha256: string;
}

/** What ingest writes to: the local index (retrieval/store.ts) implements it, so knowledge/ never imports retrieval/. */
export interface PassageSink {
  documentStates(): DocumentState[];
  replaceDocument(doc: StoredDocument, passages: readonly Passage[], library?: LibrarySeed): void;
  removeDocument(docId: string): void;
  /** Supersession follows the files: each family's current edition is recomputed when `changed` or when it is due. */
  refreshLibrary(changed: boolean): void;
  optimize(): void;
}
