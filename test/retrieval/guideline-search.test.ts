// Ranking on the REAL guideline index (built once per test run by test/global-setup.ts).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalRetriever } from '../../src/retrieval/local.js';
import type { SearchFilters } from '../../src/retrieval/retriever.js';
import { PassageStore } from '../../src/retrieval/store.js';

let retriever: LocalRetriever;

beforeAll(() => {
  retriever = new LocalRetriever(PassageStore.open(inject('guidelineIndex'), { readonly: true }));
});

afterAll(async () => {
  await retriever.close();
});

describe('search on the guideline index', () => {
  it('answers the hypertension first-line question with the cited VA/DoD recommendation at rank 1', async () => {
    const hits = await retriever.search('first-line treatment for hypertension in black patients', { top: 5 });
    // Done means: a numbered, graded VA/DoD hypertension recommendation, with version and page, comes first.
    const top = hits[0]!.passage;
    expect(top.kind).toBe('recommendation');
    expect(top.title).toMatch(/VA.?DoD.*hypertension/i);
    expect(top.source).toMatch(/\.pdf$/);
    expect(top.recommendation).toMatch(/^\d+$/);
    expect(top.strength).toMatch(/^(Strong|Weak) (for|against)$/);
    expect(top.version).toBeTruthy();
    expect(top.page).toBeGreaterThan(0);
    // Rec 23 (thiazide/CCB/ACEI/ARB as primary therapy) or Rec 24 (African American patients: not ACEI/ARB alone).
    expect(top.text).toMatch(/African American|primary pharmacologic therapy/i);
    // The drug classes themselves are in the top 5, whichever passage states them.
    const drugs = hits.find((h) => /thiazide/i.test(h.passage.text) && /calcium.channel blocker/i.test(h.passage.text));
    expect(drugs, 'thiazide and calcium-channel blocker content in the top 5').toBeDefined();
  });

  it('puts the VA/DoD recommendation for African American patients first among recommendations', async () => {
    const [rec] = await retriever.search('first-line drug for HTN in African American patients', {
      top: 3,
      filters: { kind: 'recommendation' },
    });
    expect(rec!.passage.title).toMatch(/hypertension/i);
    expect(rec!.passage.text).toMatch(/African American/);
    expect(rec!.passage.strength).toBe('Strong against');
  });

  it('expands abbreviations: "HTN" and "T2DM" land in the right guidelines', async () => {
    const htn = await retriever.search('HTN medication', { top: 5 });
    expect(htn.filter((h) => /hypertension/i.test(h.passage.title)).length).toBeGreaterThanOrEqual(3);
    const dm = await retriever.search('T2DM A1c target', { top: 5 });
    expect(dm.filter((h) => /diabetes/i.test(h.passage.title)).length).toBeGreaterThanOrEqual(3);
  });

  it('filters by guideline, strength, year and kind', async () => {
    // Each filter must return hits (a filter that drops everything would pass a check on every hit) and only matching ones.
    const filtered = async (filters: SearchFilters) => {
      const hits = await retriever.search('exercise therapy', { top: 10, filters });
      expect(hits.length, JSON.stringify(filters)).toBeGreaterThan(0);
      return hits.map((h) => h.passage);
    };
    for (const p of await filtered({ guideline: 'low back' })) expect(p.title).toMatch(/low back/i);
    for (const p of await filtered({ strength: 'Strong for' })) expect(p.strength).toBe('Strong for');
    for (const p of await filtered({ minYear: 2020 })) expect(p.year).toBeGreaterThanOrEqual(2020);
    for (const p of await filtered({ kind: 'recommendation' })) expect(p.kind).toBe('recommendation');
  });

  it('lists every guideline with its counts', async () => {
    const list = await retriever.listGuidelines();
    expect(list.length).toBeGreaterThanOrEqual(99);
    const htn = list.find((g) => /hypertension/i.test(g.title) && g.source.endsWith('.pdf'));
    expect(htn?.recommendations).toBeGreaterThan(10);
    expect(htn?.passages).toBeGreaterThan(htn!.recommendations);
  });
});
