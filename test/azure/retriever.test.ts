// The Azure AI Search retriever, run with the real @azure/search-documents and openai clients against loopback fakes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/passage.js';
import { createEmbedder, passageEmbeddingText } from '../../src/azure/embeddings.js';
import { createSearchClient, ensureIndex } from '../../src/azure/search-client.js';
import { manifestDocument, passageDocument } from '../../src/azure/search-schema.js';
import { createAzureSearchRetriever, keywordQuery } from '../../src/retrieval/azure-search.js';
import { IndexDocumentsBatch } from '@azure/search-documents';
import {
  bagOfWordsEmbedding,
  BEARER_TOKEN,
  OPENAI_KEY,
  SEARCH_KEY,
  startLoopbackAzure,
  staticTokenCredential,
  TEST_DIMENSIONS,
  type LoopbackAzure,
} from '../support/azure-env.js';

const meta = {
  htn: {
    title: 'VA/DoD Clinical Practice Guideline for the Diagnosis and Management of Hypertension',
    publisher: 'VA/DoD',
    version: '4.0',
    year: 2020,
    source: 'htn.pdf',
  },
  ckd: {
    title: 'VA/DoD Clinical Practice Guideline for the Management of Chronic Kidney Disease',
    publisher: 'VA/DoD',
    version: '4.0',
    year: 2019,
    source: 'ckd.pdf',
  },
  crc: { title: 'Screening for Colorectal Cancer', publisher: 'USPSTF', version: null, year: 2016, source: 'crc.md' },
};

function passage(doc: keyof typeof meta, n: number, fields: Partial<Passage> & { text: string }): Passage {
  return {
    ...meta[doc],
    id: `${doc}#${n}`,
    docId: `guidelines/${doc}`,
    page: 10 + n,
    section: null,
    recommendation: null,
    strength: null,
    kind: 'text',
    ...fields,
  };
}

const PASSAGES: Passage[] = [
  passage('htn', 1, {
    kind: 'recommendation',
    recommendation: '3',
    strength: 'Strong for',
    section: 'Treatment > Blood pressure goals',
    text: 'We recommend treating adults with hypertension to a systolic blood pressure goal below 130 mmHg.',
  }),
  passage('htn', 2, {
    section: 'Pharmacotherapy',
    text: 'Thiazide diuretics, ACE inhibitors or angiotensin receptor blockers are first-line agents for high blood pressure.',
  }),
  passage('ckd', 1, {
    kind: 'recommendation',
    recommendation: '7',
    strength: 'Weak for',
    section: 'Pharmacotherapy',
    text: 'We suggest SGLT2 inhibitors for patients with chronic kidney disease and type 2 diabetes to slow progression.',
  }),
  passage('ckd', 2, {
    section: 'Medication safety',
    text: 'Reduce the metformin dose when eGFR falls below 45 and stop it below 30 in chronic kidney disease.',
  }),
  passage('crc', 1, {
    kind: 'recommendation',
    strength: 'Grade A',
    page: null,
    text: 'The USPSTF recommends screening for colorectal cancer in adults aged 50 to 75 years.',
  }),
];

let azure: LoopbackAzure;

async function populate(): Promise<void> {
  const config = azure.config();
  await ensureIndex(config, azure.deps);
  const embedder = createEmbedder(config, azure.deps)!;
  const vectors = await embedder.embed(PASSAGES.map(passageEmbeddingText));
  const batch = new IndexDocumentsBatch<ReturnType<typeof passageDocument>>();
  const groupsOf = (p: Passage) => (p.docId.endsWith('crc') ? ['oncology-team'] : []);
  batch.upload(PASSAGES.map((p, i) => passageDocument(p, `sha-${p.docId}`, groupsOf(p), vectors[i]!)));
  for (const doc of Object.keys(meta) as (keyof typeof meta)[]) {
    const ps = PASSAGES.filter((p) => p.docId === `guidelines/${doc}`);
    batch.upload([manifestDocument(`guidelines/${doc}`, meta[doc], `sha-${doc}`, groupsOf(ps[0]!), ps)]);
  }
  const result = await createSearchClient(config.azureSearch!, azure.deps).indexDocuments(batch);
  expect(result.results.every((r) => r.succeeded)).toBe(true);
}

const lastSearch = () => azure.search.requests.filter((r) => r.operation === 'docs-search').at(-1)!;

