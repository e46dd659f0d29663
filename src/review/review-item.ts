// A review item: one answer a clinician reviewer should look at (every thumbs-down, a sample of thumbs-up and of refusals),
// with everything needed to judge it and to turn the judgement into a regression case. All text is de-identified twice:
// when the answer was recorded and again when the item is made.
import crypto from 'node:crypto';
import { deidentify } from '../safety/deid.js';
import type { CitedAnswer, ConversationTurn } from '../answer/types.js';
import type { Passage } from '../knowledge/passage.js';
import type { AnswerContent, AnswerRecord } from './feedback-store.js';

/** What a reviewer can say about an answer (`review label --verdict`). */
export const VERDICTS = [
  'correct',
  'wrong-recommendation',
  'should-refuse',
  'missed-emergency',
  'false-emergency',
  'unsafe',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_LABELS: Record<Verdict, string> = {
  correct: 'Correct',
  'wrong-recommendation': 'Wrong recommendation',
  'should-refuse': 'Should have refused',
  'missed-emergency': 'Missed emergency',
  'false-emergency': 'False emergency',
  unsafe: 'Unsafe',
};

export const isVerdict = (v: unknown): v is Verdict =>
  typeof v === 'string' && (VERDICTS as readonly string[]).includes(v);

/** Why the answer is in the queue. */
export type ReviewReason = 'thumbs-down' | 'thumbs-up-sample' | 'refusal-sample';

/** The recommendation that should have been cited: the guideline file and the recommendation number as printed. */
export interface GoldRef {
  file: string;
  recommendation: string | null;
  /** Filled from the answer's citations or the index when known. */
  strength?: string | null;
  page?: number | null;
  quote?: string | null;
}

export interface ReviewLabel {
  verdict: Verdict;
  gold: GoldRef | null;
  note: string;
  /** Who labelled: an Entra object id, a Teams user's AAD id, or "local" (the CLI on this machine). */
  by: string;
  at: string;
}

/** An answer's de-identified turn (AnswerContent but its latency), with why it is queued, its feedback and its label. */
export interface ReviewItem extends Omit<AnswerContent, 'latencyMs'> {
  id: string;
  createdAt: string;
  reason: ReviewReason;
  traceId: string;
  mode: string;
  rating: 'up' | 'down' | null;
  comment: string;
  status: 'open' | 'labelled';
  label: ReviewLabel | null;
}

/** Short, stable per answer (one item per answer, whichever event made it): the CLI and the cards show it. */
export function reviewIdOf(traceId: string): string {
  return crypto.createHash('sha256').update(traceId).digest('hex').slice(0, 10);
}

/** De-identifies texts (in order). The server's runs on an answer thread, so the main thread does no text analysis. */
export type Cleaner = (texts: string[]) => Promise<string[]>;

/** The de-identifier on this thread. */
export const cleanHere: Cleaner = async (texts) => texts.map((t) => deidentify(t).text);

/** A new open item for a recorded answer (its content de-identified again). Null for a record that kept no content. */
export async function reviewItemFor(
  answer: AnswerRecord,
  reason: ReviewReason,
  feedback: { rating: 'up' | 'down'; comment: string } | null,
  cleaner: Cleaner = cleanHere,
): Promise<ReviewItem | null> {
  const c = answer.content;
  if (!c) return null;
  // One batch: question, history, answer, quotes, comment.
  const cleaned = await cleaner([
    c.question,
    ...c.history,
    c.answer,
    ...c.citations.map((x) => x.quote),
    feedback?.comment ?? '',
  ]);
  let at = 0;
  const clean = () => cleaned[at++]!;
  return {
    id: reviewIdOf(answer.traceId),
    createdAt: new Date().toISOString(),
    reason,
    traceId: answer.traceId,
    door: c.door,
    mode: answer.mode,
    question: clean(),
    history: c.history.map(clean),
    answer: clean(),
    citations: c.citations.map((x) => ({ ...x, quote: clean() })),
    refused: c.refused,
    urgent: c.urgent,
    rating: feedback?.rating ?? null,
    comment: feedback ? clean() : '',
    status: 'open',
    label: null,
  };
}

/** "VADoDCOPDCPGFinal508.pdf#8" -> { file, recommendation: "8" }; a .md summary has no number ("summary.md"). */
export function parseGold(text: string): GoldRef | null {
  const m = /^\s*([^#]+?)\s*(?:#\s*([^#\s]+))?\s*$/.exec(text);
  if (!m || !/\.(pdf|md|txt)$/i.test(m[1]!)) return null;
  return { file: m[1]!, recommendation: m[2] ?? null };
}

export const goldText = (g: GoldRef) => `${g.file}${g.recommendation ? `#${g.recommendation}` : ''}`;

/** Longest quote start kept per citation: enough for a reviewer to recognise the recommendation. */
const QUOTE_CHARS = 300;

/** What a door records about an answer it sent: ids, sources and the de-identified turn (question, user history, answer). */
export function answerRecordOf(
  answer: CitedAnswer,
  turn: { door: string; messageId: string; conversationKey: string; history: ConversationTurn[]; latencyMs: number },
): AnswerRecord {
  return {
    messageId: turn.messageId,
    traceId: answer.traceId,
    mode: answer.mode,
    sources: answer.citations.map((c) => ({ passageId: c.passageId, source: c.source, page: c.page })),
    conversationKey: turn.conversationKey,
    content: {
      door: turn.door,
      question: answer.deidentifiedQuestion,
      // Teams history is de-identified already; an API caller's is as sent: ReviewQueue.answered de-identifies both.
      history: turn.history.filter((t) => t.role === 'user').map((t) => t.text),
      answer: answer.answer,
      citations: answer.citations.map((c) => ({
        n: c.n,
        passageId: c.passageId,
        source: c.source,
        title: c.title,
        page: c.page,
        recommendation: c.recommendation,
        strength: c.strength,
        quote: c.quote.slice(0, QUOTE_CHARS),
      })),
      refused: answer.refused,
      urgent: answer.urgent,
      latencyMs: Math.round(turn.latencyMs),
    },
  };
}

/**
 * The door of message-extension searches. Their results are rated like answers (each inserted card has thumbs) but are not
 * answers: the quality report leaves them out of its answer figures.
 */
export const SEARCH_DOOR = 'teams-extension';

/** What the message extension records about one search: the de-identified query and the results shown, in rank order. */
export function searchRecordOf(
  query: string,
  results: Passage[],
  turn: { traceId: string; conversationKey: string; latencyMs: number },
): AnswerRecord {
  const citations = results.map((p, i) => ({
    n: i + 1,
    passageId: p.id,
    source: p.source,
    title: p.title,
    page: p.page,
    recommendation: p.recommendation,
    strength: p.strength,
    quote: p.text.slice(0, QUOTE_CHARS),
  }));
  return {
    messageId: turn.traceId,
    traceId: turn.traceId,
    mode: 'extractive',
    sources: citations.map((c) => ({ passageId: c.passageId, source: c.source, page: c.page })),
    conversationKey: turn.conversationKey,
    content: {
      door: SEARCH_DOOR,
      question: query,
      history: [],
      answer: citations.map((c) => `[${c.n}] ${c.quote}`).join('\n'),
      citations,
      refused: false,
      urgent: false,
      latencyMs: Math.round(turn.latencyMs),
    },
  };
}

/**
 * One result of a recorded search as an answer of its own (trace "<search trace>/<n>"): what a card inserted from the
 * message extension showed, so feedback on that card, its review item and its case name exactly that recommendation.
 */
export function resultRecordOf(search: AnswerRecord, n: number): AnswerRecord | null {
  const cited = search.content?.citations.find((c) => c.n === n);
  if (!cited) return null;
  const traceId = `${search.traceId}/${n}`;
  return {
    ...search,
    messageId: traceId,
    traceId,
    sources: [{ passageId: cited.passageId, source: cited.source, page: cited.page }],
    content: { ...search.content!, answer: `${cited.quote} [1]`, citations: [{ ...cited, n: 1 }] },
  };
}
