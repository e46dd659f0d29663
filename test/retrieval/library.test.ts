// The library model over a real SQLite index: editions of a family (a real USPSTF summary and an edited copy of it that
// this test writes, with a changed grade and one added statement), a local protocol in a team's set, supersession in
// search and answers, retiring, sets, and what changed between editions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPipeline, sourcesFooter } from '../../src/answer/pipeline.js';
import { ingestPaths } from '../../src/knowledge/ingest.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { diffFamily, findDocument, retire, setDocumentSets } from '../../src/retrieval/library-admin.js';
import { familyOf, resolveScopeSets } from '../../src/retrieval/library.js';
import { PassageStore } from '../../src/retrieval/store.js';
import { REPO_ROOT } from '../../src/config.js';

const PAD_2013 = fs.readFileSync(
  path.join(REPO_ROOT, '..', 'shared', 'guidelines', 'ngc-federal', 'ngc-10008.md'),
  'utf8',
);
const STATEMENT_2013 = /The USPSTF concludes that the current evidence is insufficient[^\n]*\(I statement\)/;

/** The next edition: released later, the I statement re-graded to B, and one new C statement. */
function nextEdition(text: string): string {
  expect(text).toMatch(STATEMENT_2013);
  return text
    .replace(/^released: .*$/m, 'released: "2024 Jan 9"')
    .replace(
      STATEMENT_2013,
      (s) =>
        `${s.replace('(I statement)', '(B recommendation)')}\n\nThe USPSTF recommends measuring the ankle–brachial index in adults with leg pain on walking before referral for vascular imaging. (C recommendation)`,
    );
}

const PROTOCOL = `---
title: Ward 7 anticoagulation protocol
type: local-protocol
organisation: St Elsewhere Hospital
published: 2026-05-01
sets: [cardiology]
---

# Ward 7 anticoagulation protocol

## Recommendations

Recommendation 1: Offer apixaban to adults with atrial fibrillation and a CHA2DS2-VASc score of 2 or more. (Strong for)

Recommendation 2: Do not use aspirin alone for stroke prevention in atrial fibrillation. (Strong against)
`;

let dir: string;
let kb: string;
let store: PassageStore;
let retriever: LocalRetriever;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-library-'));
  kb = path.join(dir, 'kb');
  fs.mkdirSync(kb);
  fs.writeFileSync(path.join(kb, 'pad-2013.md'), PAD_2013);
  fs.writeFileSync(path.join(kb, 'pad-2024.md'), nextEdition(PAD_2013));
  fs.writeFileSync(path.join(kb, 'anticoagulation.md'), PROTOCOL);
  store = PassageStore.open(path.join(dir, 'index.sqlite'));
  const report = await ingestPaths(store, [kb], { workers: 1 });
  expect(report.failed).toEqual([]);
  retriever = new LocalRetriever(store);
});

