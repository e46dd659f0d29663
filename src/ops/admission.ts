// Bounds answer work: at most `maxInFlight` answers run at once, up to `maxQueued` wait (first come, first served) for at
// most `maxQueueWaitMs`; past that a caller is told at once that the service is busy and when to retry, instead of every
// request slowing down until health probes time out. While the index is being built the answer is "warming up". The
// doors turn ServiceUnavailableError into 503 + Retry-After (HTTP API) or a polite message (Teams).
import type { AnswerPipeline } from '../answer/pipeline.js';
import type { AnswerRequest, CitedAnswer } from '../answer/types.js';

export const ADMISSION_SETTINGS = {
  /**
   * Answers running at once. Most of a turn in model mode is waiting on the model (seconds), so this is sized for 50
   * turns/s with a 2 s model (~100 waiting) plus headroom; CPU work is spread over the answer threads.
   */
  maxInFlight: 160,
  /** Answers waiting for a slot; beyond this a request is refused as busy. */
  maxQueued: 400,
  /** A request that has waited this long for a slot is refused as busy rather than answered late. */
  maxQueueWaitMs: 15_000,
  /**
   * Turns of one conversation running or waiting in order (src/ops/keyed-queue.ts); a message past this is answered "busy" at
   * once. A person sends a few quick messages, not dozens: this keeps a flooding client from piling up memory.
   */
  maxTurnsPerConversation: 4,
  /** Retry-After when busy, seconds. */
  busyRetryAfterSeconds: 5,
  /** Retry-After while warming up (the index is being built), seconds. */
  warmingRetryAfterSeconds: 30,
};
export type AdmissionSettings = typeof ADMISSION_SETTINGS;

export class ServiceUnavailableError extends Error {
  constructor(
    readonly kind: 'busy' | 'warming-up',
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceUnavailableError';
  }
}

export const BUSY_MESSAGE = 'Curbside is answering many questions right now. Please ask again in a few seconds.';
export const WARMING_MESSAGE =
  'Curbside is warming up: it is building its guideline index after a restart. Please ask again in a minute.';

export interface AdmissionStats {
  inFlight: number;
  queued: number;
  /** Requests refused as busy / warming up since start. */
  refusedBusy: number;
  refusedWarming: number;
}

export interface AdmittedPipeline extends AnswerPipeline {
  stats(): AdmissionStats;
}

/**
 * Wraps a pipeline with the bound. `warming()` returns a reason while answers cannot be served yet (index being built),
 * else null.
 */
export function admitAnswers(
  inner: AnswerPipeline,
  warming: () => string | null = () => null,
  settings: AdmissionSettings = ADMISSION_SETTINGS,
): AdmittedPipeline {
  let inFlight = 0;
  let refusedBusy = 0;
  let refusedWarming = 0;
  const waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  const busy = () => {
    refusedBusy++;
    return new ServiceUnavailableError('busy', settings.busyRetryAfterSeconds, BUSY_MESSAGE);
  };

  const acquire = async (): Promise<void> => {
    if (inFlight < settings.maxInFlight && waiting.length === 0) {
      inFlight++;
      return;
    }
    if (waiting.length >= settings.maxQueued) throw busy();
    await new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          inFlight++;
          resolve();
        },
        timer: setTimeout(() => {
          const at = waiting.indexOf(entry);
          if (at >= 0) waiting.splice(at, 1);
          reject(busy());
        }, settings.maxQueueWaitMs),
      };
      waiting.push(entry);
    });
  };

  const release = () => {
    inFlight--;
    while (inFlight < settings.maxInFlight && waiting.length) waiting.shift()!.grant();
  };

  return {
    get retriever() {
      return inner.retriever;
    },
    get mode() {
      return inner.mode;
    },
    get deidentifier() {
      return inner.deidentifier;
    },
    modelHealth: inner.modelHealth ? () => inner.modelHealth!() : undefined,
    async answer(request: AnswerRequest): Promise<CitedAnswer> {
      const reason = warming();
      if (reason) {
        refusedWarming++;
        throw new ServiceUnavailableError('warming-up', settings.warmingRetryAfterSeconds, WARMING_MESSAGE);
      }
      await acquire();
      try {
        return await inner.answer(request);
      } finally {
        release();
      }
    },
    stats: () => ({ inFlight, queued: waiting.length, refusedBusy, refusedWarming }),
  };
}