beforeAll(async () => {
  azure = await startLoopbackAzure({ forbiddenTokens: ['reader-without-role'] });
  await populate();
});
afterAll(async () => azure?.close());
beforeEach(() => {
  azure.search.reset();
  azure.openai.reset();
  azure.search.setSemanticAvailable(true);
});

describe('hybrid query', () => {
  it('sends the expanded keyword query, the embedded question and the semantic options, and maps hits back to passages', async () => {
    const question = 'What blood pressure goal for adults with HTN?';
    const retriever = createAzureSearchRetriever(azure.config(), azure.deps);
    const hits = await retriever.search(question, { top: 3 });

    const embedCall = azure.openai.requests.find((r) => r.kind === 'embeddings')!;
    expect(embedCall.path).toBe('/openai/deployments/text-embedding-3-small/embeddings');
    expect(embedCall.body).toMatchObject({ input: [question], dimensions: TEST_DIMENSIONS });
    expect(embedCall.headers['api-key']).toBe(OPENAI_KEY);

    const req = lastSearch();
    expect(req.headers['api-key']).toBe(SEARCH_KEY);
    expect(req.query['api-version']).toBe('2025-09-01');
    const terms = [...String(req.body.search).matchAll(/"[^"]+"|\S+/g)].map((m) => m[0]);
    expect(terms).toEqual(expect.arrayContaining(['htn', 'hypertension', 'bp', '"blood pressure"']));
    expect(req.body).toMatchObject({
      queryType: 'semantic',
      semanticConfiguration: 'curbside-semantic',
      semanticQuery: question,
      semanticErrorHandling: 'partial',
      searchMode: 'any',
      top: 3,
      vectorFilterMode: 'preFilter',
    });
    expect(req.body.filter).toBe(
      "(kind ne 'guideline') and (status ne 'superseded' and status ne 'retired') and (not groups/any())",
    );
    expect(req.body.vectorQueries).toHaveLength(1);
    const vq = req.body.vectorQueries[0];
    expect(vq).toMatchObject({ kind: 'vector', fields: 'content_vector', k: 50 });
    const expected = bagOfWordsEmbedding(question);
    expect(vq.vector.map((x: number) => x.toFixed(6))).toEqual(expected.map((x) => x.toFixed(6)));

    expect(hits[0]!.passage).toEqual(PASSAGES[0]);
    expect(hits.every((h) => h.passage.docId !== 'guidelines/crc')).toBe(true);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));

    // The same text again (e.g. a rewrite step) reuses the query vector instead of calling the deployment again.
    await retriever.search(question, { top: 3 });
    expect(azure.openai.requests.filter((r) => r.kind === 'embeddings')).toHaveLength(1);
    expect(lastSearch().body.vectorQueries[0].vector).toEqual(vq.vector);
  });

  it('drops hits the semantic reranker scores below the floor', async () => {
    const question = 'metformin dose in chronic kidney disease with low eGFR';
    const loose = await createAzureSearchRetriever(
      azure.config({ AZURE_SEARCH_RERANKER_FLOOR: '0' }),
      azure.deps,
    ).search(question);
    const strict = await createAzureSearchRetriever(
      azure.config({ AZURE_SEARCH_RERANKER_FLOOR: '3' }),
      azure.deps,
    ).search(question);
    expect(loose.length).toBeGreaterThan(strict.length);
    expect(strict.length).toBeGreaterThan(0);
    expect(strict.every((h) => h.score >= 3)).toBe(true);
    expect(strict[0]!.passage.id).toBe('ckd#2');
  });

  it('keeps the fused order when the semantic ranker answers partially (throttled), instead of returning nothing', async () => {
    azure.search.setSemanticAvailable(false);
    const hits = await createAzureSearchRetriever(
      azure.config({ AZURE_SEARCH_RERANKER_FLOOR: '3.5' }),
      azure.deps,
    ).search('SGLT2 inhibitors in chronic kidney disease');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.passage.id).toBe('ckd#1');
    expect(hits.every((h) => h.score < 1)).toBe(true); // RRF scores, not reranker scores
  });

  it('runs keyword + vector only when the semantic ranker is turned off', async () => {
    const hits = await createAzureSearchRetriever(
      azure.config({ AZURE_SEARCH_SEMANTIC_CONFIGURATION: 'none' }),
      azure.deps,
    ).search('thiazide diuretics');
    const req = lastSearch();
    expect(req.body.queryType).toBe('simple');
    expect(req.body.semanticQuery).toBeUndefined();
    expect(hits[0]!.passage.id).toBe('htn#2');
  });

  it('still answers from keywords when the embedding deployment fails', async () => {
    azure.openai.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const hits = await createAzureSearchRetriever(azure.config(), azure.deps).search('SGLT2 inhibitors');
    // A waiting clinician gets one retry, not the bulk budget (AZURE_OPENAI_MAX_RETRIES=2 here).
    expect(azure.openai.requests.filter((r) => r.kind === 'embeddings')).toHaveLength(2);
    expect(lastSearch().body.vectorQueries).toBeUndefined();
    expect(hits[0]!.passage.id).toBe('ckd#1');
  });

  it('retries a throttled embedding call (429, retry-after) and a 503 from the search service', async () => {
    azure.openai.enqueue({ status: 429, headers: { 'retry-after-ms': '5' } });
    azure.search.failNext('docs-search', { status: 503, headers: { 'retry-after-ms': '5' } });
    const hits = await createAzureSearchRetriever(azure.config(), azure.deps).search('colorectal cancer screening', {
      filters: {},
    });
    expect(azure.openai.requests.filter((r) => r.kind === 'embeddings')).toHaveLength(2);
    expect(azure.search.requests.filter((r) => r.operation === 'docs-search')).toHaveLength(2);
    expect(lastSearch().body.vectorQueries).toHaveLength(1);
    expect(hits.every((h) => h.passage.docId !== 'guidelines/crc')).toBe(true);
  });
});

