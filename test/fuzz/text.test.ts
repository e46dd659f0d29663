// Property-based tests of the text-handling core on hostile input: the citation checker, the model-output link stripper, and
// the de-identifier (extending test/safety/deid.test.ts: identifiers disguised with Unicode look-alikes, and idempotence).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCitations, citedNumbers } from '../../src/answer/citations.js';
import { stripLinks } from '../../src/safety/links.js';
import { deidentify } from '../../src/safety/deid.js';
import type { Passage } from '../../src/knowledge/passage.js';

function passage(i: number): Passage {
  return {
    id: `p${i}`,
    docId: `doc${i % 3}`,
    source: `doc${i % 3}.md`,
    title: `Guideline ${i % 3}`,
    version: null,
    year: 2020,
    page: i,
    section: `Section ${i}`,
    recommendation: null,
    strength: null,
    kind: 'text',
    text: `Passage ${i} says adults with condition ${i} should be offered treatment ${i}. "Quoted words ${i} here."`,
  } as unknown as Passage;
}
const passages = Array.from({ length: 6 }, (_, i) => passage(i));

// Text with many ways to write and break markers, quotes, markdown and lines.
const piece = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    'We recommend metformin',
    'Offer a statin',
    'Consider SGLT2',
    'Patients should exercise',
    'This is a fact',
    'The guidelines do not address this',
  ),
  fc.integer({ min: -2, max: 12 }).map((n) => `[${n}]`),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 12 })).map(([a, b]) => `[${a}-${b}]`),
  fc.constantFrom(
    '[1, 2]',
    '[3;4]',
    '[1][2]',
    '[[1]]',
    '[1',
    '1]',
    '[999]',
    '[0]',
    '[1-999]',
    '[ 2 ]',
    '[#1]',
    '\u0000',
    '\n',
    '\n\n',
    '. ',
    '? ',
    '"',
    '“',
    '”',
    '**',
    '# ',
    '- ',
    '> ',
    '|',
    '](http://x)',
  ),
);
const hostile = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

describe('checkCitations on hostile model output', () => {
  it('never throws; what remains cites only given passages, numbered 1..k by first use; a second pass removes nothing', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 0, max: passages.length }), (text, given) => {
        const pool = passages.slice(0, given);
        const out = checkCitations(text, pool);
        const k = out.cited.length;
        for (const p of out.cited) expect(pool).toContain(p);
        expect(new Set(out.cited).size).toBe(k);
        const numbers = citedNumbers(out.text);
        expect(numbers.every((n) => n >= 1 && n <= k)).toBe(true);
        const firstUse = numbers.filter((n, i) => numbers.indexOf(n) === i);
        expect(firstUse).toEqual(Array.from({ length: k }, (_, i) => i + 1));
        // A second pass finds nothing left to remove: no uncited recommendation and no unknown marker got through.
        const again = checkCitations(out.text, out.cited);
        expect(again.uncitedClaims, out.text).toBe(0);
        expect(again.unknownMarkers).toBe(0);
        expect(again.cited).toEqual(out.cited);
      }),
      // Found by this property: a recommendation hidden in a non-verbatim quote that spans two sentences; markers that
      // join into a new one; a recommendation in a heading line, left bare when the line's first sentence went.
      {
        numRuns: 3000,
        examples: [
          ['We recommend metformin\u201c. We recommend metformin\u201d[1]', 1],
          ['[1][1[0-0]1]', 1],
          ['# [1-0]? We recommend metformin', 0],
        ],
      },
    );
  });
});

describe('stripLinks on hostile model output', () => {
  const url = fc
    .tuple(
      fc.constantFrom('http://', 'https://', 'HTTPS://', 'ftp://', 'www.'),
      fc.webSegment(),
      fc.constantFrom('.example', '.com/x?q=1', '/a(b)c', ''),
    )
    .map((p) => p.join(''));
  const link = fc.oneof(
    fc
      .tuple(
        fc.string({ maxLength: 10 }).map((s) => s.replace(/[\]\n]/g, '')),
        url,
      )
      .map(([l, u]) => `[${l}](${u})`),
    fc
      .tuple(
        fc.string({ maxLength: 10 }).map((s) => s.replace(/[\]\n]/g, '')),
        url,
      )
      .map(([l, u]) => `![${l}](${u})`),
    url.map((u) => `<${u.startsWith('www.') ? `https://${u}` : u}>`),
    url.map((u) => `<a href="${u}">x</a>`),
    url.map((u) => `<img src="${u}">`),
    url,
  );
  it('leaves no URL, markdown link or image, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 20 }), link), { maxLength: 12 }), (parts) => {
        const out = stripLinks(parts.join(' '));
        expect(out).not.toMatch(/(?:https?|ftp):\/\/|www\./i);

        expect(out).not.toMatch(/<(?:a|img)\b[^>]*>/i);
      }),
      { numRuns: 2000 },
    );
  });
  it('keeps citation markers and ordinary text untouched', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.constantFrom('[1]', '[2][3]', 'Offer a statin', '. ', '\n', '- '), fc.lorem({ maxCount: 3 })),
          { maxLength: 15 },
        ),
        (parts) => {
          const text = parts.join(' ').replace(/[ \t]{2,}/g, ' ');
          expect(stripLinks(text)).toBe(text);
        },
      ),
    );
  });
});

describe('de-identifier: identifiers in disguise', () => {
  // Separators a copy-paste from an EHR or a phone can bring: non-breaking and thin spaces, Unicode hyphens and dashes.
  const sep = fc.constantFrom('-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212', ' ', '\u00a0', '\u2009', '.');
  const ssn = fc
    .tuple(
      fc.integer({ min: 100, max: 665 }),
      sep,
      fc.integer({ min: 10, max: 99 }),
      fc.integer({ min: 1000, max: 9999 }),
    )
    .map(([a, s, b, c]) => `SSN ${a}${s}${b}${s}${c}`);
  const phone = fc
    .tuple(
      fc.integer({ min: 201, max: 989 }),
      sep,
      fc.integer({ min: 200, max: 999 }),
      fc.integer({ min: 1000, max: 9999 }),
    )
    .map(([a, s, b, c]) => `call ${a}${s}${b}${s}${c}`);
  const mrn = fc.integer({ min: 1000000, max: 99999999 }).map((n) => `MRN: ${n}`);
  const email = fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9._]{2,12}[a-z0-9]$/), fc.constantFrom('example.com', 'hospital.org'))
    .map(([u, d]) => `email ${u}@${d}`);

  it('redacts SSNs, phone numbers, MRNs and e-mail addresses written with look-alike separators', () => {
    fc.assert(
      fc.property(
        fc.oneof(ssn, phone, mrn, email),
        fc.constantFrom('67M with CKD, ', 'Pt note: ', ''),
        (identifier, lead) => {
          const value = identifier.replace(/^(SSN|call|MRN:|email) /, '');
          const out = deidentify(`${lead}${identifier}. Next step for HTN?`).text;
          const digits = value.replace(/\D/g, '');
          if (digits.length >= 7) expect(out.replace(/\D/g, ''), out).not.toContain(digits);
          else expect(out).not.toContain(value);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('is idempotent: de-identified text has nothing left to remove', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.oneof(ssn, phone, mrn, email), (text, identifier) => {
        const once = deidentify(`${text} ${identifier} ${text}`).text;
        expect(deidentify(once).text).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});
