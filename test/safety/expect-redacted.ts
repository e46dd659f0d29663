// The check the fresh de-identification sets share: every identifier gone (no occurrence bounded by non-letters left)
// and every clinical string kept.
import { expect } from 'vitest';
import { deidentify } from '../../src/safety/deid.js';

export function expectRedacted(text: string, identifiers: string[], kept: string[] = []): void {
  const out = deidentify(text).text;
  for (const id of identifiers) {
    const bounded = new RegExp(
      `(?<![\\p{L}\\p{N}])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
      'u',
    );
    expect(bounded.test(out), `${id} should be redacted in: ${out}`).toBe(false);
  }
  for (const k of kept) expect(out, `${k} should survive in: ${out}`).toContain(k);
}
