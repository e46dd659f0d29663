// The de-identifier the answer pipeline and the doors depend on: the local deterministic pass alone, or the local pass
// with a remote service layered on top (src/safety/azure-deid.ts). Either way the local pass runs first and its
// redactions always stand; a remote pass only ever sees locally de-identified text and can only add redactions.
import { deidentify, type Deidentified } from './deid.js';

/**
 * What happened to the optional remote pass: not configured, done, failed (HTTP or network error), timed out, or not
 * tried because it failed repeatedly just before (circuit open).
 */
export type RemoteDeidOutcome = 'off' | 'ok' | 'failed' | 'timeout' | 'paused';

export interface DeidentifiedBatch {
  /** One result per input text, in order; entity offsets point into that input text. */
  results: Deidentified[];
  remote: RemoteDeidOutcome;
}

export interface Deidentifier {
  /** 'local' or the remote pass's name, for logs. */
  readonly name: string;
  /** De-identifies several texts at once (a question and its history turns: one remote round trip for all). */
  deidentify(texts: readonly string[], signal?: AbortSignal): Promise<DeidentifiedBatch>;
}

/** The local pass alone: deterministic, in-process, nothing leaves. */
export const localDeidentifier: Deidentifier = {
  name: 'local',
  async deidentify(texts) {
    return { results: texts.map((t) => deidentify(t)), remote: 'off' };
  },
};
