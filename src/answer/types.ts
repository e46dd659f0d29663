import type { LibraryScope } from '../retrieval/library.js';

// What every door (Teams, CLI, HTTP API, MCP) renders. Nothing here knows about Teams.

export interface CaseFacts {
  age: number | null;
  /** "90 or older" ages are kept as 90 with ageOver89 = true. */
  ageOver89: boolean;
  /** Upper end when the question is about an age group ("the 9-11 yr olds": age 9, ageTo 11); absent for one patient. */
  ageTo?: number;
  sex: 'male' | 'female' | null;
  pregnant: boolean | null;
  conditions: string[];
  medications: string[];
  /** Labs and vitals by canonical name, e.g. { eGFR: "38", A1c: "8.4", BP: "150/95" }. */
  labs: Record<string, string>;
}

export interface Citation {
  n: number;
  passageId: string;
  title: string;
  /** The ingested file's name. */
  source: string;
  /** The file's path under its knowledge-base root: what a link to the file names (file names repeat across folders). */
  docId?: string;
  version: string | null;
  year: number | null;
  page: number | null;
  section: string | null;
  recommendation: string | null;
  strength: string | null;
  /** Verbatim text from the passage. */
  quote: string;
}

export interface Redaction {
  type: string;
  count: number;
}

export interface CitedAnswer {
  /** Markdown with [n] markers; never contains an identifier from the user's message. */
  answer: string;
  mode: 'model' | 'extractive';
  urgent: boolean;
  /** The urgent-care line shown before anything else when urgent. */
  urgentMessage: string | null;
  refused: boolean;
  case: CaseFacts;
  /** One line: "Read as: 67-year-old man; T2DM, CKD (eGFR 38); metformin". */
  caseSummary: string;
  redactions: Redaction[];
  citations: Citation[];
  /** Up to 3 suggested follow-up questions. */
  followUps: string[];
  /** Short operational notes for the user, e.g. "The model was unavailable; showing the extractive answer." */
  notes: string[];
  /** Correlates logs, audit and feedback for this turn. */
  traceId: string;
  /** The user's message after de-identification: what a door stores as this turn's history (never the raw text). */
  deidentifiedQuestion: string;
  /** Model mode: the claim-level grounding check's counts (statements written, kept, removed). Counts only, never text. */
  grounding?: { sentences: number; supported: number; removed: number };
  /**
   * Which model replied this turn (set whenever the model's answer came back, adopted or not): the configured deployment,
   * the model name and version the service reported (null when it reported none), and the route it was reached by.
   */
  model?: AnswerModel;
}

export interface AnswerModel {
  deployment: string;
  reported: string | null;
  route: 'deployment' | 'v1';
}

export interface ConversationTurn {
  role: 'user' | 'assistant';
  /** Already de-identified text. */
  text: string;
}

export type AnswerProgress =
  | { type: 'status'; message: string }
  | { type: 'delta'; text: string }
  /** The message is read (de-identified, red flags checked): sent before any search, so an urgent card can go first. */
  | { type: 'read'; urgentMessage: string | null };

export interface AnswerRequest {
  question: string;
  /** Which part of the library to draw on (a team's sets; superseded editions too); default: every current document. */
  scope?: LibraryScope;
  history?: ConversationTurn[];
  signal?: AbortSignal;
  onProgress?: (event: AnswerProgress) => void;
}