describe('filters and access', () => {
  it('maps SearchFilters to OData and resolves a guideline name to its documents', async () => {
    const retriever = createAzureSearchRetriever(azure.config({ AZURE_SEARCH_RERANKER_FLOOR: '0' }), azure.deps);
    const hits = await retriever.search('first-line agents', {
      filters: { guideline: 'kidney', strength: 'Weak for', minYear: 2018, kind: 'recommendation' },
    });
    expect(lastSearch().body.filter).toBe(
      "(kind ne 'guideline') and (search.in(doc_id, 'guidelines/ckd', '|')) and (strength eq 'Weak for') and (year ge 2018) and (kind eq 'recommendation') and (status ne 'superseded' and status ne 'retired') and (not groups/any())",
    );
    expect(hits.map((h) => h.passage.id)).toEqual(['ckd#1']);

    azure.search.reset();
    expect(await retriever.search('anything', { filters: { guideline: 'no such guideline' } })).toEqual([]);
    expect(azure.search.requests.filter((r) => r.operation === 'docs-search')).toHaveLength(0); // list is cached
  });

  it('quotes values so a filter value cannot break out of its string literal', async () => {
    const retriever = createAzureSearchRetriever(azure.config(), azure.deps);
    const hits = await retriever.search('hypertension', { filters: { strength: "Strong for' or kind eq 'guideline" } });
    expect(hits).toEqual([]);
    expect(lastSearch().body.filter).toContain("(strength eq 'Strong for'' or kind eq ''guideline')");
  });

  it('shows group-restricted guidelines only to their groups', async () => {
    const everyone = createAzureSearchRetriever(azure.config({ AZURE_SEARCH_RERANKER_FLOOR: '0' }), azure.deps);
    const oncology = createAzureSearchRetriever(azure.config({ AZURE_SEARCH_RERANKER_FLOOR: '0' }), {
      ...azure.deps,
      groups: ['oncology-team'],
    });
    expect((await everyone.search('colorectal cancer screening')).map((h) => h.passage.docId)).not.toContain(
      'guidelines/crc',
    );
    expect((await oncology.search('colorectal cancer screening'))[0]!.passage.id).toBe('crc#1');
    expect(lastSearch().body.filter).toContain("not groups/any() or groups/any(g: search.in(g, 'oncology-team', '|'))");
    expect((await everyone.listGuidelines()).map((g) => g.source)).toEqual(['htn.pdf', 'ckd.pdf']); // by title
    expect((await oncology.listGuidelines()).map((g) => g.source)).toEqual(['crc.md', 'htn.pdf', 'ckd.pdf']);
  });

  it("a team's library sets (pushed as groups) open its restricted guidelines, in search and in the recommendation units", async () => {
    const everyone = createAzureSearchRetriever(azure.config({ AZURE_SEARCH_RERANKER_FLOOR: '0' }), azure.deps);
    const oncology = { sets: ['oncology-team'] };
    expect((await everyone.search('colorectal cancer screening', { filters: oncology }))[0]!.passage.id).toBe('crc#1');
    expect(lastSearch().body.filter).toContain(
      "not groups/any() or groups/any(g: search.in(g, 'all|oncology-team', '|'))",
    );
    expect(
      (await everyone.search('colorectal cancer screening', { filters: { sets: ['cardiology'] } })).map(
        (h) => h.passage.docId,
      ),
    ).not.toContain('guidelines/crc');
    const units = await everyone.recommendationUnits!(undefined, oncology);
    expect(units!.units.map((u) => u.statement.docId)).toContain('guidelines/crc');
  });

  it('lists guidelines from the per-file manifests', async () => {
    const list = await createAzureSearchRetriever(azure.config(), azure.deps).listGuidelines();
    expect(list[0]).toEqual({ docId: 'guidelines/htn', ...meta.htn, passages: 2, recommendations: 1, path: null });
  });
});

