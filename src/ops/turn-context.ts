// The turn currently being served, carried through async calls (AsyncLocalStorage) so that every log line of a turn carries
// its trace id and the audit record can learn what the answer cited, without threading a context object through the core.
// Holds ids, counts and modes only: never message text.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface AnswerSummary {
  mode: string;
  /** The model that replied (reported name, else deployment), or null. */
  model: string | null;
  /** Passage ids cited, in order. */
  sources: string[];
  redactions: number;
  refused: boolean;
  urgent: boolean;
}

export interface TurnScope {
  readonly traceId: string;
  answer: AnswerSummary | null;
}

const storage = new AsyncLocalStorage<TurnScope>();

/** Runs `fn` as one turn with a fresh trace id (or the given one). */
export function runInTurn<T>(fn: (scope: TurnScope) => Promise<T>, traceId: string = randomUUID()): Promise<T> {
  const scope: TurnScope = { traceId, answer: null };
  return storage.run(scope, () => fn(scope));
}

export function currentTraceId(): string | undefined {
  return storage.getStore()?.traceId;
}

/** Called by a door once it has an answer, so the turn's audit record can name the cited sources. */
export function noteAnswer(answer: {
  mode: string;
  model?: { deployment: string; reported: string | null };
  citations: { passageId: string }[];
  redactions: { count: number }[];
  refused: boolean;
  urgent: boolean;
}): void {
  const scope = storage.getStore();
  if (!scope) return;
  scope.answer = {
    mode: answer.mode,
    model: answer.model ? (answer.model.reported ?? answer.model.deployment) : null,
    sources: answer.citations.map((c) => c.passageId),
    redactions: answer.redactions.reduce((n, r) => n + r.count, 0),
    refused: answer.refused,
    urgent: answer.urgent,
  };
}
