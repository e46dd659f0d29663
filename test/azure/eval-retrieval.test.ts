// `eval retrieval --engine azure`: a BEIR folder made here is pushed into a separate evaluation index on the loopback
// Azure AI Search (real SDK over HTTPS, embeddings from the loopback Azure OpenAI), every query runs through the
// production retriever, and the metrics follow from what the fake returns: exact-text queries find their passage first;
// one query is labelled with a passage that shares no word with it, which the reranker floor drops, so it scores 0.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { documentKey } from '../../src/azure/search-schema.js';
import { createAzureSearchRetriever } from '../../src/retrieval/azure-search.js';
import { evaluateBeirOnAzure } from '../../src/retrieval/evaluate-azure.js';
import { startLoopbackAzure, TEST_DIMENSIONS, type LoopbackAzure } from '../support/azure-env.js';

const CORPUS = [
  {
    _id: 'd1',
    title: 'Hypertension',
    text: 'Thiazide diuretics lower blood pressure in adults with uncomplicated hypertension.',
  },
  {
    _id: 'd2',
    title: 'Asthma',
    text: 'Inhaled corticosteroids reduce exacerbations in persistent asthma of children.',
  },
  {
    _id: 'd3',
    title: 'Anticoagulation',
    text: 'Apixaban prevents stroke in nonvalvular atrial fibrillation with elevated embolic risk.',
  },
  { _id: 'd4', title: 'Diabetes', text: 'Metformin remains initial pharmacotherapy for type two diabetes mellitus.' },
  {
    _id: 'd5',
    title: 'Osteoporosis',
    text: 'Bisphosphonates decrease vertebral fractures among postmenopausal women with osteoporosis.',
  },
];
// q1-q3 are the exact text of their passage; q4 asks about d4's words but is labelled with d5.
const QUERIES = [
  { _id: 'q1', text: CORPUS[0]!.text, gold: 'd1' },
  { _id: 'q2', text: CORPUS[1]!.text, gold: 'd2' },
  { _id: 'q3', text: CORPUS[2]!.text, gold: 'd3' },
  { _id: 'q4', text: CORPUS[3]!.text, gold: 'd5' },
];

let azure: LoopbackAzure;
let work: string;
let beirDir: string;
let guidelines: string;

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
/** Independently of the code under test: `<index>-eval-` + 8 hex of sha256(corpus sha256, distractor choice, embedding setup). */
const expectedIndex = (withGuidelines: boolean) => {
  const key = [
    sha256(fs.readFileSync(path.join(beirDir, 'corpus.jsonl'))),
    withGuidelines ? 'with-guidelines' : 'corpus-only',
    'text-embedding-3-small',
    TEST_DIMENSIONS,
  ];
  return `guidelines-test-eval-${sha256(key.join('\n')).slice(0, 8)}`;
};
const queryRequests = () => azure.search.requests.filter((r) => r.operation === 'docs-search' && r.body?.vectorQueries);
const uploads = () =>
  azure.search.requests
    .filter((r) => r.operation === 'docs-index')
    .flatMap((r) => r.body.value as Record<string, any>[]);
const config = (overrides: Record<string, string> = {}) =>
  azure.config({ CURBSIDE_GUIDELINES: guidelines, CURBSIDE_DATA_DIR: path.join(work, 'data'), ...overrides });

