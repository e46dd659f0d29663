// `ensureIndex`: the index definition the real SDK sends, idempotence, and the errors an admin sees.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IndexDocumentsBatch } from '@azure/search-documents';
import {
  allDocuments,
  createSearchClient,
  createSearchIndexClient,
  ensureIndex,
  IndexSchemaError,
} from '../../src/azure/search-client.js';
import {
  buildIndexDefinition,
  manifestDocument,
  SEMANTIC_FIELDS,
  type SearchDocument,
} from '../../src/azure/search-schema.js';
import {
  SEARCH_KEY,
  startLoopbackAzure,
  staticTokenCredential,
  TEST_DIMENSIONS,
  type LoopbackAzure,
} from '../support/azure-env.js';

let azure: LoopbackAzure;
beforeAll(async () => {
  azure = await startLoopbackAzure({ forbiddenTokens: ['no-contributor-role'] });
});
afterAll(async () => azure?.close());
beforeEach(() => azure.search.reset());

describe('ensureIndex', () => {
  it('creates the index with vector, semantic, filterable metadata and ACL fields, then updates it in place', async () => {
    const config = azure.config({ AZURE_SEARCH_INDEX: 'schema-test' });
    expect(await ensureIndex(config, azure.deps)).toEqual({ created: true, dimensions: TEST_DIMENSIONS });

    const put = azure.search.requests.find((r) => r.operation === 'index-put')!;
    expect(put.path).toBe("/indexes('schema-test')");
    expect(put.headers['api-key']).toBe(SEARCH_KEY);
    const fields = Object.fromEntries((put.body.fields as any[]).map((f) => [f.name, f]));
    expect(fields.id).toMatchObject({ type: 'Edm.String', key: true });
    expect(fields.content).toMatchObject({ type: 'Edm.String', searchable: true, analyzer: 'en.microsoft' });
    expect(fields.content_vector).toMatchObject({
      type: 'Collection(Edm.Single)',
      searchable: true,
      retrievable: false,
      dimensions: TEST_DIMENSIONS,
      vectorSearchProfile: 'curbside-vector-profile',
    });
    for (const name of ['doc_id', 'kind', 'publisher', 'year', 'source', 'strength'])
      expect(fields[name]).toMatchObject({ filterable: true, facetable: true });
    for (const name of ['title', 'version', 'page', 'recommendation', 'file_sha', 'chunk_id'])
      expect(fields[name]?.filterable).toBe(true);
    expect(fields.section).toMatchObject({ searchable: true });
    expect(fields.groups).toMatchObject({ type: 'Collection(Edm.String)', filterable: true });
    expect(put.body.vectorSearch).toEqual({
      profiles: [{ name: 'curbside-vector-profile', algorithm: 'curbside-hnsw' }],
      algorithms: [
        {
          name: 'curbside-hnsw',
          kind: 'hnsw',
          hnswParameters: { m: 4, efConstruction: 400, efSearch: 500, metric: 'cosine' },
        },
      ],
    });
    expect(put.body.semantic).toEqual({
      defaultConfiguration: 'curbside-semantic',
      configurations: [
        {
          name: 'curbside-semantic',
          prioritizedFields: {
            titleField: { fieldName: 'title' },
            prioritizedContentFields: [{ fieldName: 'content' }],
            prioritizedKeywordsFields: [{ fieldName: 'section' }, { fieldName: 'strength' }],
          },
        },
      ],
    });

    // Idempotent: a second run updates the same definition and keeps the documents.
    expect(await ensureIndex(config, azure.deps)).toEqual({ created: false, dimensions: TEST_DIMENSIONS });
    const puts = azure.search.requests.filter((r) => r.operation === 'index-put');
    expect(puts).toHaveLength(2);
    expect(puts[1]!.body).toEqual(puts[0]!.body);
  });

  it('refuses to change vector dimensions in place, before sending anything destructive', async () => {
    const config = azure.config({ AZURE_SEARCH_INDEX: 'dims-test' });
    await ensureIndex(config, azure.deps);
    azure.search.reset();
    const bigger = azure.config({ AZURE_SEARCH_INDEX: 'dims-test', AZURE_OPENAI_EMBEDDING_DIMENSIONS: '3072' });
    const err = await ensureIndex(bigger, azure.deps).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IndexSchemaError);
    expect((err as Error).message).toMatch(/64-dimension vectors but AZURE_OPENAI_EMBEDDING_DIMENSIONS is 3072/);
    expect(azure.search.requests.filter((r) => r.operation === 'index-put')).toHaveLength(0);
  });

  it('names only searchable, retrievable string fields in the semantic configuration; the fake refuses any other', async () => {
    const config = azure.config({ AZURE_SEARCH_INDEX: 'semantic-rules' });
    await ensureIndex(config, azure.deps);
    const put = azure.search.requests.find((r) => r.operation === 'index-put')!;
    const fields = Object.fromEntries((put.body.fields as any[]).map((f) => [f.name, f]));
    const named = [SEMANTIC_FIELDS.title, ...SEMANTIC_FIELDS.content, ...SEMANTIC_FIELDS.keywords];
    expect(named).toContain('strength');
    for (const name of named) {
      expect(fields[name], name).toMatchObject({ type: 'Edm.String', searchable: true });
      expect(fields[name].retrievable, name).not.toBe(false); // absent = the service's default, retrievable
    }

    // The definition the review found (strength a keyword field but not searchable) is what the service answers 400 to.
    const broken = buildIndexDefinition(config.azureSearch!, 64);
    broken.name = 'semantic-broken';
    broken.fields = broken.fields.map((f) =>
      f.name === 'strength' ? { ...f, searchable: false, analyzerName: undefined } : f,
    ) as typeof broken.fields;
    const err = await createSearchIndexClient(config.azureSearch!, azure.deps)
      .createOrUpdateIndex(broken)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((err as { statusCode?: number }).statusCode).toBe(400);
    expect((err as Error).message).toMatch(/field 'strength' must be searchable/);
    expect(azure.search.indexes.has('semantic-broken')).toBe(false);
  });

  it('omits the semantic configuration when it is turned off', async () => {
    await ensureIndex(
      azure.config({ AZURE_SEARCH_INDEX: 'no-semantic', AZURE_SEARCH_SEMANTIC_CONFIGURATION: 'none' }),
      azure.deps,
    );
    expect(azure.search.requests.find((r) => r.operation === 'index-put')!.body.semantic).toBeUndefined();
  });

  it('authenticates with Entra ID when no key is set, and explains a missing role', async () => {
    const config = azure.config({ AZURE_SEARCH_INDEX: 'rbac-test', AZURE_SEARCH_API_KEY: '' });
    await ensureIndex(config, { ...azure.deps, credential: staticTokenCredential() });
    expect(azure.search.requests.at(-1)!.headers.authorization).toMatch(/^Bearer /);
    await expect(
      ensureIndex(config, { ...azure.deps, credential: staticTokenCredential('no-contributor-role') }),
    ).rejects.toThrow(/403 forbidden: this identity \(DefaultAzureCredential\) lacks a data-plane role/);
  });

  it('retries a throttled request (503 with retry-after)', async () => {
    azure.search.failNext('index-put', { status: 503, headers: { 'retry-after-ms': '5' } });
    await ensureIndex(azure.config({ AZURE_SEARCH_INDEX: 'retry-test' }), azure.deps);
    expect(azure.search.requests.filter((r) => r.operation === 'index-put')).toHaveLength(2);
    expect(azure.search.indexes.has('retry-test')).toBe(true);
  });
});

