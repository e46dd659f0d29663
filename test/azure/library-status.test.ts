// The library's statuses on the Azure AI Search path: `azure push` writes each guideline's status (from the local
// library, where new editions and `library retire` decide it) into its documents; the retriever leaves superseded editions
// out unless asked and retired ones always, in search and in the recommendation units; a status change on an unchanged
// file rewrites only that field. Real @azure/search-documents against the loopback AI Search service.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localLibraryStatuses, pushGuidelines } from '../../src/azure/push.js';
import { ensureIndex } from '../../src/azure/search-client.js';
import { manifestKey } from '../../src/azure/search-schema.js';
import { ingestPaths } from '../../src/knowledge/ingest.js';
import { createAzureSearchRetriever } from '../../src/retrieval/azure-search.js';
import { PassageStore } from '../../src/retrieval/store.js';
import { startLoopbackAzure, type LoopbackAzure } from '../support/azure-env.js';

const TITLE = 'Screening for High Blood Pressure in Adults';
const edition = (released: string, grade: string) =>
  `---\ntitle: "${TITLE}"\ndeveloper: U.S. Preventive Services Task Force\nreleased: ${released}\n---\n\n# ${TITLE}\n\n## Major Recommendations\n\nThe USPSTF recommends screening for high blood pressure in adults aged 18 years or older. (${grade})\n`;

let azure: LoopbackAzure;
let root: string;
let indexPath: string;
const INDEX = 'library-status-test';

beforeAll(async () => {
  azure = await startLoopbackAzure();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-azure-library-'));
  const kb = path.join(root, 'kb');
  fs.mkdirSync(kb);
  fs.writeFileSync(path.join(kb, 'bp-2007.md'), edition('2007', 'Grade B'));
  fs.writeFileSync(path.join(kb, 'bp-2015.md'), edition('2015', 'Grade A'));
  indexPath = path.join(root, 'index.sqlite');
  const store = PassageStore.open(indexPath);
  expect((await ingestPaths(store, [kb], { workers: 1 })).failed).toEqual([]);
  expect(store.library.entry('bp-2007.md')).toMatchObject({ status: 'superseded', supersededBy: 'bp-2015.md' });
  store.close();
  await ensureIndex(config(), azure.deps);
});

afterAll(async () => {
  await azure?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function config() {
  return azure.config({ AZURE_SEARCH_INDEX: INDEX, CURBSIDE_INDEX: indexPath });
}
const push = () => pushGuidelines(config(), { paths: [path.join(root, 'kb')], retryBaseMs: 1, workers: 1 }, azure.deps);
const docsOf = (docId: string) =>
  [...azure.search.indexes.get(INDEX)!.docs.values()].filter((d: Record<string, any>) => d.doc_id === docId) as Record<
    string,
    any
  >[];
/** A fresh retriever each time: it caches the manifests and the units for minutes, as in production. */
const retriever = () => createAzureSearchRetriever(config(), azure.deps);
const found = async (scope: { includeSuperseded?: boolean } = {}) =>
  [
    ...new Set(
      (await retriever().search('screening for high blood pressure in adults', { filters: scope })).map(
        (h) => h.passage.docId,
      ),
    ),
  ].sort();
const unitDocs = async (scope: { includeSuperseded?: boolean } = {}) =>
  [...new Set((await retriever().recommendationUnits!(undefined, scope))!.units.map((u) => u.statement.docId))].sort();

describe('library status on Azure AI Search', () => {
  it('pushes each edition with its status: the superseded one is left out unless asked for', async () => {
    const report = await push();
    expect(report.pushedFiles.sort()).toEqual(['bp-2007.md', 'bp-2015.md']);
    expect(new Set(docsOf('bp-2007.md').map((d) => d.status))).toEqual(new Set(['superseded']));
    expect(azure.search.indexes.get(INDEX)!.docs.get(manifestKey('bp-2007.md'))).toMatchObject({
      status: 'superseded',
      superseded_by: 'bp-2015.md',
    });
    expect(new Set(docsOf('bp-2015.md').map((d) => d.status))).toEqual(new Set(['current']));

    expect(await found()).toEqual(['bp-2015.md']);
    expect(await found({ includeSuperseded: true })).toEqual(['bp-2007.md', 'bp-2015.md']);
    expect(await unitDocs()).toEqual(['bp-2015.md']);
    expect(await unitDocs({ includeSuperseded: true })).toEqual(['bp-2007.md', 'bp-2015.md']);
    expect([...(await retriever().supersessions!())]).toEqual([
      [
        'bp-2007.md',
        {
          old: { docId: 'bp-2007.md', title: TITLE, edition: '2007', published: '2007' },
          current: { docId: 'bp-2015.md', title: TITLE, edition: '2015', published: '2015' },
        },
      ],
    ]);
  });

  it('a retired edition (an unchanged file) gets its new status without a re-upload, and is never returned', async () => {
    const store = PassageStore.open(indexPath);
    store.library.setRetired('bp-2015.md', true);
    store.close();
    expect(localLibraryStatuses(indexPath).get('bp-2007.md')).toEqual({ status: 'current', supersededBy: null });

    const report = await push();
    expect(report.pushedFiles).toEqual([]);
    expect(report.uploadedPassages).toBe(0);
    expect(report.restatusedFiles.sort()).toEqual(['bp-2007.md', 'bp-2015.md']);
    expect(new Set(docsOf('bp-2015.md').map((d) => d.status))).toEqual(new Set(['retired']));
    // Only the status changed: the vectors and text are as pushed.
    expect(
      docsOf('bp-2015.md')
        .filter((d) => d.kind !== 'guideline')
        .every((d) => Array.isArray(d.content_vector) && d.content.length > 0),
    ).toBe(true);

    expect(await found()).toEqual(['bp-2007.md']);
    expect(await found({ includeSuperseded: true })).toEqual(['bp-2007.md']);
    expect(await unitDocs({ includeSuperseded: true })).toEqual(['bp-2007.md']);
    expect((await push()).restatusedFiles).toEqual([]);
  });
});
