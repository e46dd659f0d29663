// Feedback on cards inserted from the message extension, over real HTTP with a loopback Bot Connector: a search records its
// results under a trace id; each result card carries thumbs (Action.Execute); Teams sends a click as an `adaptiveCard/action`
// invoke from the chat the card was inserted into; the rating lands on that search's result (trace "<trace>/<n>"), a
// thumbs-down makes a review item naming that recommendation and posts it to the review channel, and the quality report
// does not count searches as answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectQualityReport } from '../../src/review/quality-report.js';
import { reviewIdOf } from '../../src/review/review-item.js';
import { RESULT_FEEDBACK_VERB } from '../../src/teams/cards.js';
import {
  activityPoster,
  REVIEW_CHANNEL,
  startReviewChannelBot,
  type Connector,
  type Posted,
  type TestBot,
} from './support.js';

const GROUP_CHAT = { id: '19:ward-team@thread.v2', conversationType: 'groupChat', isGroup: true };
let bot: TestBot;
let connector: Connector;
let post: (overrides: Record<string, unknown>) => Promise<Posted>;

beforeAll(async () => {
  // Search trace ids are random: no thumbs-up sample, so only the thumbs-down makes a review item.
  ({ bot, connector } = await startReviewChannelBot({ CURBSIDE_REVIEW_SAMPLE_UP: '0' }));
  post = activityPoster(bot.server.url, {
    type: 'invoke',
    serviceUrl: connector.url,
    recipient: { id: '28:curbside-bot', name: 'Curbside' },
    conversation: GROUP_CHAT,
  });
});
afterAll(async () => {
  await bot?.close();
  await connector?.close();
});

type Action = {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
  card?: { actions: Action[] };
};
type ResultCard = { body: { text?: string }[]; actions: Action[] };

/** What Teams sends when a user clicks an Action.Execute button (the inputs merged into its data). */
const execute = (action: Action, inputs: Record<string, string> = {}) => ({
  name: 'adaptiveCard/action',
  value: {
    action: { type: 'Action.Execute', verb: action.verb, data: { ...action.data, ...inputs } },
    trigger: 'manual',
  },
});

describe('thumbs on message-extension cards', () => {
  it(
    'land on the rated result of that search; a thumbs-down becomes a review item in the review channel',
    { timeout: 60_000 },
    async () => {
      const query = await post({
        from: { id: '29:dr-a', name: 'Dr A', aadObjectId: 'aad-dr-a' },
        name: 'composeExtension/query',
        value: {
          commandId: 'searchGuidelines',
          parameters: [{ name: 'searchQuery', value: 'COPD long-acting bronchodilator' }],
          queryOptions: { skip: 0, count: 5 },
        },
      });
      expect(query.status).toBe(200);
      const cards = (query.json.composeExtension.attachments as { content: ResultCard }[]).map((a) => a.content);
      expect(cards.length).toBeGreaterThan(1);
      const helpful = cards[0]!.actions.find((a) => a.title === '👍 Helpful')!;
      const showComment = cards[1]!.actions.find((a) => a.type === 'Action.ShowCard')!;
      const send = showComment.card!.actions[0]!;
      expect(helpful).toMatchObject({
        type: 'Action.Execute',
        verb: RESULT_FEEDBACK_VERB,
        data: { result: 1, rating: 'up' },
      });
      expect(send).toMatchObject({
        type: 'Action.Execute',
        verb: RESULT_FEEDBACK_VERB,
        data: { result: 2, rating: 'down' },
      });
      const traceId = helpful.data!.traceId as string;
      expect(send.data!.traceId).toBe(traceId);
      const search = await bot.runtime.review.feedback.findAnswer({ traceId });
      expect(search!.content!.question).toBe('COPD long-acting bronchodilator');

      // Someone else in the chat rates the inserted cards.
      const colleague = { id: '29:dr-b', name: 'Dr B', aadObjectId: 'aad-dr-b' };
      const up = await post({ from: colleague, ...execute(helpful) });
      expect(up.status).toBe(200);
      expect(up.json).toMatchObject({ type: 'application/vnd.microsoft.activity.message' });
      expect(up.json.value).toMatch(/recorded as helpful/);

      const down = await post({
        from: colleague,
        ...execute(send, { comment: 'Not this one; Mr John Smith, MRN 84736251, needs the LABA/LAMA rec' }),
      });
      expect(down.json.value).toMatch(/recorded as not helpful/);

      const rows = await bot.runtime.review.feedback.list(10);
      const downRow = rows.find((r) => r.reaction === 'dislike')!;
      const upRow = rows.find((r) => r.reaction === 'like')!;
      expect(upRow).toMatchObject({ traceId: `${traceId}/1`, match: 'trace' });
      expect(downRow).toMatchObject({ traceId: `${traceId}/2`, match: 'trace' });
      expect(downRow.comment).not.toContain('84736251');
      const second = search!.content!.citations[1]!;
      expect(downRow.sources).toEqual([{ passageId: second.passageId, source: second.source, page: second.page }]);

      const item = await bot.runtime.review.get(reviewIdOf(`${traceId}/2`));
      expect(item).toMatchObject({
        reason: 'thumbs-down',
        rating: 'down',
        door: 'teams-extension',
        question: 'COPD long-acting bronchodilator',
      });
      expect(item!.citations).toEqual([{ ...second, n: 1 }]);
      expect(item!.comment).not.toContain('84736251');
      const posted = connector.received.filter((r) =>
        decodeURIComponent(r.path).includes(`/v3/conversations/${REVIEW_CHANNEL}/activities`),
      );
      expect(posted).toHaveLength(1);
      expect(JSON.stringify(posted[0]!.activity)).toContain(`Review ${item!.id}`);

      // Searches are not answers: the report counts none, but the thumbs are counted.
      const report = await collectQualityReport(bot.runtime.review, 86_400_000);
      expect(report.answers).toBe(0);
      expect([report.thumbsUp, report.thumbsDown]).toEqual([1, 1]);
    },
  );

  it('says so, and stores nothing, when the search is not on record or the rating is malformed', async () => {
    const from = { id: '29:dr-b', name: 'Dr B' };
    const before = (await bot.runtime.review.feedback.list(100)).length;
    const unknown = await post({
      from,
      ...execute({
        type: 'Action.Execute',
        title: 'x',
        verb: RESULT_FEEDBACK_VERB,
        data: { traceId: 'nope', result: 1, rating: 'down' },
      }),
    });
    expect(unknown.json.value).toMatch(/no longer on record/);
    const malformed = await post({
      from,
      ...execute({
        type: 'Action.Execute',
        title: 'x',
        verb: RESULT_FEEDBACK_VERB,
        data: { traceId: 'nope', result: 'x' },
      }),
    });
    expect(malformed.json.value).toMatch(/could not be read/);
    expect((await bot.runtime.review.feedback.list(100)).length).toBe(before);
  });
});
