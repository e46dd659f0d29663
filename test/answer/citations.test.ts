import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkCitations,
  citedNumbers,
  quoteFor,
  toCitations,
  withoutReferenceMarkers,
} from '../../src/answer/citations.js';
import type { Passage } from '../../src/knowledge/passage.js';

function passage(id: string, text: string, extra: Partial<Passage> = {}): Passage {
  return {
    id,
    docId: `doc-${id}`,
    title: `Guideline ${id}`,
    publisher: null,
    version: 'Version 1.0 – 2020',
    year: 2020,
    source: `${id}.pdf`,
    page: 10,
    section: 'Recommendations',
    recommendation: null,
    strength: null,
    kind: 'text',
    text,
    ...extra,
  };
}

const passages = [
  passage('a', 'We recommend metformin as first-line therapy for type 2 diabetes.', {
    recommendation: '1',
    strength: 'Strong for',
    kind: 'recommendation',
  }),
  passage('b', 'We suggest an SGLT2 inhibitor in patients with CKD and an eGFR of at least 30.', {
    recommendation: '7',
    strength: 'Weak for',
    kind: 'recommendation',
  }),
  passage('c', 'Blood pressure should be measured at every visit.'),
];

describe('checkCitations', () => {
  it('removes unknown numbers and renumbers in order of first use', () => {
    const r = checkCitations(
      'Add an SGLT2 inhibitor when eGFR is 30 or more [2][7]. Metformin is first-line [1].',
      passages,
    );
    expect(r.text).toBe('Add an SGLT2 inhibitor when eGFR is 30 or more [1]. Metformin is first-line [2].');
    expect(r.cited.map((p) => p.id)).toEqual(['b', 'a']);
    expect(r.unknownMarkers).toBe(1);
  });

  it('expands grouped and ranged markers', () => {
    const r = checkCitations('Both apply [1, 3] and [1-2].', passages);
    expect(r.text).toBe('Both apply [1][2] and [1][3].');
    expect(r.cited.map((p) => p.id)).toEqual(['a', 'c', 'b']);
  });

  it('drops a recommendation sentence that cites nothing, keeps plain statements and "not covered" sentences', () => {
    const r = checkCitations(
      'We recommend metformin [1]. You should also start insulin now. The loaded guidelines do not address insulin titration. Doses vary.',
      passages,
    );
    expect(r.text).toBe(
      'We recommend metformin [1]. The loaded guidelines do not address insulin titration. Doses vary.',
    );
    expect(r.uncitedClaims).toBe(1);
  });

  it('drops a whole bullet whose only sentence is an uncited recommendation', () => {
    const r = checkCitations(
      '**Diabetes**\n- Start metformin [1].\n- Consider a statin.\n- SGLT2 inhibitor [9].',
      passages,
    );
    expect(r.text).toBe('**Diabetes**\n- Start metformin [1].');
  });

  it('keeps headings that are labels, and holds advice written as a heading to the same rule as any sentence', () => {
    const r = checkCitations(
      '## Recommendations\n# We recommend metformin\n### Consider an SGLT2 inhibitor\n**Strong for**: Metformin is first-line [1].',
      passages,
    );
    expect(r.text).toBe('## Recommendations\n**Strong for**: Metformin is first-line [1].');
    expect(r.uncitedClaims).toBe(2);
  });

  it("keeps a line's heading or bullet mark when its first sentence goes, so a second check agrees", () => {
    const r = checkCitations(
      '# [9]? First-line therapy\n- [9] Offer a statin. Blood pressure should be measured at every visit [3].',
      passages,
    );
    expect(r.text).toBe('# First-line therapy\n- Blood pressure should be measured at every visit [1].');
    expect(checkCitations(r.text, r.cited).text).toBe(r.text);
  });

  it('keeps verbatim quotes and unquotes invented ones', () => {
    const r = checkCitations(
      'The guideline says "We recommend metformin as first-line therapy" [1]. It also says "always use insulin first in everyone" [1].',
      passages,
    );
    expect(r.text).toContain('"We recommend metformin as first-line therapy" [1]');
    expect(r.text).toContain('says always use insulin first in everyone [1]');
    expect(r.nonVerbatimQuotes).toBe(1);
  });

  it('keeps a quoted multi-sentence recommendation whole', () => {
    const p = [passage('x', 'We recommend A. We suggest B in older adults.')];
    const r = checkCitations('- "We recommend A. We suggest B in older adults." [1]', p);
    expect(r.text).toBe('- "We recommend A. We suggest B in older adults." [1]');
  });

  it('cites nothing valid when every marker is unknown', () => {
    const r = checkCitations('We recommend X [4]. We suggest Y [5].', passages);
    expect(r.cited).toHaveLength(0);
  });

  it('property: every marker left is in 1..k, and k passages are cited in order of first use', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('Metformin', 'Statins', 'Exercise'), fc.integer({ min: 0, max: 9 })), {
          maxLength: 12,
        }),
        (parts) => {
          const text = parts.map(([w, n]) => `${w} helps [${n}].`).join(' ');
          const r = checkCitations(text, passages);
          const nums = citedNumbers(r.text);
          expect(nums.every((n) => n >= 1 && n <= r.cited.length)).toBe(true);
          const firstUse = [...new Set(nums)];
          expect(firstUse).toEqual(firstUse.map((_, i) => i + 1));
          expect(new Set(r.cited.map((p) => p.id)).size).toBe(r.cited.length);
        },
      ),
    );
  });
});

describe('quotes', () => {
  it('quotes short passages whole and long ones as a verbatim run around the focus', () => {
    expect(quoteFor(passages[0]!)).toBe(passages[0]!.text);
    const filler = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} is about nothing in particular.`);
    filler[17] = 'Naloxone should be offered to patients on long-term opioid therapy.';
    const long = passage('l', filler.join(' '));
    const q = quoteFor(long, 'naloxone opioid');
    // A quote from inside a passage says so: an ellipsis where text was left out, before and after.
    expect(q.startsWith('… Naloxone should be offered')).toBe(true);
    expect(q.endsWith(' …')).toBe(true);
    const inner = q.replace(/^… | …$/g, '');
    expect(inner.length).toBeLessThanOrEqual(320);
    expect(long.text.replace(/\s+/g, ' ')).toContain(inner);
    // The ellipses do not make a quoted run count as non-verbatim.
    expect(checkCitations(`"${q}" [1]`, [long]).nonVerbatimQuotes).toBe(0);
  });

  it("leaves out the guideline's own bibliography markers, so they never read as citations", () => {
    const p = passage('r', 'Topical NSAIDs reduce pain.[82] They cause fewer GI events.[82,85] See [201,203-210].');
    expect(quoteFor(p)).toBe('Topical NSAIDs reduce pain. They cause fewer GI events. See.');
    const r = checkCitations(`The guideline says "${quoteFor(p)}" [1]`, [p]);
    expect(r.nonVerbatimQuotes).toBe(0);
    expect(withoutReferenceMarkers('a [1] b')).toBe('a b');
  });

  it('builds citation records numbered 1..k with the passage metadata', () => {
    const c = toCitations([passages[1]!, passages[0]!]);
    expect(c.map((x) => [x.n, x.recommendation, x.strength, x.source])).toEqual([
      [1, '7', 'Weak for', 'b.pdf'],
      [2, '1', 'Strong for', 'a.pdf'],
    ]);
  });
});