beforeAll(async () => {
  azure = await startLoopbackAzure();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-azure-eval-'));
  beirDir = path.join(work, 'tinyqa');
  fs.mkdirSync(path.join(beirDir, 'qrels'), { recursive: true });
  fs.writeFileSync(path.join(beirDir, 'corpus.jsonl'), CORPUS.map((d) => JSON.stringify(d)).join('\n') + '\n');
  fs.writeFileSync(
    path.join(beirDir, 'queries.jsonl'),
    QUERIES.map(({ _id, text }) => JSON.stringify({ _id, text })).join('\n') + '\n',
  );
  fs.writeFileSync(
    path.join(beirDir, 'qrels', 'test.tsv'),
    ['query-id\tcorpus-id\tscore', ...QUERIES.map((q) => `${q._id}\t${q.gold}\t1`)].join('\n') + '\n',
  );
  guidelines = path.join(work, 'guidelines');
  fs.mkdirSync(path.join(guidelines, 'uspstf'), { recursive: true });
  fs.writeFileSync(
    path.join(guidelines, 'uspstf', 'falls.md'),
    [
      '---',
      'title: "Falls Prevention in Community-Dwelling Older Adults"',
      'developer: USPSTF',
      'released: 2018',
      '---',
      '',
      '## Major Recommendations',
      '',
      'The USPSTF recommends exercise interventions to prevent falls in community-dwelling adults 65 years or older. (Grade B)',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await azure?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  azure.search.reset();
  azure.openai.reset();
});

const EXPECTED_METRICS = {
  queries: 4,
  recall_at_1: 0.75,
  recall_at_5: 0.75,
  recall_at_10: 0.75,
  mrr_at_10: 0.75,
  ndcg_at_10: 0.75,
};

describe('evaluateBeirOnAzure', () => {
  it('creates the eval index, uploads embedded passages, searches once per query with vector + text, then deletes the index', async () => {
    const index = expectedIndex(false);
    const result = await evaluateBeirOnAzure(config(), { beirDir, split: 'test' }, azure.deps);
    expect(result).toEqual({
      dataset: 'tinyqa',
      split: 'test',
      index,
      kept: false,
      passages: 5,
      uploaded: 5,
      distractorFiles: 0,
      metrics: EXPECTED_METRICS,
    });

    // Production is never touched: every request names the eval index.
    expect(azure.search.requests.length).toBeGreaterThan(0);
    for (const r of azure.search.requests) expect(decodeURIComponent(r.path)).toContain(index);
    const put = azure.search.requests.filter((r) => r.operation === 'index-put');
    expect(put).toHaveLength(1);
    expect(put[0]!.body.name).toBe(index);

    const passages = uploads().filter((d) => d.kind !== 'guideline');
    expect(passages.map((d) => d.id).sort()).toEqual(CORPUS.map((d) => documentKey(d._id)).sort());
    expect(
      passages.every((d) => d.content_vector?.length === TEST_DIMENSIONS && d.doc_id === 'beir/tinyqa/corpus.jsonl'),
    ).toBe(true);
    expect(uploads().filter((d) => d.kind === 'guideline')).toHaveLength(1);

    const searches = queryRequests();
    expect(searches.map((r) => r.body.vectorQueries[0].vector.length)).toEqual(QUERIES.map(() => TEST_DIMENSIONS));
    expect(searches.every((r) => typeof r.body.search === 'string' && r.body.search !== '*' && r.body.top === 10)).toBe(
      true,
    );
    // The query embeddings and passage embeddings both went to the configured deployment.
    const embedded = azure.openai.requests.filter((r) => r.kind === 'embeddings');
    expect(new Set(embedded.map((r) => r.deployment))).toEqual(new Set(['text-embedding-3-small']));
    expect(embedded.flatMap((r) => r.body.input as string[])).toHaveLength(CORPUS.length + QUERIES.length);

    expect(azure.search.requests.at(-1)!.operation).toBe('index-delete');
    expect(azure.search.indexes.has(index)).toBe(false);
  });

  it('--keep-index keeps the index, and a re-run skips the upload and scores the same', async () => {
    const index = expectedIndex(false);
    const first = await evaluateBeirOnAzure(config(), { beirDir, split: 'test', keepIndex: true }, azure.deps);
    expect(first).toMatchObject({ index, kept: true, uploaded: 5, metrics: EXPECTED_METRICS });
    expect(azure.search.indexes.get(index)!.docs.size).toBe(6);
    azure.search.reset();
    const second = await evaluateBeirOnAzure(config(), { beirDir, split: 'test' }, azure.deps);
    expect(second).toMatchObject({ index, kept: false, uploaded: 0, metrics: EXPECTED_METRICS });
    expect(uploads()).toEqual([]);
    expect(queryRequests()).toHaveLength(QUERIES.length);
    expect(azure.search.indexes.has(index)).toBe(false);
  });

  it('--with-guidelines pushes the guideline files into a different eval index; only BEIR passages count as hits', async () => {
    const index = expectedIndex(true);
    expect(index).not.toBe(expectedIndex(false));
    const result = await evaluateBeirOnAzure(
      config(),
      { beirDir, split: 'test', withGuidelines: true, keepIndex: true },
      azure.deps,
    );
    expect(result).toMatchObject({ index, distractorFiles: 1, uploaded: 5, metrics: EXPECTED_METRICS });
    const docs = [...azure.search.indexes.get(index)!.docs.values()] as Record<string, any>[];
    expect(new Set(docs.map((d) => d.doc_id))).toEqual(new Set(['uspstf/falls.md', 'beir/tinyqa/corpus.jsonl']));
    // A query that matches only the guideline passage finds it, but it is no hit for the metrics.
    const fallsOnly = path.join(work, 'falls-query');
    fs.mkdirSync(path.join(fallsOnly, 'qrels'), { recursive: true });
    fs.copyFileSync(path.join(beirDir, 'corpus.jsonl'), path.join(fallsOnly, 'corpus.jsonl'));
    // Same corpus bytes, so the same (kept) index; the passage id "uspstf/falls.md..." is labelled relevant by id only.
    const fallsId = docs.find((d) => d.doc_id === 'uspstf/falls.md' && d.kind !== 'guideline')!.chunk_id as string;
    fs.writeFileSync(
      path.join(fallsOnly, 'queries.jsonl'),
      JSON.stringify({ _id: 'f1', text: 'exercise interventions to prevent falls in community-dwelling adults' }) +
        '\n',
    );
    fs.writeFileSync(path.join(fallsOnly, 'qrels', 'test.tsv'), `f1\t${fallsId}\t1\n`);
    // The production retriever on the kept index ranks the guideline passage first for it...
    const retriever = createAzureSearchRetriever(config({ AZURE_SEARCH_INDEX: index }), azure.deps);
    const hits = await retriever.search('exercise interventions to prevent falls in community-dwelling adults', {
      top: 10,
    });
    expect(hits[0]?.passage.id).toBe(fallsId);
    // ...and the evaluation still counts it as no hit.
    azure.search.reset();
    const falls = await evaluateBeirOnAzure(
      config(),
      { beirDir: fallsOnly, split: 'test', withGuidelines: true },
      azure.deps,
    );
    expect(falls.index).toBe(index);
    expect(falls.metrics.recall_at_10).toBe(0);
    expect(queryRequests()).toHaveLength(1);
    expect(azure.search.indexes.has(index)).toBe(false);
  });
});

describe('curbside eval retrieval --engine azure', () => {
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(REPO_ROOT, 'bin/curbside.js'), ...args],
        { cwd: REPO_ROOT, env, timeout: 120_000 },
        (err, stdout, stderr) => {
          const code = err
            ? typeof (err as { code?: unknown }).code === 'number'
              ? (err as { code: number }).code
              : 1
            : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
  const env = (): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.homedir(),
    ...azure.env,
    NODE_EXTRA_CA_CERTS: azure.caFile,
    CURBSIDE_DATA_DIR: path.join(work, 'data'),
    CURBSIDE_GUIDELINES: guidelines,
    LOG_LEVEL: 'warn',
  });

  it("--json prints exactly the local engine's metrics object", async () => {
    const out = await run(['eval', 'retrieval', '--beir', beirDir, '--engine', 'azure', '--json'], env());
    expect(out.code, out.stderr).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json)).toEqual([
      'queries',
      'recall_at_1',
      'recall_at_5',
      'recall_at_10',
      'mrr_at_10',
      'ndcg_at_10',
    ]);
    expect(json).toEqual(EXPECTED_METRICS);
    expect(out.stderr).toContain(`eval index "${expectedIndex(false)}" created`);
    expect(azure.search.indexes.has(expectedIndex(false))).toBe(false);
  });

  it('explains a missing Azure configuration', async () => {
    const { AZURE_SEARCH_ENDPOINT: _omit, ...noSearch } = env();
    const out = await run(['eval', 'retrieval', '--beir', beirDir, '--engine', 'azure', '--json'], {
      ...noSearch,
      CURBSIDE_RETRIEVAL_ENGINE: 'local',
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/Azure AI Search is not configured: set AZURE_SEARCH_ENDPOINT/);
    expect(out.stdout).toBe('');
  });
});
