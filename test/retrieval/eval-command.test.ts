// `curbside eval retrieval --json` end to end, as a real child process on a small generated BEIR folder.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';

const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-beir-test-'));
  const topics = [
    'gout allopurinol urate',
    'asthma inhaler corticosteroid',
    'migraine triptan aura',
    'anemia iron ferritin',
    'glaucoma intraocular pressure',
  ];
  const corpus = topics.map((t, i) =>
    JSON.stringify({ _id: `d${i}`, title: `Topic ${i}`, text: `Guidance on ${t} for adults in primary care.` }),
  );
  fs.writeFileSync(path.join(dir, 'corpus.jsonl'), corpus.join('\n') + '\n');
  // q0-q3 name their topic; q4 asks about something absent from the corpus, so it cannot be found.
  const queries = [
    { _id: 'q0', text: 'When is allopurinol used for gout?' },
    { _id: 'q1', text: 'Which inhaler for asthma?' },
    { _id: 'q2', text: 'Triptan for migraine with aura?' },
    { _id: 'q3', text: 'Ferritin threshold for iron deficiency anemia' },
    { _id: 'q4', text: 'Rabies vaccine schedule' },
    { _id: 'unlabelled', text: 'not in qrels, must not be counted' },
  ];
  fs.writeFileSync(path.join(dir, 'queries.jsonl'), queries.map((q) => JSON.stringify(q)).join('\n') + '\n');
  fs.mkdirSync(path.join(dir, 'qrels'));
  fs.writeFileSync(
    path.join(dir, 'qrels', 'test.tsv'),
    'query-id\tcorpus-id\tscore\nq0\td0\t1\nq1\td1\t1\nq2\td2\t1\nq3\td3\t1\nq4\td4\t1\n',
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('curbside eval retrieval', () => {
  it('--json prints exactly one JSON object with the metrics', async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'curbside.js'), 'eval', 'retrieval', '--beir', dir, '--split', 'test', '--json'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, LOG_LEVEL: 'silent' },
      },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!) as Record<string, number>;
    expect(Object.keys(result).sort()).toEqual([
      'mrr_at_10',
      'ndcg_at_10',
      'queries',
      'recall_at_1',
      'recall_at_10',
      'recall_at_5',
    ]);
    expect(result.queries).toBe(5);
    // Four answerable questions found first, one unanswerable: 4/5 everywhere.
    expect(result.recall_at_1).toBeCloseTo(0.8, 5);
    expect(result.recall_at_10).toBeCloseTo(0.8, 5);
    expect(result.mrr_at_10).toBeCloseTo(0.8, 5);
    expect(result.ndcg_at_10).toBeCloseTo(0.8, 5);
  });

  it('without --json prints baseline and full engine side by side', async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'curbside.js'), 'eval', 'retrieval', '--beir', dir],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, LOG_LEVEL: 'silent' },
      },
    );
    expect(stdout).toMatch(/5 queries, 5 passages/);
    expect(stdout).toMatch(/baseline \(BM25\)/);
    expect(stdout).toMatch(/\| full /);
  });
});
