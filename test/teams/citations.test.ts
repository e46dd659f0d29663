// Teams citation limits hold for any citation the pipeline can produce (property-based), and only cited sources are sent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Citation } from '../../src/answer/types.js';
import {
  citationFriendlyMarkdown,
  citationName,
  clip,
  shortGuidelineTitle,
  toClientCitations,
} from '../../src/teams/citations.js';

const citation = (n: number, over: Partial<Citation> = {}): Citation => ({
  n,
  passageId: `p${n}`,
  title: 'VA/DoD Clinical Practice Guideline (CPG) for the Management of Chronic Kidney Disease',
  source: 'VADoDCKDCPGFinal5082142020.pdf',
  version: 'Version 4.0 – 2019',
  year: 2019,
  page: 27,
  section: 'Recommendations > Pharmacologic therapy',
  recommendation: '12',
  strength: 'Strong for',
  quote: 'We recommend an SGLT2 inhibitor for patients with type 2 diabetes and CKD to slow progression.',
  ...over,
});

const arbitraryCitation = (n: number) =>
  fc
    .record({
      title: fc.string({ minLength: 1, maxLength: 300 }),
      source: fc.oneof(fc.constant('a guideline.pdf'), fc.string({ minLength: 1, maxLength: 60 })),
      version: fc.option(fc.string({ maxLength: 80 })),
      year: fc.option(fc.integer({ min: 1990, max: 2030 })),
      page: fc.option(fc.integer({ min: 1, max: 3000 })),
      section: fc.option(fc.string({ maxLength: 300 })),
      recommendation: fc.option(fc.string({ minLength: 1, maxLength: 12 })),
      strength: fc.option(fc.string({ minLength: 1, maxLength: 60 })),
      quote: fc.string({ minLength: 1, maxLength: 2000 }),
    })
    .map((r) => citation(n, r));

describe('Teams citation entities', () => {
  it('respect name/abstract/keyword limits and numeric positions for any input', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 14 })
          .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => arbitraryCitation(i + 1)))),
        (cits) => {
          const text = cits.map((c) => `Statement [${c.n}].`).join(' ');
          const out = toClientCitations(text, cits, { baseUrl: 'https://bot.example.org', withCards: true });
          expect(out.length).toBe(Math.min(cits.length, 10));
          for (const c of out) {
            expect(typeof c.position).toBe('number');
            expect(c.appearance.name.length).toBeGreaterThan(0);
            expect(c.appearance.name.length).toBeLessThanOrEqual(80);
            expect(c.appearance.abstract.length).toBeLessThanOrEqual(160);
            // The page is always shown where the client shows it (the abstract), whatever else is cut.
            const source = cits.find((x) => x.n === c.position)!;
            if (source.page !== null) expect(c.appearance.abstract).toContain(`p. ${source.page}`);
            expect(c.appearance.keywords!.length).toBeLessThanOrEqual(3);
            for (const k of c.appearance.keywords!) expect(k.length).toBeLessThanOrEqual(28);
            expect(() => JSON.parse(c.appearance.text!)).not.toThrow();
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sends only citations whose [n] is in the text, in order', () => {
    const out = toClientCitations('Use it [3] and [1].', [citation(1), citation(2), citation(3)], {
      baseUrl: null,
      withCards: false,
    });
    expect(out.map((c) => c.position)).toEqual([1, 3]);
    expect(out[0]!.appearance.url).toBeUndefined();
    expect(out[0]!.appearance.text).toBeUndefined();
  });

  it('links PDFs at the page and names the guideline topic with year and recommendation', () => {
    const [c] = toClientCitations('x [1]', [citation(1)], { baseUrl: 'https://bot.example.org/', withCards: true });
    expect(c!.appearance.url).toBe('https://bot.example.org/guidelines/VADoDCKDCPGFinal5082142020.pdf#page=27');
    expect(c!.appearance.name).toBe('VA/DoD Chronic Kidney Disease (2019) · Rec 12');
    expect(c!.appearance.keywords).toEqual(['Strong for', 'Version 4.0 – 2019', 'p. 27']);
    // The hover card shows name and abstract (not keywords): guideline, year and recommendation in the name; strength,
    // edition and page lead the abstract, then the quote.
    expect(c!.appearance.abstract.startsWith('Strong for · Version 4.0 – 2019 · p. 27: “We recommend an SGLT2')).toBe(
      true,
    );
    expect(c!.appearance.abstract.length).toBeLessThanOrEqual(160);
    expect(c!.appearance.image?.name).toBe('PDF');
    const card = JSON.parse(c!.appearance.text!) as {
      body: { type: string; facts?: { title: string; value: string }[] }[];
      actions: { url: string }[];
    };
    expect(card.body[1]!.facts).toContainEqual({ title: 'Strength', value: 'Strong for' });
    expect(card.body[1]!.facts).toContainEqual({ title: 'Page', value: '27' });
    expect(card.actions[0]!.url).toBe(c!.appearance.url);
  });

  it('markdown sources get no page anchor: the link points at the quoted field of the rendered page', () => {
    const [c] = toClientCitations(
      'x [1]',
      [citation(1, { source: 'uspstf-lung.md', page: null, recommendation: null, section: 'Major Recommendations' })],
      {
        baseUrl: 'http://127.0.0.1:1',
        withCards: false,
      },
    );
    expect(c!.appearance.url).toBe('http://127.0.0.1:1/guidelines/uspstf-lung.md#major-recommendations');
    expect(c!.appearance.image?.name).toBe('Text');
    expect(c!.appearance.name).toMatch(/· Major Recommendations$/);
  });

  it('shortens guideline titles to their topic', () => {
    expect(
      shortGuidelineTitle(
        'VA/DoD Clinical Practice Guideline for the Management of Type 2 Diabetes Mellitus in Primary Care',
      ),
    ).toBe('VA/DoD Type 2 Diabetes Mellitus in Primary Care');
    expect(shortGuidelineTitle('VA DoD CPG for Management of Chronic Obstructive Pulmonary Disease')).toBe(
      'VA/DoD Chronic Obstructive Pulmonary Disease',
    );
    expect(shortGuidelineTitle('Lung Cancer: Screening')).toBe('Lung Cancer: Screening');
    expect(citationName(citation(1, { title: 'X'.repeat(200) })).length).toBeLessThanOrEqual(80);
    expect(clip('a b c d e f', 6)).toBe('a b c…');
  });

  it('moves [n] markers out of list items and tables into paragraphs, leaving other lists alone', () => {
    const md = [
      'Lead [1].',
      '- **Rec 1**: "a" [1]',
      '2. **Rec 2**: "b" [2]',
      '',
      'Sources:',
      '- CKD: 2019',
      '',
      '| Drug | Advice |',
      '|---|---|',
      '| Metformin | Reduce dose [3] |',
    ].join('\n');
    const out = citationFriendlyMarkdown(md);
    expect(out.split('\n\n')).toEqual([
      'Lead [1].',
      '• **Rec 1**: "a" [1]',
      '2\\. **Rec 2**: "b" [2]',
      'Sources:\n- CKD: 2019',
      '**Drug:** Metformin · **Advice:** Reduce dose [3]',
    ]);
    // Every marker survives.
    expect(out.match(/\[\d\]/g)).toEqual(md.match(/\[\d\]/g));
  });
});