describe('allDocuments', () => {
  it('pages past the 1,000-document limit by key, without gaps or duplicates', async () => {
    const config = azure.config({ AZURE_SEARCH_INDEX: 'paging-test' });
    await ensureIndex(config, azure.deps);
    const client = createSearchClient(config.azureSearch!, azure.deps);
    const meta = { title: 't', publisher: null, version: null, year: 2020, source: 's.md' };
    const docs: SearchDocument[] = Array.from({ length: 2345 }, (_, i) =>
      manifestDocument(`doc-${i}`, meta, 'sha', [], []),
    );
    for (let i = 0; i < docs.length; i += 1000) {
      const batch = new IndexDocumentsBatch<SearchDocument>();
      batch.upload(docs.slice(i, i + 1000));
      await client.indexDocuments(batch);
    }
    azure.search.reset();
    const all = await allDocuments(client, "kind eq 'guideline'", ['doc_id']);
    expect(all).toHaveLength(2345);
    expect(new Set(all.map((d) => d.doc_id)).size).toBe(2345);
    const pages = azure.search.requests.filter((r) => r.operation === 'docs-search');
    expect(pages).toHaveLength(3);
    expect(pages[1]!.body.filter).toMatch(/^\(kind eq 'guideline'\) and id gt '/);
    expect(pages.every((p) => p.body.orderby === 'id asc' && p.body.top === 1000)).toBe(true);
  });
});
