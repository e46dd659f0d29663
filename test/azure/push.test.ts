// `pushGuidelines`: the same parsing as the local index, embeddings, batched upload with per-document retries, skip of
// unchanged files, removal of deleted ones. Real SDK clients against the loopback fakes; fixtures made in a temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { groupsOfSets, pushGuidelines, type PushOptions } from '../../src/azure/push.js';
import { IndexDocumentsBatch } from '@azure/search-documents';
import { createSearchClient, ensureIndex, SEARCH_RETRY } from '../../src/azure/search-client.js';
import { documentKey, manifestDocument, manifestKey, type SearchDocument } from '../../src/azure/search-schema.js';
import { sha256File } from '../../src/knowledge/files.js';
import { parseFile } from '../../src/knowledge/parse.js';
import { startLoopbackAzure, TEST_DIMENSIONS, type LoopbackAzure } from '../support/azure-env.js';

let azure: LoopbackAzure;
let root: string;
let indexName: string;
let counter = 0;

function guideline(title: string, recommendations: string[]): string {
  return [
    '---',
    `title: "${title}"`,
    'developer: U.S. Preventive Services Task Force',
    'released: 2018',
    '---',
    '',
    `# ${title}`,
    '',
    '## Major Recommendations',
    '',
    ...recommendations.flatMap((r) => [r, '']),
    '## Target Population',
    '',
    'Adults in primary care.',
    '',
  ].join('\n');
}

