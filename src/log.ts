// Structured JSON logs (pino) on stderr, so CLI stdout stays clean for --json.
// Rule: log ids, counts, modes and timings; never message text, names or identifiers.
import { pino } from 'pino';

export const log = pino(
  { level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'), base: { app: 'curbside' } },
  pino.destination({ fd: 2, sync: false }),
);

export type Logger = typeof log;
