// Query understanding and ranking on small generated corpora in a real SQLite index.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/passage.js';
import { findConcepts, preferredName, tokenize } from '../../src/retrieval/lexicon.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { planQuery, toFtsMatch } from '../../src/retrieval/query.js';
import { PassageStore } from '../../src/retrieval/store.js';

describe('lexicon', () => {
  it('maps abbreviations, lay terms and brand names to the same concept in both directions', () => {
    expect(preferredName('HTN')).toBe('hypertension');
    expect(preferredName('T2DM')).toBe('type 2 diabetes');
    const [heartAttack] = findConcepts(tokenize('history of heart attack last year'));
    expect(heartAttack!.form).toBe('heart attack');
    expect(heartAttack!.alternatives).toContain('myocardial infarction');
    const [zoloft] = findConcepts(tokenize('started on Zoloft'));
    expect(zoloft!.alternatives).toContain('sertraline');
    const [sertraline] = findConcepts(tokenize('sertraline dose'));
    expect(sertraline!.alternatives).toContain('zoloft');
  });

  it('reads a lay name for a procedure as the guideline term', () => {
    const [gel] = findConcepts(tokenize('can ortho do one of those gel shots in her hip?'));
    expect(gel!.alternatives).toContain('viscosupplementation');
  });

  it('prefers the longest match', () => {
    const matches = findConcepts(tokenize('chronic low back pain'));
    expect(matches.map((m) => m.form)).toEqual(['low back pain']);
  });
});

describe('planQuery', () => {
  it('drops stop words, keeps the question words above their expansions', () => {
    const terms = planQuery('What is the first-line drug for HTN?', 'full');
    const byText = new Map(terms.map((t) => [t.tokens.join(' '), t]));
    expect(byText.has('what')).toBe(false);
    expect(byText.has('the')).toBe(false);
    expect(byText.get('htn')!.weight).toBeGreaterThan(byText.get('hypertension')!.weight);
    expect(byText.get('hypertension')!.origin).toBe('expansion');
  });

  it('baseline mode neither expands nor weights', () => {
    const terms = planQuery('HTN in CKD', 'baseline');
    expect(terms.map((t) => t.tokens.join(' ')).sort()).toEqual(['ckd', 'htn']);
    expect(terms.every((t) => t.weight === 1)).toBe(true);
  });

  it('quotes every term so FTS5 operators in questions are plain words', () => {
    expect(toFtsMatch(planQuery('not and or', 'baseline'))).toBe('"not" OR "and" OR "or"');
    expect(toFtsMatch(planQuery('NEAR "x" *', 'baseline'))).toBe('"near" OR "x"');
  });
});

describe('LocalRetriever on a generated index', () => {
  let dir: string;
  let store: PassageStore;
  const passage = (id: string, text: string, extra: Partial<Passage> = {}): Passage => ({
    id,
    docId: extra.docId ?? 'a.md',
    title: extra.title ?? 'Cardiology notes',
    publisher: null,
    version: null,
    year: extra.year ?? 2019,
    source: extra.source ?? 'a.md',
    page: 1,
    section: extra.section ?? null,
    recommendation: extra.recommendation ?? null,
    strength: extra.strength ?? null,
    kind: extra.kind ?? 'text',
    text,
  });

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-query-test-'));
    store = PassageStore.open(path.join(dir, 'index.sqlite'));
    store.replaceDocument(
      {
        docId: 'a.md',
        path: '/x/a.md',
        root: '/x',
        sha256: '1',
        title: 'Cardiology notes',
        publisher: null,
        version: null,
        year: 2019,
        source: 'a.md',
      },
      [
        passage('bp', 'Lower the blood pressure of adults with hypertension to below 130/80 mmHg.', {
          kind: 'recommendation',
          recommendation: '3',
          strength: 'Strong for',
        }),
        passage('mi', 'After a myocardial infarction, start a beta blocker and a high-intensity statin.'),
        passage('ssri', 'Sertraline is a reasonable first choice for depression in cardiac disease.'),
        passage('fill', 'Dietary sodium and potassium intake affect cardiovascular outcomes.'),
      ],
    );
    store.replaceDocument(
      {
        docId: 'b.md',
        path: '/x/b.md',
        root: '/x',
        sha256: '2',
        title: 'Old lung guidance',
        publisher: null,
        version: null,
        year: 2009,
        source: 'b.md',
      },
      [
        passage('copd', 'Offer pulmonary rehabilitation to people with chronic obstructive pulmonary disease.', {
          docId: 'b.md',
          title: 'Old lung guidance',
          source: 'b.md',
          year: 2009,
          kind: 'recommendation',
          strength: 'Weak for',
        }),
      ],
    );
  });

  afterAll(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds passages through abbreviations, lay terms and brand names that plain BM25 misses', async () => {
    const full = new LocalRetriever(store, 'full');
    const baseline = new LocalRetriever(store, 'baseline');
    for (const [query, id] of [
      ['HTN target', 'bp'],
      ['heart attack', 'mi'],
      ['Zoloft', 'ssri'],
      ['COPD rehab', 'copd'],
    ] as const) {
      expect((await full.search(query))[0]?.passage.id, query).toBe(id);
    }
    expect(await baseline.search('HTN')).toEqual([]);
    expect(await baseline.search('Zoloft')).toEqual([]);
  });

  it('treats FTS5 syntax in a question as words', async () => {
    const r = new LocalRetriever(store);
    await expect(r.search('NOT AND OR NEAR( "unbalanced * ^ -')).resolves.toEqual([]);
    expect((await r.search('blood pressure NOT statin'))[0]?.passage.id).toBe('bp');
  });

  it('applies filters inside the ranking', async () => {
    const r = new LocalRetriever(store);
    const recs = await r.search('hypertension pulmonary rehabilitation', { filters: { kind: 'recommendation' } });
    expect(recs.map((h) => h.passage.id).sort()).toEqual(['bp', 'copd']);
    expect(
      (await r.search('hypertension pulmonary rehabilitation', { filters: { minYear: 2015 } })).map(
        (h) => h.passage.id,
      ),
    ).toEqual(['bp']);
    expect(
      (await r.search('hypertension pulmonary rehabilitation', { filters: { strength: 'weak FOR' } })).map(
        (h) => h.passage.id,
      ),
    ).toEqual(['copd']);
    expect(
      (await r.search('hypertension pulmonary rehabilitation', { filters: { guideline: 'LUNG' } })).map(
        (h) => h.passage.id,
      ),
    ).toEqual(['copd']);
    expect(
      (await r.search('hypertension pulmonary rehabilitation', { filters: { guideline: 'b.md' } })).map(
        (h) => h.passage.id,
      ),
    ).toEqual(['copd']);
  });

  it('lists guidelines with passage and recommendation counts', async () => {
    const list = await new LocalRetriever(store).listGuidelines();
    expect(list.map((g) => [g.docId, g.passages, g.recommendations])).toEqual([
      ['a.md', 4, 1],
      ['b.md', 1, 1],
    ]);
    expect(list[0]!.path).toBe('/x/a.md');
  });
});
