// Property-based tests of the Teams door's inbound activity handling: the validator alone (never throws, accepts only what
// botbuilder can process), then mutated activities POSTed to the real server, which must answer each one without a 5xx and
// keep serving.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityProblem } from '../../src/server.js';
import { buildTestIndex, message, post, startOpsBot, type OpsBot } from '../ops/support.js';

const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
  fc.constantFrom(
    '',
    ' ',
    'javascript:alert(1)',
    'http://',
    'https://x',
    '\u0000',
    '../../etc/passwd',
    '{{7*7}}',
    '%s%n',
    'a'.repeat(5000),
  ),
);

const FIELDS = [
  'type',
  'channelId',
  'serviceUrl',
  'from',
  'recipient',
  'conversation',
  'text',
  'id',
  'deliveryMode',
  'entities',
  'attachments',
  'channelData',
  'value',
  'name',
  'replyToId',
  'locale',
  'textFormat',
];

/** A valid message with some fields replaced by junk or removed. */
const mutated = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...FIELDS), junk), { maxLength: 4 }), fc.string({ maxLength: 300 }))
  .map(([changes, text]) => {
    const a: Record<string, unknown> = { ...message(text) };
    for (const [field, value] of changes) {
      if (value === undefined) delete a[field];
      else a[field] = value;
    }
    return a;
  });

describe('activityProblem (validator)', () => {
  it('never throws, and whatever it accepts has the fields botbuilder dereferences', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), mutated), (body) => {
        const problem = activityProblem(body);
        expect(problem === null || typeof problem === 'string').toBe(true);
        if (problem === null) {
          const a = body as Record<string, any>;
          expect(typeof a.type).toBe('string');
          expect(typeof a.channelId).toBe('string');
          expect(typeof a.recipient.id).toBe('string');
          expect(typeof a.conversation.id).toBe('string');
          expect(a.serviceUrl).toMatch(/^https?:\/\//i);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('/api/messages under mutated activities', () => {
  let index: Awaited<ReturnType<typeof buildTestIndex>>;
  let bot: OpsBot;
  beforeAll(async () => {
    index = await buildTestIndex();
    bot = await startOpsBot(index, {
      CURBSIDE_BOT_USER_BURST: '100000',
      CURBSIDE_BOT_USER_PER_MINUTE: '100000',
      CURBSIDE_BOT_CONVERSATION_BURST: '100000',
      CURBSIDE_BOT_CONVERSATION_PER_MINUTE: '100000',
    });
  });
  afterAll(async () => {
    await bot?.close();
    index?.cleanup();
  });

  it('answers every one with a non-5xx status (400 for what it cannot process) and stays healthy', async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async (activity) => {
        // A serviceUrl the bot would POST replies to must stay on this machine; expectReplies keeps replies in the response.
        if (
          typeof activity.serviceUrl === 'string' &&
          !/^https?:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(activity.serviceUrl)
        ) {
          activity.deliveryMode = 'expectReplies';
        }
        const reply = await post(bot.server.url, activity);
        expect(reply.status, JSON.stringify(activity).slice(0, 400)).toBeLessThan(500);
        if (activityProblem(activity)) expect(reply.status).toBe(400);
      }),
      { numRuns: 150, timeout: 15_000 },
    );
    const health = await fetch(`${bot.server.url}/healthz`);
    expect(health.status).toBe(200);
    // And a normal question still gets a cited answer.
    const ok = await post(bot.server.url, message('Adult with persistent asthma: preferred controller therapy?'));
    expect(ok.text).toMatch(/inhaled corticosteroid/i);
  }, 180_000);
});
