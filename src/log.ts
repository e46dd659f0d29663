// Structured JSON logs (pino) on stderr, so CLI stdout stays clean for --json.
// Rule: log ids, counts, modes and timings; never message text, names or identifiers.
// Every line logged while a turn is being served carries that turn's trace id (src/ops/turn-context.ts).
import pino from 'pino';
import { logLevel } from './config.js';
import { currentTraceId } from './ops/turn-context.js';

export const log = pino(
  {
    level: logLevel(),
    base: { app: 'curbside' },
    mixin: () => {
      const traceId = currentTraceId();
      return traceId ? { traceId } : {};
    },
  },
  pino.destination({ fd: 2, sync: false }),
);

export type Logger = typeof log;
