// What changed between two editions: pairs by number while the wording still resembles, then by text (a renumbered
// recommendation is the same one), and a grade change is "re-graded", not "reworded".
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/passage.js';
import { diffEditions } from '../../src/retrieval/edition-diff.js';

function rec(number: string | null, strength: string | null, text: string): Passage {
  return {
    id: `${number}-${text.length}`,
    docId: 'x',
    title: 'T',
    publisher: null,
    version: null,
    year: null,
    source: 'x.md',
    page: null,
    section: 'Recommendations',
    recommendation: number,
    strength,
    kind: 'recommendation',
    text,
  };
}

describe('diffEditions', () => {
  it('finds added, removed, re-graded, reworded and renumbered recommendations', () => {
    const older = [
      rec('1', 'Weak for', 'Offer home blood pressure monitoring to confirm hypertension. (Weak for)'),
      rec('2', 'Strong for', 'Offer a thiazide-type diuretic as first-line therapy for hypertension. (Strong for)'),
      rec(
        '3',
        'Strong against',
        'Do not combine an ACE inhibitor with an angiotensin receptor blocker. (Strong against)',
      ),
      rec('4', 'Weak for', 'Offer a low-sodium diet to adults with hypertension. (Weak for)'),
    ];
    const newer = [
      rec('1', 'Strong for', 'Offer home blood pressure monitoring to confirm hypertension. (Strong for)'),
      // Renumbered 3 -> 2, same words.
      rec(
        '2',
        'Strong against',
        'Do not combine an ACE inhibitor with an angiotensin receptor blocker. (Strong against)',
      ),
      rec(
        '3',
        'Strong for',
        'Offer a thiazide-type diuretic or a calcium channel blocker as first-line therapy for hypertension. (Strong for)',
      ),
      rec('5', 'Weak for', 'Offer smoking cessation support at every visit. (Weak for)'),
    ];
    const diff = diffEditions(older, newer);
    expect(diff.counts).toEqual({ added: 1, removed: 1, 're-graded': 1, reworded: 1 });
    expect(diff.unchanged).toBe(1);
    const byKind = Object.fromEntries(diff.changes.map((c) => [c.kind, c]));
    expect(byKind['re-graded']).toMatchObject({
      oldNumber: '1',
      newNumber: '1',
      oldStrength: 'Weak for',
      newStrength: 'Strong for',
    });
    expect(byKind.reworded).toMatchObject({ oldNumber: '2', newNumber: '3' });
    expect(byKind.reworded!.similarity).toBeGreaterThan(0.5);
    expect(byKind.removed).toMatchObject({ oldNumber: '4', newNumber: null });
    expect(byKind.added).toMatchObject({ oldNumber: null, newNumber: '5' });
  });

  it('a number reused for a different recommendation is one removed and one added, not a rewording', () => {
    const diff = diffEditions(
      [rec('7', 'Weak for', 'Offer acupuncture for chronic low back pain. (Weak for)')],
      [rec('7', 'Strong against', 'Do not prescribe benzodiazepines for acute low back pain. (Strong against)')],
    );
    expect(diff.changes.map((c) => c.kind).sort()).toEqual(['added', 'removed']);
  });

  it('unnumbered statements (USPSTF grades) pair by text', () => {
    const diff = diffEditions(
      [
        rec(
          null,
          'I statement',
          'The USPSTF concludes that the evidence is insufficient to assess screening for PAD with the ABI. (I statement)',
        ),
      ],
      [
        rec(
          null,
          'Grade D',
          'The USPSTF concludes that the evidence is insufficient to assess screening for PAD with the ABI. (D recommendation)',
        ),
      ],
    );
    expect(diff.counts).toEqual({ added: 0, removed: 0, 're-graded': 1, reworded: 0 });
  });
});
