import { deidentify } from './deid.js';
import { detectRedFlags } from './red-flags.js';

/**
 * Loads the detectors' word lists (Census names, the medical and English dictionaries, the red-flag vocabulary) now,
 * with a made-up note that reaches every lazy load (the sorted clinical lexicon too, through a lower-case clinic). Otherwise the first turn pays for it on the thread that also
 * answers liveness probes: about 0.45 s measured, which shows as a /healthz spike under the first burst.
 */
export function warmSafetyDetectors(): { redacted: number; flagged: number } {
  const sample =
    'Pt Jane Smith, 54F, DOB 4/5/1970, on Lipitor, seen by Dr. Okafor at Mercy Clinic, 12 Elm St, Boston MA 02118. ' +
    'rose delacroix asking for her eliquis, daughter faith says crushing chest pain, sweaty, BP 88/50, pcp @ lakeshire clinic';
  const clean = deidentify(sample);
  // Counts, so a test can see the sample still reaches the name, place and red-flag paths.
  return { redacted: clean.entities.length, flagged: detectRedFlags(clean.text).length };
}