function write(name: string, text: string): string {
  const file = path.join(root, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const docs = () => [...azure.search.indexes.get(indexName)!.docs.values()] as Record<string, any>[];
const passagesOf = (docId: string) => docs().filter((d) => d.doc_id === docId && d.kind !== 'guideline');
const manifestOf = (docId: string) =>
  azure.search.indexes.get(indexName)!.docs.get(manifestKey(docId)) as Record<string, any> | undefined;
const indexCalls = () => azure.search.requests.filter((r) => r.operation === 'docs-index');
const push = (options: PushOptions = {}) =>
  pushGuidelines(
    azure.config({ AZURE_SEARCH_INDEX: indexName }),
    { paths: [root], retryBaseMs: 1, workers: 1, ...options },
    azure.deps,
  );

async function expectedIds(name: string): Promise<string[]> {
  const parsed = await parseFile(path.join(root, name), root);
  return parsed.passages.map((p) => documentKey(p.id)).sort();
}

beforeAll(async () => {
  azure = await startLoopbackAzure();
});
afterAll(async () => azure?.close());
beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-push-'));
  indexName = `push-test-${++counter}`;
  write(
    'uspstf/aspirin.md',
    guideline('Aspirin Use to Prevent Cardiovascular Disease', [
      'The USPSTF recommends initiating low-dose aspirin use for the primary prevention of cardiovascular disease in adults aged 50 to 59 years. (Grade B)',
      'The decision to initiate low-dose aspirin use in adults aged 60 to 69 years should be an individual one. (Grade C)',
    ]),
  );
  write(
    'uspstf/statins.md',
    guideline('Statin Use for the Primary Prevention of Cardiovascular Disease in Adults', [
      'The USPSTF recommends that adults without a history of cardiovascular disease use a low- to moderate-dose statin. (Grade B)',
    ]),
  );
  await ensureIndex(azure.config({ AZURE_SEARCH_INDEX: indexName }), azure.deps);
  azure.search.reset();
  azure.openai.reset();
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('retry policies', () => {
  it('a bulk client (push) rides out a throttled service that an interactive client (a clinician waiting) gives up on', async () => {
    expect(SEARCH_RETRY.bulk.maxRetries).toBeGreaterThan(SEARCH_RETRY.interactive.maxRetries);
    expect(SEARCH_RETRY.bulk.maxRetryDelayInMs).toBeGreaterThan(SEARCH_RETRY.interactive.maxRetryDelayInMs);
    const search = azure.config({ AZURE_SEARCH_INDEX: indexName }).azureSearch!;
    const upload = (profile: 'interactive' | 'bulk') => {
      const batch = new IndexDocumentsBatch<SearchDocument>();
      batch.upload([
        manifestDocument(
          `doc-${profile}`,
          { title: 't', publisher: null, version: null, year: 2020, source: 's.md' },
          'sha',
          [],
          [],
        ),
      ]);
      return createSearchClient(search, azure.deps, profile).indexDocuments(batch);
    };
    // Five 503s in a row (retry-after 1 ms so the test does not wait): 3 tries are not enough, 9 are.
    azure.search.failNext('docs-index', { status: 503, headers: { 'retry-after-ms': '1' } }, 5);
    await expect(upload('interactive')).rejects.toMatchObject({ statusCode: 503 });
    expect(indexCalls()).toHaveLength(SEARCH_RETRY.interactive.maxRetries + 1);
    azure.search.reset();
    azure.search.failNext('docs-index', { status: 503, headers: { 'retry-after-ms': '1' } }, 5);
    await upload('bulk');
    expect(indexCalls()).toHaveLength(6);
    expect(azure.search.indexes.get(indexName)!.docs.has(manifestKey('doc-bulk'))).toBe(true);
  });
});

describe('azure push', () => {
  it('uploads every passage with the local parser ids, a vector, citation metadata and a per-file manifest', async () => {
    const report = await push();
    expect(report.failed).toEqual([]);
    expect(report.pushedFiles.sort()).toEqual(['uspstf/aspirin.md', 'uspstf/statins.md']);
    for (const name of ['uspstf/aspirin.md', 'uspstf/statins.md']) {
      const stored = passagesOf(name);
      expect(stored.map((d) => d.id).sort()).toEqual(await expectedIds(name));
      for (const d of stored) {
        expect(d.content_vector).toHaveLength(TEST_DIMENSIONS);
        expect(d.file_sha).toBe(sha256File(path.join(root, name)));
        expect(d.title).toMatch(/Aspirin|Statin/);
        expect(d.groups).toEqual([]);
      }
      const manifest = manifestOf(name)!;
      expect(manifest).toMatchObject({
        kind: 'guideline',
        file_sha: sha256File(path.join(root, name)),
        passage_count: stored.length,
      });
      expect(manifest.content_vector).toBeUndefined();
    }
    expect(report.uploadedPassages).toBe(
      passagesOf('uspstf/aspirin.md').length + passagesOf('uspstf/statins.md').length,
    );
    // Embeddings were batched, one request per file here, never one per passage.
    const embedCalls = azure.openai.requests.filter((r) => r.kind === 'embeddings');
    expect(embedCalls.length).toBe(2);
    expect(embedCalls.every((r) => r.body.dimensions === TEST_DIMENSIONS)).toBe(true);
  });

  it('skips unchanged files (state kept in the index), re-pushes a changed one and deletes its stale passages', async () => {
    await push();
    azure.search.reset();
    azure.openai.reset();

    const again = await push();
    expect(again.skippedFiles.sort()).toEqual(['uspstf/aspirin.md', 'uspstf/statins.md']);
    expect(again.pushedFiles).toEqual([]);
    expect(indexCalls()).toHaveLength(0);
    expect(azure.openai.requests).toHaveLength(0);

    const before = passagesOf('uspstf/aspirin.md').map((d) => d.id);
    write(
      'uspstf/aspirin.md',
      guideline('Aspirin Use to Prevent Cardiovascular Disease', [
        'The USPSTF recommends against initiating low-dose aspirin for primary prevention in adults 60 years or older. (Grade D)',
      ]),
    );
    const changed = await push();
    expect(changed.pushedFiles).toEqual(['uspstf/aspirin.md']);
    expect(changed.skippedFiles).toEqual(['uspstf/statins.md']);
    const after = passagesOf('uspstf/aspirin.md')
      .map((d) => d.id)
      .sort();
    expect(after).toEqual(await expectedIds('uspstf/aspirin.md'));
    const stale = before.filter((id) => !after.includes(id));
    expect(stale.length).toBeGreaterThan(0);
    expect(changed.deletedPassages).toBe(stale.length);
    expect(manifestOf('uspstf/aspirin.md')!.file_sha).toBe(sha256File(path.join(root, 'uspstf/aspirin.md')));
  });

  it('removes the passages and manifest of a deleted file, unless asked to keep missing files', async () => {
    await push();
    fs.rmSync(path.join(root, 'uspstf/statins.md'));
    const kept = await push({ removeMissing: false });
    expect(kept.removedFiles).toEqual([]);
    expect(passagesOf('uspstf/statins.md').length).toBeGreaterThan(0);

    const report = await push();
    expect(report.removedFiles).toEqual(['uspstf/statins.md']);
    expect(passagesOf('uspstf/statins.md')).toEqual([]);
    expect(manifestOf('uspstf/statins.md')).toBeUndefined();
    expect(passagesOf('uspstf/aspirin.md').length).toBeGreaterThan(0);
  });

  it('retries documents the service rejects with a transient status (207) and reports none lost', async () => {
    const aspirinIds = await expectedIds('uspstf/aspirin.md');
    const rejected = aspirinIds[0]!;
    azure.search.rejectDocuments((key) => key === rejected, 503, 1);
    const report = await push();
    expect(report.failed).toEqual([]);
    expect(report.retries).toBe(1);
    expect(
      passagesOf('uspstf/aspirin.md')
        .map((d) => d.id)
        .sort(),
    ).toEqual(aspirinIds);
    // The retry round re-sent only the rejected document.
    const resent = indexCalls().filter((c) => c.body.value.length === 1 && c.body.value[0].id === rejected);
    expect(resent).toHaveLength(1);
    expect(resent[0]!.body.value[0]['@search.action']).toBe('mergeOrUpload');
  });

  it('reports a permanently rejected document, keeps the old file state, and pushes the file again next time', async () => {
    const [victim] = await expectedIds('uspstf/statins.md');
    azure.search.rejectDocuments((key) => key === victim, 400, 10);
    const report = await push();
    expect(report.failed).toEqual([expect.objectContaining({ key: victim, docId: 'uspstf/statins.md', status: 400 })]);
    expect(report.pushedFiles).toEqual(['uspstf/aspirin.md']);
    expect(manifestOf('uspstf/statins.md')).toBeUndefined();

    azure.search.reset();
    const retry = await push();
    expect(retry.failed).toEqual([]);
    expect(retry.pushedFiles).toEqual(['uspstf/statins.md']);
    expect(retry.skippedFiles).toEqual(['uspstf/aspirin.md']);
  });

  it('survives a whole batch failing with 503 (retried) and tags pushed passages with ACL groups', async () => {
    azure.search.failNext('docs-index', { status: 503, headers: { 'retry-after-ms': '1' } });
    const report = await push({ groups: ['cardiology', 'primary-care'] });
    expect(report.failed).toEqual([]);
    expect(passagesOf('uspstf/statins.md').every((d) => d.groups.join() === 'cardiology,primary-care')).toBe(true);
    // Changing the groups is a change: the files are pushed again rather than skipped.
    const regrouped = await push({ groups: ['cardiology'] });
    expect(regrouped.skippedFiles).toEqual([]);
    expect(manifestOf('uspstf/aspirin.md')!.groups).toEqual(['cardiology']);
  });

  it('reports an unreadable file and still pushes the others', async () => {
    write('broken.pdf', 'this is not a PDF');
    const report = await push();
    expect(report.unreadableFiles.map((u) => u.docId)).toEqual(['broken.pdf']);
    expect(report.pushedFiles.sort()).toEqual(['uspstf/aspirin.md', 'uspstf/statins.md']);
    expect(report.failed).toEqual([]);
  });
});

describe('library sets as search groups', () => {
  it('a document in "all" is open to every team; one in named sets only is restricted to them', () => {
    expect(groupsOfSets(undefined)).toEqual([]);
    expect(groupsOfSets(['all', 'cardiology'])).toEqual([]);
    expect(groupsOfSets([' Primary-Care', 'cardiology'])).toEqual(['cardiology', 'primary-care']);
  });
});
