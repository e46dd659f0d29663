// The adversarial model suite (issue 14): the whole pipeline over the REAL guideline index, the real openai client over HTTP
// to a loopback Azure OpenAI whose "model" is careless on purpose. From the passages it is sent, it mixes supported
// sentences with labelled unsupported ones (wrong drug, invented dose, inverted strength, wrong population, uncited claim,
// fabricated quote, invented threshold, another guideline's text under this citation, injected link and image), and it
// fails at runtime (cut at the length limit, content filter, slow stream, long retry-after, hang, reply cut mid-body).
// Measured on both the streamed door (every delta a clinician could see) and the non-streamed door (CLI / API):
//   unsupported claims removed (target 100%), supported sentences kept (target >= 95%), worst-case turn time vs the deadline.
// Both model routes run the whole suite: the Azure OpenAI deployment route and the OpenAI/v1 route (Foundry).
// Run: npx vitest run test/answer/grounding-adversarial.test.ts   (the figures are printed as one "grounding suite" line per route)
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, type ModelRoute } from '../../src/config.js';
import { createChatModel } from '../../src/answer/model.js';
import { createPipeline } from '../../src/answer/pipeline.js';
import type { CitedAnswer } from '../../src/answer/types.js';
import { loadAnswerCases } from '../../src/eval/answers-eval.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { PassageStore } from '../../src/retrieval/store.js';
import {
  startFakeAzureOpenAI,
  type FakeAzureOpenAI,
  type FakeReply,
  type RecordedRequest,
} from '../support/fake-azure-openai.js';
import { carelessReply, renderReply, type LabelledSentence } from '../support/adversarial-model.js';

const indexPath = (inject as (key: string) => string | undefined)('guidelineIndex');

/** The deadline the fault cases run under (short, so the suite is quick; the default is 25 s). */
const SUITE_DEADLINE_MS = 3000;
/** A turn is "bounded" when it ends within this of its deadline (the target is deadline + 2 s). */
const BOUND_SLACK_MS = 2000;

const isGrounded = (r: RecordedRequest) =>
  r.kind === 'chat' && /numbered guideline passages/.test(r.body?.messages?.[0]?.content ?? '');
const isFollowUps = (r: RecordedRequest) =>
  r.kind === 'chat' && /follow-up questions/.test(r.body?.messages?.[0]?.content ?? '');

const CARELESS_FOLLOW_UPS = [
  'You should start warfarin 10 mg daily?',
  'See https://evil.example/more for the answer?',
  'Is the recommended dose 40 mg?',
  '![x](https://evil.example/p.png)',
  'When should kidney function be rechecked?',
].join('\n');

/** The answer's body as a clinician reads it (without the disclaimer and sources footer). */
const body = (a: CitedAnswer) => a.answer.split('\n---\n')[0]!;

