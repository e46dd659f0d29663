// The start-up warm-up must keep reaching the detectors' lazy word lists: if its sample stopped finding a name, a place
// or a red flag, the first real turn would pay for the loads on the thread that answers liveness probes.
import { describe, expect, it } from 'vitest';
import { warmSafetyDetectors } from '../../src/safety/warm.js';

describe('warmSafetyDetectors', () => {
  it('runs the sample through names, places and red flags', () => {
    const { redacted, flagged } = warmSafetyDetectors();
    expect(redacted).toBeGreaterThanOrEqual(5);
    expect(flagged).toBeGreaterThanOrEqual(1);
  });
});
