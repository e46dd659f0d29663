// Ranking on the REAL guideline index (built once per test run by test/global-setup.ts).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { PassageStore } from '../../src/retrieval/store.js';

let retriever: LocalRetriever;

beforeAll(() => {
  retriever = new LocalRetriever(PassageStore.open(inject('guidelineIndex'), { readonly: true }));
});

afterAll(async () => {
  await retriever.close();
});

describe('search on the guideline index', () => {
  it('answers the hypertension first-line question with the hypertension recommendation, fully cited', async () => {
    const [top] = await retriever.search('first-line treatment for hypertension in black patients', { top: 5 });
    expect(top).toBeDefined();
    const p = top!.passage;
    expect(p.title).toMatch(/hypertension/i);
    expect(p.kind).toBe('recommendation');
    expect(p.text).toMatch(/thiazide/i);
    expect(p.text).toMatch(/calcium channel blocker/i);
    expect(p.text).toMatch(/black/i);
    expect(p.recommendation).toMatch(/^\d+$/);
    expect(p.strength).toBeTruthy();
    expect(p.version).toBeTruthy();
    expect(p.page).toBeGreaterThan(0);
  });

  it('expands abbreviations: "HTN" and "T2DM" land in the right guidelines', async () => {
    const htn = await retriever.search('HTN medication', { top: 5 });
    expect(htn.filter((h) => /hypertension/i.test(h.passage.title)).length).toBeGreaterThanOrEqual(3);
    const dm = await retriever.search('T2DM A1c target', { top: 5 });
    expect(dm.filter((h) => /diabetes/i.test(h.passage.title)).length).toBeGreaterThanOrEqual(3);
  });

  it('filters by guideline, strength, year and kind', async () => {
    const q = 'exercise therapy';
    for (const h of await retriever.search(q, { top: 10, filters: { guideline: 'low back' } })) expect(h.passage.title).toMatch(/low back/i);
    for (const h of await retriever.search(q, { top: 10, filters: { strength: 'Strong for' } })) expect(h.passage.strength).toBe('Strong for');
    for (const h of await retriever.search(q, { top: 10, filters: { minYear: 2020 } })) expect(h.passage.year).toBeGreaterThanOrEqual(2020);
    const recs = await retriever.search(q, { top: 10, filters: { kind: 'recommendation' } });
    expect(recs.length).toBeGreaterThan(0);
    for (const h of recs) expect(h.passage.kind).toBe('recommendation');
  });

  it('lists every guideline with its counts', async () => {
    const list = await retriever.listGuidelines();
    expect(list.length).toBeGreaterThanOrEqual(99);
    const htn = list.find((g) => /hypertension/i.test(g.title) && g.source.endsWith('.pdf'));
    expect(htn?.recommendations).toBeGreaterThan(10);
    expect(htn?.passages).toBeGreaterThan(htn!.recommendations);
  });
});
