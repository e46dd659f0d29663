// Structured JSON logs (pino) on stderr, so CLI stdout stays clean for --json.
// Rule: log ids, counts, modes and timings; never message text, names or identifiers.
// Every line logged while a turn is being served carries that turn's trace id (src/ops/turn-context.ts).
import { pino } from 'pino';
import { currentTraceId } from './ops/turn-context.js';

export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
    base: { app: 'curbside' },
    mixin: () => {
      const traceId = currentTraceId();
      return traceId ? { traceId } : {};
    },
  },
  pino.destination({ fd: 2, sync: false }),
);

export type Logger = typeof log;