describe.skipIf(!indexPath).each<ModelRoute>(['deployment', 'v1'])(
  'adversarial model suite (grounding, streaming, deadline), %s route',
  (route) => {
    let store: PassageStore;
    let retriever: LocalRetriever;
    let fake: FakeAzureOpenAI;
    let labelled: LabelledSentence[] = [];
    let fault: ((reply: string, streamed: boolean) => FakeReply) | null = null;

    beforeAll(async () => {
      store = PassageStore.open(indexPath!, { readonly: true });
      retriever = new LocalRetriever(store);
      fake = await startFakeAzureOpenAI({
        route,
        respond: (req) => {
          if (isFollowUps(req)) return { content: CARELESS_FOLLOW_UPS };
          if (!isGrounded(req)) return { content: 'OK' };
          labelled = carelessReply(String(req.body?.messages?.[1]?.content ?? ''));
          const reply = renderReply(labelled);
          return fault ? fault(reply, req.body?.stream === true) : { content: reply, chunkSize: 7 };
        },
      });
    });

    afterAll(async () => {
      await fake?.close();
      store?.close();
    });

    function pipeline(env: Record<string, string> = {}) {
      const config = loadConfig({
        AZURE_OPENAI_ENDPOINT: fake.endpoint,
        AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
        AZURE_OPENAI_API_KEY: 'test-key',
        AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-test',
        AZURE_OPENAI_ROUTE: route,
        AZURE_OPENAI_MAX_RETRIES: '3',
        AZURE_OPENAI_TIMEOUT_MS: '60000',
        ...env,
      });
      return createPipeline({ config, retriever, model: createChatModel(config, { backoffBaseMs: 10 }) });
    }

    // One labelled question per guideline.
    const questions = [
      ...new Map(
        loadAnswerCases()
          .cases.filter((c) => c.set === 'dev')
          .map((c) => [c.source, c.question]),
      ).values(),
    ];

    it('removes every unsupported claim and keeps the supported sentences, streamed and not', async () => {
      const p = pipeline();
      const byLabel = new Map<string, { total: number; ok: number }>();
      const tally = (kind: string, label: string, ok: boolean) => {
        const key = `${kind}: ${label}`;
        const t = byLabel.get(key) ?? { total: 0, ok: 0 };
        t.total++;
        if (ok) t.ok++;
        byLabel.set(key, t);
      };
      let unsupported = 0;
      let removed = 0;
      let supported = 0;
      let kept = 0;
      let turns = 0;
      let modelTurns = 0;
      for (const question of questions) {
        for (const streamed of [true, false]) {
          labelled = [];
          const deltas: string[] = [];
          const a = await p.answer({
            question,
            onProgress: streamed ? (e) => e.type === 'delta' && deltas.push(e.text) : undefined,
          });
          if (labelled.length === 0) continue; // refused or answered without the model: nothing to measure
          turns++;
          if (a.mode === 'model') modelTurns++;
          // Everything the model's words could have put on screen: each streamed state, and the final answer when it is the
          // model's (a fallback's final answer is guideline text quoted directly).
          const shown = [
            ...(a.mode === 'model' ? [body(a)] : []),
            ...deltas.map((_, i) => deltas.slice(0, i + 1).join('')),
          ];
          for (const s of labelled) {
            const inAnswer = a.mode === 'model' && body(a).includes(s.marker);
            if (s.kind === 'unsupported') {
              unsupported++;
              // Never on screen: not in the final answer, not in any streamed state.
              const gone = !shown.some((t) => t.includes(s.marker));
              if (gone) removed++;
              tally(s.kind, s.label, gone);
            } else {
              supported++;
              if (inAnswer) kept++;
              tally(s.kind, s.label, inAnswer);
            }
          }
          // Streamed text is exactly the start of the model answer: nothing shown was later taken back or renumbered.
          if (streamed && a.mode === 'model') expect(body(a)).toContain(deltas.join('').trim());
          // Follow-ups: no link, no dose, no advice of their own.
          for (const f of a.followUps) expect(f).not.toMatch(/https?:|evil\.example|\bmg\b|you should/i);
          if (a.grounding) expect(a.grounding.sentences).toBe(a.grounding.supported + a.grounding.removed);
        }
      }
      const figures = {
        turns,
        modelTurns,
        unsupportedRemoved: `${removed}/${unsupported}`,
        supportedKept: `${kept}/${supported}`,
        removedRate: unsupported ? removed / unsupported : 1,
        keptRate: supported ? kept / supported : 1,
        misses: Object.fromEntries(
          [...byLabel].filter(([, t]) => t.ok < t.total).map(([k, t]) => [k, `${t.ok}/${t.total}`]),
        ),
      };
      console.log(`grounding suite (${route} route): ${JSON.stringify(figures)}`);
      // Every model request went over this route's wire shape.
      expect(fake.requests.length).toBeGreaterThan(0);
      expect(fake.requests.every((r) => r.route === route)).toBe(true);
      expect(turns).toBeGreaterThan(0);
      expect(figures.removedRate).toBe(1);
      expect(figures.keptRate).toBeGreaterThanOrEqual(0.95);
    });

    const question = questions[0]!;
    const faults: { name: string; reply: (r: string, streamed: boolean) => FakeReply; note: RegExp }[] = [
      {
        name: 'truncated (finish_reason length)',
        reply: (r) => ({ content: r, finishReason: 'length' }),
        note: /cut off at its length limit/,
      },
      {
        name: 'content filter',
        reply: (r) => ({ content: r.slice(0, 80), finishReason: 'content_filter' }),
        note: /content filter/,
      },
      // Slow: a trickle of deltas when streamed, a late body when not.
      {
        name: 'slow model',
        reply: (r, streamed) =>
          streamed ? { content: r, chunkSize: 3, chunkDelayMs: 250 } : { content: r, delayMs: 20_000 },
        note: /time limit/,
      },
      {
        name: '429 with retry-after 19',
        reply: () => ({ status: 429, headers: { 'retry-after': '19' } }),
        note: /rate-limited/,
      },
      { name: 'hang', reply: (r) => ({ content: r, delayMs: 30_000 }), note: /time limit/ },
      // Cut: the stream stops without its finish_reason; the JSON body stops short of its announced length.
      {
        name: 'reply cut',
        reply: (r, streamed) =>
          streamed ? { content: r, dropAfterChunks: 30 } : { content: r, cutBodyAfterBytes: 90 },
        note: /interrupted|time limit|incomplete or unreadable/,
      },
    ];

    it('bounds every fault by the turn deadline and answers from guideline text with a one-line note', async () => {
      const worst: Record<string, number> = {};
      // Warm the retriever's caches so the turn time is the model's, not the first index read.
      await pipeline().answer({ question });
      try {
        for (const f of faults) {
          fault = f.reply;
          for (const streamed of [true, false]) {
            const deltas: string[] = [];
            const started = Date.now();
            const a = await pipeline({ CURBSIDE_TURN_DEADLINE_MS: String(SUITE_DEADLINE_MS) }).answer({
              question,
              onProgress: streamed ? (e) => e.type === 'delta' && deltas.push(e.text) : undefined,
            });
            const ms = Date.now() - started;
            worst[`${f.name}${streamed ? ' (streamed)' : ''}`] = ms;
            expect(a.mode, f.name).toBe('extractive');
            expect(a.notes.join(' '), f.name).toMatch(f.note);
            expect(body(a).trim().length, f.name).toBeGreaterThan(0);
            expect(a.citations.length, f.name).toBeGreaterThan(0);
            for (const s of labelled.filter((x) => x.kind === 'unsupported'))
              expect(deltas.join(''), f.name).not.toContain(s.marker);
          }
        }
      } finally {
        fault = null;
      }
      const worstMs = Math.max(...Object.values(worst));
      console.log(
        `grounding suite faults (${route} route): ${JSON.stringify({ deadlineMs: SUITE_DEADLINE_MS, worstMs, perFault: worst })}`,
      );
      // Bounded, not fast: an unbounded turn would run to the 60 s model timeout or the 19 s retry-after.
      expect(worstMs).toBeLessThan(SUITE_DEADLINE_MS + BOUND_SLACK_MS + 10_000);
    });
  },
);
