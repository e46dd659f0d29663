// The review channel over real HTTP with a loopback Bot Connector: a thumbs-down on an answer makes the bot post a review
// card to the configured channel; the card's typeahead is answered by the guideline search; the card's Action.Execute
// records the verdict (who, what, when in the audit log); the labelled item exports as a case that the answer evaluation
// counts.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateClinicalCases, loadClinicalCases, summarizeClinical } from '../../src/eval/clinical-cases.js';
import { exportCases } from '../../src/review/review-cases.js';
import {
  activityPoster,
  REVIEW_CHANNEL,
  startReviewChannelBot,
  type Connector,
  type Posted,
  type TestBot,
  type WireActivity,
} from './support.js';

const BOT = { id: '28:curbside-bot', name: 'Curbside' };
let bot: TestBot;
let connector: Connector;
let post: (overrides: Record<string, unknown>) => Promise<Posted>;

beforeAll(async () => {
  ({ bot, connector } = await startReviewChannelBot({}, { streamIntervalMs: 200 }));
  post = activityPoster(bot.server.url, {
    serviceUrl: connector.url,
    from: { id: '29:dr-a', name: 'Dr A', aadObjectId: 'aad-dr-a' },
    recipient: BOT,
    conversation: { id: 'a:clinician-chat', conversationType: 'personal' },
  });
});
afterAll(async () => {
  await bot?.close();
  await connector?.close();
});

type Card = { body: Record<string, any>[]; actions?: Record<string, any>[] };
const cardOf = (a: WireActivity) =>
  a.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content as Card | undefined;
const inReviewChannel = { id: `${REVIEW_CHANNEL};messageid=1700000000000`, conversationType: 'channel', isGroup: true };
const reviewer = { id: '29:reviewer', name: 'Dr R', aadObjectId: 'aad-reviewer' };

describe('the Teams review channel', () => {
  it(
    'thumbs-down -> card in the review channel -> verdict through the card -> case counted by the answer evaluation',
    { timeout: 120_000 },
    async () => {
      expect((await post({ text: 'COPD on a LAMA, still short of breath. Should I add a LABA?' })).status).toBe(200);
      const final = connector.received.find((r) => r.activity.channelData?.streamType === 'final')!.activity;
      const answerId = (final.entities?.find((e) => e.type === 'streaminfo') as { streamId: string }).streamId;

      const feedback = await post({
        type: 'invoke',
        name: 'message/submitAction',
        replyToId: answerId,
        value: {
          actionName: 'feedback',
          actionValue: {
            reaction: 'dislike',
            feedback: '{"feedbackText":"the other LABA recommendation fits better"}',
          },
        },
      });
      expect(feedback.status).toBe(200);

      // Posted proactively to the review channel's conversation.
      const posted = connector.received.find((r) =>
        decodeURIComponent(r.path).includes(`/v3/conversations/${REVIEW_CHANNEL}/activities`),
      );
      expect(posted).toBeDefined();
      const card = cardOf(posted!.activity)!;
      const text = JSON.stringify(card);
      expect(text).toMatch(/Thumbs down/);
      expect(text).toMatch(/the other LABA recommendation fits better/);
      const verdicts = card.body.find((b) => b.id === 'verdict')!;
      expect(verdicts.choices.map((c: { value: string }) => c.value)).toEqual([
        'correct',
        'wrong-recommendation',
        'should-refuse',
        'missed-emergency',
        'false-emergency',
        'unsafe',
      ]);
      const goldInput = card.body.find((b) => b.id === 'gold')!;
      expect(goldInput['choices.data']).toMatchObject({ type: 'Data.Query' });
      const action = card.actions!.find((a) => a.type === 'Action.Execute')!;

      // The typeahead: Teams sends application/search; the bot answers from the guideline search.
      const search = await post({
        type: 'invoke',
        name: 'application/search',
        from: reviewer,
        conversation: inReviewChannel,
        value: {
          kind: 'search',
          queryText: 'COPD long-acting beta agonist',
          queryOptions: { skip: 0, top: 10 },
          dataset: goldInput['choices.data'].dataset,
        },
      });
      expect(search.status).toBe(200);
      const options = search.json.value.results as { title: string; value: string }[];
      expect(options.length).toBeGreaterThan(0);
      const pick = options.find((o) => /^VADoDCOPDCPGFinal508\.pdf#\d+$/.test(o.value))!;
      expect(pick).toBeDefined();

      // A card forwarded out of the review channel cannot label.
      const elsewhere = await post({
        type: 'invoke',
        name: 'adaptiveCard/action',
        from: reviewer,
        conversation: { id: 'a:someone-else', conversationType: 'personal' },
        value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...action.data, verdict: 'correct' } } },
      });
      expect(elsewhere.json.value).toMatch(/only in the review channel/);

      const labelled = await post({
        type: 'invoke',
        name: 'adaptiveCard/action',
        from: reviewer,
        conversation: inReviewChannel,
        value: {
          action: {
            type: 'Action.Execute',
            verb: action.verb,
            data: { ...action.data, verdict: 'wrong-recommendation', gold: pick.value, note: 'prefer the other one' },
          },
        },
      });
      expect(labelled.status).toBe(200);
      // The card is replaced by one that says what was chosen.
      expect(JSON.stringify(labelled.json.value)).toMatch(
        new RegExp(`Wrong recommendation\\*\\*, right recommendation ${pick.value.replace(/[.#]/g, '\\$&')}`),
      );
      const item = await bot.runtime.review.get(action.data.reviewId);
      expect(item!.label).toMatchObject({
        verdict: 'wrong-recommendation',
        by: 'aad-reviewer',
        gold: { file: 'VADoDCOPDCPGFinal508.pdf' },
      });

      const db = new Database(path.join(bot.dataDir, 'audit.sqlite'), { readonly: true });
      try {
        expect(
          db
            .prepare('SELECT door, caller FROM audit WHERE action = ?')
            .get(`review label ${item!.id} wrong-recommendation`),
        ).toEqual({ door: 'teams', caller: 'aad-reviewer' });
      } finally {
        db.close();
      }

      const { cases } = await exportCases(bot.runtime.review);
      const file = path.join(bot.dataDir, 'reviewed.jsonl');
      fs.writeFileSync(file, cases.map((c) => JSON.stringify(c)).join('\n'));
      const loaded = loadClinicalCases(file);
      expect(loaded).toHaveLength(1);
      expect(loaded[0]).toMatchObject({
        kind: 'answerable',
        guideline_file: 'VADoDCOPDCPGFinal508.pdf',
        recommendation: pick.value.split('#')[1],
      });
      const summary = summarizeClinical(await evaluateClinicalCases(bot.runtime.pipeline, loaded));
      expect(summary.answerItems).toBe(1);
    },
  );
});
