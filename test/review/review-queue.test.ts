// The review queue's rules on real stores (SQLite files; Azure Table storage through the real SDK against the loopback
// fake): which answers go to review, one item per answer, what a verdict exports as, retention, and topic grouping.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTableReviewStore } from '../../src/azure/table-review-store.js';
import { openFeedbackStore, type AnswerRecord } from '../../src/review/feedback-store.js';
import { reviewCase } from '../../src/review/review-cases.js';
import { reviewItemFor, type GoldRef, type ReviewItem, type Verdict } from '../../src/review/review-item.js';
import { inSample, ReviewQueue } from '../../src/review/review-queue.js';
import { openReviewStore } from '../../src/review/review-store.js';
import { unansweredTopics } from '../../src/review/quality-report.js';
import { BEARER_TOKEN, staticTokenCredential } from '../support/azure-env.js';
import { startFakeAzureTables, type FakeAzureTables } from '../support/fake-azure-tables.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function queue(
  settings = { sampleThumbsUp: 0, sampleRefusals: 1, retentionDays: 30, purgeIntervalHours: 24 },
): ReviewQueue {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-review-'));
  dirs.push(dir);
  return new ReviewQueue(openFeedbackStore(dir), openReviewStore(dir), settings);
}

function answer(
  traceId: string,
  over: Partial<NonNullable<AnswerRecord['content']>> = {},
  createdAt?: string,
): AnswerRecord {
  return {
    messageId: `m-${traceId}`,
    traceId,
    mode: 'extractive',
    sources: [{ passageId: 'p1', source: 'VADoDCOPDCPGFinal508.pdf', page: 21 }],
    conversationKey: 'k',
    createdAt,
    content: {
      door: 'teams',
      question: 'COPD on a LAMA, still breathless: add a LABA?',
      history: [],
      answer: 'We suggest ... [1]',
      citations: [
        {
          n: 1,
          passageId: 'p1',
          source: 'VADoDCOPDCPGFinal508.pdf',
          title: 'COPD',
          page: 21,
          recommendation: '8',
          strength: 'Weak for',
          quote: 'We suggest ...',
        },
      ],
      refused: false,
      urgent: false,
      latencyMs: 120,
      ...over,
    },
  };
}

describe('ReviewQueue', () => {
  it('samples by trace id: the same answer always decides the same way, at about the configured rate', () => {
    const traces = Array.from({ length: 2000 }, (_, i) => `trace-${i}`);
    const picked = traces.filter((t) => inSample(t, 0.2)).length;
    expect(picked).toBeGreaterThan(300);
    expect(picked).toBeLessThan(500);
    expect(traces.filter((t) => inSample(t, 0.2))).toEqual(traces.filter((t) => inSample(t, 0.2)));
    expect(traces.some((t) => inSample(t, 0))).toBe(false);
    expect(traces.every((t) => inSample(t, 1))).toBe(true);
  });

  it('queues a sampled refusal, then adds a later thumbs-down to the same item (one item per answer)', async () => {
    const q = queue();
    expect(await q.answered(answer('t-answered'))).toBeNull();
    const refusal = await q.answered(answer('t-refused', { refused: true, citations: [] }));
    expect(refusal).toMatchObject({ reason: 'refusal-sample', rating: null });
    const { review } = await q.feedbackGiven({
      traceId: 't-refused',
      reaction: 'dislike',
      comment: 'call me at 617-555-0199',
    });
    expect(review).toMatchObject({ id: refusal!.id, reason: 'thumbs-down', rating: 'down' });
    expect(review!.comment).not.toMatch(/617-555-0199/);
    expect(await q.list()).toHaveLength(1);
    // Thumbs-up outside the sample (rate 0) makes no item.
    expect((await q.feedbackGiven({ traceId: 't-answered', reaction: 'like', comment: '' })).review).toBeNull();
    q.close();
  });

  it('purges answers, feedback and items older than the retention period only', async () => {
    const q = queue();
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await q.answered(answer('t-old', { refused: true }, old));
    await q.answered(answer('t-new', { refused: true }));
    const oldItem = (await q.list()).find((i) => i.traceId === 't-old')!;
    await q.reviews.put({ ...oldItem, createdAt: old });
    expect(await q.purge()).toMatchObject({ answersAndFeedback: 1, reviews: 1 });
    expect((await q.list()).map((i) => i.traceId)).toEqual(['t-new']);
    q.close();
  });
});

