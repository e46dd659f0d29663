// Answers computed on worker threads (src/ops/answer-pool.ts) are the answers the main thread computes: same text,
// citations, case reading and notes, with progress events forwarded and the turn's trace id kept. Real runtimes over the
// real test guideline index, one with an answer thread, one without.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { runInTurn } from '../../src/ops/turn-context.js';
import type { AnswerProgress, CitedAnswer } from '../../src/answer/types.js';
import { answerRecordOf, cleanHere } from '../../src/review/review-item.js';

const QUESTIONS = [
  'Adult with chronic low back pain for 4 months despite NSAIDs: which non-drug treatments are recommended?',
  '67M, T2DM on metformin, eGFR 38, A1c 8.4 - next step?',
  'What is the first-line treatment for hypertension in black patients?',
];

let dataDir: string;
let threaded: Runtime;
let inline: Runtime;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-pool-'));
  const config = loadConfig({
    CURBSIDE_INDEX: inject('guidelineIndex'),
    CURBSIDE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  });
  threaded = await createRuntime(config, { retriever: { build: false }, answerThreads: 1 });
  inline = await createRuntime(config, { retriever: { build: false } });
  await threaded.ready;
});

afterAll(async () => {
  await threaded?.close();
  await inline?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const comparable = (a: CitedAnswer) => ({ ...a, traceId: undefined });

describe('the answer pool', () => {
  it('runs answers on a worker thread', () => {
    expect(threadId).toBe(0);
    expect(threaded.answerThreads()).toBe(1);
    expect(inline.answerThreads()).toBe(0);
  });

  it("gives the same answers as the main thread, with progress events and the turn's trace id", async () => {
    for (const question of QUESTIONS) {
      const events: AnswerProgress[] = [];
      const traceId = `pool-${QUESTIONS.indexOf(question)}`;
      const pooled = await runInTurn(
        () => threaded.pipeline.answer({ question, onProgress: (e) => events.push(e) }),
        traceId,
      );
      const direct = await inline.pipeline.answer({ question });
      expect(comparable(pooled)).toEqual(comparable(direct));
      expect(pooled.traceId).toBe(traceId);
      expect(events.some((e) => e.type === 'status')).toBe(true);
    }
  });

  it('keeps the conversation history a follow-up needs', async () => {
    const first = await threaded.pipeline.answer({ question: QUESTIONS[1]! });
    const history = [
      { role: 'user' as const, text: first.deidentifiedQuestion },
      { role: 'assistant' as const, text: first.answer },
    ];
    const pooled = await threaded.pipeline.answer({ question: 'and what if the eGFR falls below 30?', history });
    const direct = await inline.pipeline.answer({ question: 'and what if the eGFR falls below 30?', history });
    expect(comparable(pooled)).toEqual(comparable(direct));
  });

  it('de-identifies a recorded history and a review item on the thread, as the main thread would', async () => {
    const raw = 'Pt John Smith, MRN 4829173, DOB 3/14/1958: 67M with CKD, what BP target?';
    const answer = await threaded.pipeline.answer({ question: QUESTIONS[1]! });
    const history = [{ role: 'user' as const, text: raw }];
    await threaded.review.answered(
      answerRecordOf(answer, { door: 'http', messageId: 'm-1', conversationKey: 'k', history, latencyMs: 5 }),
    );
    const { review } = await threaded.review.feedbackGiven({ messageId: 'm-1', reaction: 'dislike', comment: raw });
    expect(review?.history).toEqual(await cleanHere([raw]));
    expect(review?.comment).toBe((await cleanHere([raw]))[0]);
    expect(JSON.stringify(review)).not.toMatch(/John|Smith|4829173|1958/);
  });

  it("runs the doors' de-identification on the thread, with the same results as the main thread", async () => {
    const raw = 'Pt John Smith, MRN 4829173, call 555-201-7788: metformin CKD';
    const pooled = await threaded.pipeline.deidentifier.deidentify([raw]);
    const here = await inline.pipeline.deidentifier.deidentify([raw]);
    expect(pooled).toEqual(here);
    expect(pooled.results[0]!.entities.length).toBeGreaterThan(0);
    // The stored feedback comment is the thread's cleaning, not the raw text.
    const { feedback } = await threaded.review.feedbackGiven({ messageId: 'none', reaction: 'like', comment: raw });
    expect(feedback.comment).toBe(here.results[0]!.text);
  });

  it('answers concurrent requests', async () => {
    const pooled = await Promise.all(QUESTIONS.map((question) => threaded.pipeline.answer({ question })));
    const direct = await Promise.all(QUESTIONS.map((question) => inline.pipeline.answer({ question })));
    expect(pooled.map(comparable)).toEqual(direct.map(comparable));
  });
});