describe('auth and readiness', () => {
  it('uses Entra ID bearer tokens when no API key is configured', async () => {
    const credential = staticTokenCredential();
    const config = azure.config({ AZURE_SEARCH_API_KEY: '', AZURE_OPENAI_API_KEY: '' });
    const hits = await createAzureSearchRetriever(config, { ...azure.deps, credential }).search('SGLT2');
    expect(hits.length).toBeGreaterThan(0);
    const req = lastSearch();
    expect(req.headers.authorization).toBe(`Bearer ${BEARER_TOKEN}`);
    expect(req.headers['api-key']).toBeUndefined();
    const embed = azure.openai.requests.find((r) => r.kind === 'embeddings')!;
    expect(embed.headers.authorization).toBe(`Bearer ${BEARER_TOKEN}`);
    expect(credential.calls.flat()).toEqual(
      expect.arrayContaining(['https://search.azure.com/.default', 'https://cognitiveservices.azure.com/.default']),
    );
  });

  it('check() passes on a populated index and explains 401/403 without echoing secrets', async () => {
    await createAzureSearchRetriever(azure.config(), azure.deps).check();
    const wrongKey = createAzureSearchRetriever(azure.config({ AZURE_SEARCH_API_KEY: 'not-the-key-123' }), azure.deps);
    const err401 = await wrongKey.check().then(
      () => null,
      (e: Error) => e,
    );
    expect(err401?.message).toMatch(/401 unauthorized/);
    expect(err401?.message).not.toContain('not-the-key-123');
    const noRole = createAzureSearchRetriever(azure.config({ AZURE_SEARCH_API_KEY: '' }), {
      ...azure.deps,
      credential: staticTokenCredential('reader-without-role'),
    });
    await expect(noRole.check()).rejects.toThrow(/403 forbidden.*Search Index Data Reader/);
  });

  it('check() says how to fix an empty index', async () => {
    const config = azure.config({ AZURE_SEARCH_INDEX: 'empty-index' });
    await ensureIndex(config, azure.deps);
    await expect(createAzureSearchRetriever(config, azure.deps).check()).rejects.toThrow(
      /empty: run `curbside azure push`/,
    );
  });
});

describe('keywordQuery', () => {
  it('is the local engine query plan in the service simple syntax', () => {
    expect(keywordQuery('Zoloft dose?').split(' ')).toEqual(expect.arrayContaining(['zoloft', 'dose', 'sertraline']));
    expect(keywordQuery('low back pain')).toContain('"low back pain"');
  });
});

describe('recommendation units through Azure AI Search', () => {
  it('lists every passage the caller may see and groups the recommendations, as the local engine does', async () => {
    const open = createAzureSearchRetriever(azure.config(), azure.deps);
    const units = (await open.recommendationUnits!())!;
    expect(units.units.map((u) => u.key).sort()).toEqual(['guidelines/ckd#7', 'guidelines/htn#3']);
    expect(
      units.search('sglt2 inhibitor for chronic kidney disease with diabetes')[0]!.unit.statement.recommendation,
    ).toBe('7');
    // Group-restricted guidelines join only for their groups.
    const oncology = createAzureSearchRetriever(azure.config(), { ...azure.deps, groups: ['oncology-team'] });
    expect((await oncology.recommendationUnits!())!.units.some((u) => u.statement.source === 'crc.md')).toBe(true);
  });
});