afterAll(async () => {
  await retriever.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const docsOf = (hits: { passage: { docId: string } }[]) => [...new Set(hits.map((h) => h.passage.docId))].sort();

describe('library model', () => {
  it('seeds family, body, edition, dates, status and sets from the files; the newer edition supersedes the older', () => {
    const byId = Object.fromEntries(store.library.entries().map((e) => [e.docId, e]));
    const family = familyOf(byId['pad-2013.md']!.title);
    expect(byId['pad-2013.md']).toMatchObject({
      family,
      body: 'USPSTF',
      published: '2013',
      status: 'superseded',
      supersededBy: 'pad-2024.md',
      sets: ['all'],
      origin: 'national',
    });
    expect(byId['pad-2024.md']).toMatchObject({ family, published: '2024', status: 'current', supersededBy: null });
    expect(byId['anticoagulation.md']).toMatchObject({
      body: 'St Elsewhere Hospital',
      origin: 'local',
      edition: 'Local protocol: St Elsewhere Hospital, 2026-05-01',
      published: '2026-05-01',
      sets: ['cardiology'],
      status: 'current',
      recommendations: 2,
    });
  });

  it('search leaves superseded editions out unless asked, and keeps a team to its sets plus "all"', async () => {
    const pad = 'ankle brachial index screening peripheral artery disease';
    expect(docsOf(await retriever.search(pad, { top: 20 }))).toEqual(['pad-2024.md']);
    expect(docsOf(await retriever.search(pad, { top: 20, filters: { includeSuperseded: true } }))).toEqual([
      'pad-2013.md',
      'pad-2024.md',
    ]);
    const af = 'apixaban atrial fibrillation stroke prevention';
    expect(docsOf(await retriever.search(af, { top: 20, filters: { sets: ['cardiology'] } }))).toContain(
      'anticoagulation.md',
    );
    expect(docsOf(await retriever.search(af, { top: 20, filters: { sets: ['primary-care'] } }))).not.toContain(
      'anticoagulation.md',
    );
    // Everything a team outside cardiology may see is still there.
    expect(docsOf(await retriever.search(pad, { top: 20, filters: { sets: ['primary-care'] } }))).toEqual([
      'pad-2024.md',
    ]);
  });

  it("answers draw on the conversation's sets and say which edition replaced a superseded one they would have used", async () => {
    const pipeline = createPipeline({
      config: loadConfig({}),
      retriever,
      model: null,
      now: () => new Date('2026-06-01T00:00:00Z'),
    });
    const cardiology = await pipeline.answer({
      question: 'Should I start apixaban for stroke prevention in atrial fibrillation?',
      scope: { sets: ['cardiology'] },
    });
    expect(cardiology.citations.map((c) => c.docId)).toContain('anticoagulation.md');
    expect(cardiology.citations[0]!.version).toBe('Local protocol: St Elsewhere Hospital, 2026-05-01');
    const primary = await pipeline.answer({
      question: 'Should I start apixaban for stroke prevention in atrial fibrillation?',
      scope: { sets: ['primary-care'] },
    });
    expect(primary.citations.map((c) => c.docId)).not.toContain('anticoagulation.md');

    const pad = await pipeline.answer({
      question: 'Should adults be screened for peripheral artery disease with the ankle-brachial index?',
    });
    expect(pad.citations.map((c) => c.docId)).not.toContain('pad-2013.md');
    expect(pad.answer).toMatch(/2006 Feb \(revised 2013 Sep 3\) was left out: superseded by 2024 Jan 9\./);

    const both = await pipeline.answer({
      question: 'Should adults be screened for peripheral artery disease with the ankle-brachial index?',
      scope: { includeSuperseded: true },
    });
    expect(both.answer).not.toMatch(/was left out/);
    // A superseded edition that is cited (superseded editions let in) says a newer one is loaded.
    const old = store.documentPassages('pad-2013.md');
    const footer = sourcesFooter(old, new Date('2026-06-01T00:00:00Z'), {
      supersessions: await retriever.supersessions(),
      staleAfterYears: 5,
    });
    expect(footer).toMatch(/: 2006 Feb \(revised 2013 Sep 3\) \(superseded: a newer edition is loaded, 2024 Jan 9\)$/m);
    expect(footer).not.toMatch(/No newer edition/);
    // Without a newer edition, an old source gets the one freshness line, at the configured age.
    expect(
      sourcesFooter(store.documentPassages('pad-2024.md'), new Date('2026-06-01T00:00:00Z'), { staleAfterYears: 1 }),
    ).toMatch(/published more than 1 year ago/);
  });

  it('lists what changed between the editions: the re-graded statement and the added one', () => {
    const diff = diffFamily(store, 'peripheral artery');
    expect([diff.older.docId, diff.newer.docId]).toEqual(['pad-2013.md', 'pad-2024.md']);
    expect(diff.counts).toEqual({ added: 1, removed: 0, 're-graded': 1, reworded: 0 });
    const regraded = diff.changes.find((c) => c.kind === 're-graded')!;
    expect([regraded.oldStrength, regraded.newStrength]).toEqual(['I statement', 'Grade B']);
    expect(diff.changes.find((c) => c.kind === 'added')!.newText).toMatch(
      /^The USPSTF recommends measuring the ankle–brachial index in adults with leg pain/,
    );
  });

  it('retiring a document takes it out of search; bringing it back restores it', async () => {
    retire(store, 'anticoagulation.md');
    expect(findDocument(store, 'anticoagulation').status).toBe('retired');
    expect(
      docsOf(await retriever.search('apixaban atrial fibrillation', { top: 20, filters: { includeSuperseded: true } })),
    ).not.toContain('anticoagulation.md');
    retire(store, 'anticoagulation.md', false);
    expect(docsOf(await retriever.search('apixaban atrial fibrillation', { top: 20 }))).toContain('anticoagulation.md');
  });

  it("an administrator's sets outlive a re-ingest of the changed file; deleting the newer edition makes the older current again", async () => {
    setDocumentSets(store, 'anticoagulation.md', ['cardiology', 'emergency']);
    fs.appendFileSync(
      path.join(kb, 'anticoagulation.md'),
      '\nRecommendation 3: Check renal function before starting a direct oral anticoagulant. (Strong for)\n',
    );
    fs.rmSync(path.join(kb, 'pad-2024.md'));
    const report = await ingestPaths(store, [kb], { workers: 1 });
    expect([report.updated, report.removed]).toEqual([1, 1]);
    expect(findDocument(store, 'anticoagulation.md')).toMatchObject({
      sets: ['cardiology', 'emergency'],
      recommendations: 3,
    });
    expect(findDocument(store, 'pad-2013.md')).toMatchObject({ status: 'current', supersededBy: null });
  });

  it('reads its settings from the environment: library folder under the data directory, freshness age, default sets, admins', () => {
    expect(loadConfig({ CURBSIDE_DATA_DIR: '/srv/curbside' }).library).toEqual({
      dir: '/srv/curbside/library',
      staleAfterYears: 5,
      defaultSets: ['all'],
      admins: [],
    });
    const set = loadConfig({
      CURBSIDE_LIBRARY_DIR: '/srv/protocols',
      CURBSIDE_STALE_AFTER_YEARS: '3',
      CURBSIDE_DEFAULT_SETS: 'all, primary-care',
      CURBSIDE_LIBRARY_ADMINS: 'oid-1,oid-2',
    });
    expect(set.library).toEqual({
      dir: '/srv/protocols',
      staleAfterYears: 3,
      defaultSets: ['all', 'primary-care'],
      admins: ['oid-1', 'oid-2'],
    });
  });

  it("a conversation's sets: its channel's, else its team's, else its user's", () => {
    const mappings = [
      { kind: 'team' as const, id: 'T1', sets: ['cardiology'] },
      { kind: 'channel' as const, id: 'C2', sets: ['icu'] },
      { kind: 'user' as const, id: 'U1', sets: ['primary-care'] },
    ];
    expect(resolveScopeSets(mappings, { team: 'T1', channel: 'C2', user: 'U1' })).toEqual(['icu']);
    expect(resolveScopeSets(mappings, { team: 'T1', channel: 'C9', user: 'U1' })).toEqual(['cardiology']);
    expect(resolveScopeSets(mappings, { user: 'U1' })).toEqual(['primary-care']);
    expect(resolveScopeSets(mappings, { team: 'T9', user: 'U9' })).toBeNull();
  });
});
