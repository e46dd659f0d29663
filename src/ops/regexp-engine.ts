// V8's regular-expression engine settings for a serving process. The safety detectors and the case reader run several
// hundred expressions, some with thousands of alternatives, on every turn. By default V8 first interprets an expression
// (bytecode) and compiles it to machine code on a later run ("tier-up"); measured on the answer path (150 MedQA vignettes
// after 20 of warm-up, extractive, in process), compiling at once costs 13.0 -> 11.3 ms CPU per turn (medians of four
// alternating runs). The flag is process-wide (V8 refuses it in a worker's execArgv), so it is set from code, before
// the first turn, by the main thread and by each answer thread; npm start, npm run dev and the Azure command line all
// get it without another node flag.
import v8 from 'node:v8';

export const REGEXP_ENGINE_SETTINGS = {
  /** V8's interpret-first tier-up of regular expressions (off: each expression is compiled once, when first run). */
  tierUp: false,
} as const;

let applied = false;

/** Applies REGEXP_ENGINE_SETTINGS to this process (once; later calls do nothing). */
export function applyRegExpEngineSettings(): void {
  if (applied) return;
  applied = true;
  if (!REGEXP_ENGINE_SETTINGS.tierUp) v8.setFlagsFromString('--no-regexp-tier-up');
}