describe('reviewed items as cases', () => {
  let base: ReviewItem;
  beforeAll(async () => {
    base = (await reviewItemFor(answer('t-case'), 'thumbs-down', { rating: 'down', comment: '' }))!;
  });
  const item = (verdict: Verdict, over: Partial<ReviewItem> = {}, gold: GoldRef | null = null): ReviewItem => ({
    ...base,
    ...over,
    status: 'labelled',
    label: { verdict, gold, note: '', by: 'local', at: new Date().toISOString() },
  });
  const caseOf = (i: ReviewItem) => {
    const outcome = reviewCase(i);
    return 'case' in outcome ? outcome.case : null;
  };
  const kind = (i: ReviewItem) => caseOf(i)?.kind ?? 'skipped';

  it('takes the kind from the verdict and the gold from the chosen recommendation, keeping the history', () => {
    expect(kind(item('should-refuse'))).toBe('out_of_scope');
    expect(kind(item('missed-emergency'))).toBe('emergency');
    expect(kind(item('false-emergency'))).toBe('not_urgent');
    expect(kind(item('correct', { refused: true }))).toBe('out_of_scope');
    expect(kind(item('wrong-recommendation'))).toBe('skipped');
    expect(caseOf(item('correct'))).toMatchObject({
      kind: 'answerable',
      guideline_file: 'VADoDCOPDCPGFinal508.pdf',
      recommendation: '8',
      strength: 'Weak for',
      page: 21,
    });
    expect(
      caseOf(
        item(
          'wrong-recommendation',
          { history: ['earlier question'] },
          { file: 'VADoDCOPDCPGFinal508.pdf', recommendation: '10' },
        ),
      ),
    ).toMatchObject({ kind: 'followup', history: ['earlier question'], recommendation: '10' });
    expect(kind(item('unsafe', {}, { file: 'summary.md', recommendation: null }))).toBe('answerable_uspstf');
  });

  it('groups refused questions by their most shared content word', () => {
    expect(
      unansweredTopics([
        'amoxicillin dose for otitis media?',
        'otitis externa drops?',
        'how to treat gout flare',
        'gout and allopurinol',
      ]),
    ).toEqual([
      { topic: 'gout', count: 2, examples: ['how to treat gout flare', 'gout and allopurinol'] },
      { topic: 'otitis', count: 2, examples: ['amoxicillin dose for otitis media?', 'otitis externa drops?'] },
    ]);
  });
});

describe('AzureTableReviewStore', () => {
  let fake: FakeAzureTables;
  beforeAll(async () => {
    fake = await startFakeAzureTables({ bearerTokens: [BEARER_TOKEN] });
  });
  afterAll(async () => fake?.close());

  it('keeps items by id, lists by status newest first, and purges by age', async () => {
    const store = createTableReviewStore(loadConfig({ AZURE_STORAGE_TABLE_ENDPOINT: fake.endpoint }), {
      ca: fake.ca,
      credential: staticTokenCredential(),
    })!;
    const a = {
      ...(await reviewItemFor(answer('t-a'), 'thumbs-down', null))!,
      createdAt: new Date(Date.now() - 100 * 86_400_000).toISOString(),
    };
    const b = (await reviewItemFor(answer('t-b'), 'refusal-sample', null))!;
    await store.put(a);
    await store.put(b);
    await store.put({
      ...b,
      status: 'labelled',
      label: { verdict: 'correct', gold: null, note: '', by: 'oid', at: new Date().toISOString() },
    });
    expect((await store.list()).map((i) => i.id)).toEqual([b.id, a.id]);
    expect((await store.list({ status: 'open' })).map((i) => i.id)).toEqual([a.id]);
    expect((await store.get(b.id))!.label!.verdict).toBe('correct');
    expect(await store.get('not/a-key')).toBeNull();
    expect(await store.purge(new Date(Date.now() - 30 * 86_400_000))).toBe(1);
    expect((await store.list()).map((i) => i.id)).toEqual([b.id]);
    expect([...fake.tables.get('reviews')!.keys()]).toHaveLength(1);
  });
});
