// Bot Framework authentication, tenant allow-list, rate limits, body limits and the audit trail of the Teams door, over real
// HTTP against the real server: botbuilder's own token validation runs against a loopback OpenID metadata + JWKS endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestIndex,
  message,
  post,
  startBotFrameworkIssuer,
  startOpsBot,
  type BotFrameworkIssuer,
  type OpsBot,
} from './support.js';
import { TENANT_REFUSAL } from '../../src/ops/bot-guard.js';

const BOT_ID = 'curbside-test-bot';
const QUESTION = 'Adult with type 2 diabetes and chronic kidney disease, eGFR 40: should an SGLT2 inhibitor be added?';

let index: Awaited<ReturnType<typeof buildTestIndex>>;
let issuer: BotFrameworkIssuer;
let bot: OpsBot;

beforeAll(async () => {
  index = await buildTestIndex();
  issuer = await startBotFrameworkIssuer();
  bot = await startOpsBot(index, {
    BOT_ID,
    BOT_PASSWORD: 'not-used-with-expect-replies',
    BOT_OPENID_METADATA_URL: issuer.metadataUrl,
    ALLOWED_TENANTS: 'tenant-a, tenant-c',
    CURBSIDE_BOT_USER_PER_MINUTE: '1',
    CURBSIDE_BOT_USER_BURST: '2',
    CURBSIDE_BOT_CONVERSATION_PER_MINUTE: '1',
    CURBSIDE_BOT_CONVERSATION_BURST: '3',
  });
});

afterAll(async () => {
  await bot?.close();
  await issuer?.close();
  index?.cleanup();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const teamsRows = () => bot.audit().filter((r) => r.door === 'teams');

describe('Bot Framework authentication (BOT_ID set)', () => {
  it('answers a request carrying a valid channel token, and audits who asked, what was cited, mode and latency', async () => {
    const activity = message(QUESTION);
    const reply = await post(bot.server.url, activity, bearer(await issuer.token({})));
    expect(reply.status).toBe(200);
    expect(reply.text).toMatch(/SGLT2/i);
    expect(reply.text).toMatch(/\[1\]/);
    const row = teamsRows().find((r) => r.caller === (activity.from as { aadObjectId: string }).aadObjectId);
    expect(row).toBeDefined();
    expect(row!).toMatchObject({ action: 'message', tenant: 'tenant-a', status: 'ok', mode: 'extractive' });
    expect(row!.sources.length).toBeGreaterThan(0);
    expect(row!.traceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(row!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  const rejected: [string, () => Promise<Record<string, string>>][] = [
    ['no Authorization header', async () => ({})],
    [
      'a token signed with a key the channel did not publish',
      async () => bearer(await issuer.token({}, { foreignKey: true })),
    ],
    ['a token for another bot (audience)', async () => bearer(await issuer.token({}, { audience: 'some-other-bot' }))],
    ['a token from another issuer', async () => bearer(await issuer.token({}, { issuer: 'https://evil.example.com' }))],
    [
      'an expired token',
      async () => bearer(await issuer.token({}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })),
    ],
    [
      'a token issued for another serviceUrl',
      async () => bearer(await issuer.token({}, { serviceUrl: 'https://attacker.example.com/' })),
    ],
    ['a malformed bearer value', async () => ({ authorization: 'Bearer not.a.jwt' })],
  ];
  for (const [name, headers] of rejected) {
    it(`refuses ${name} with 401, before the bot sees the activity`, async () => {
      const before = teamsRows().length;
      const reply = await post(bot.server.url, message(QUESTION), await headers());
      expect(reply.status).toBe(401);
      expect(reply.activities).toHaveLength(0);
      // The guard (and so the bot) never ran: it writes an audit row for every message it sees.
      expect(teamsRows().length).toBe(before);
    });
  }

  it('refuses bodies over the size limit with 413 before parsing or authenticating', async () => {
    const huge = JSON.stringify(message('x'.repeat(2 * 1024 * 1024)));
    const reply = await post(bot.server.url, huge, bearer(await issuer.token({})));
    expect(reply.status).toBe(413);
  });
});

describe('tenant allow-list (ALLOWED_TENANTS)', () => {
  it('politely refuses a user from another tenant and audits the refusal', async () => {
    const activity = message(QUESTION, {
      channelData: { tenant: { id: 'tenant-b' } },
      conversation: { id: 'a:conv-tb', conversationType: 'personal', tenantId: 'tenant-b' },
    });
    const reply = await post(bot.server.url, activity, bearer(await issuer.token({})));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(TENANT_REFUSAL);
    expect(reply.text).not.toMatch(/SGLT2/);
    const row = teamsRows().find((r) => r.caller === (activity.from as { aadObjectId: string }).aadObjectId);
    expect(row).toMatchObject({ status: 'forbidden', tenant: 'tenant-b', sources: [] });
  });

  it('treats a message with no tenant at all as not allowed', async () => {
    const activity = message(QUESTION, {
      channelData: {},
      conversation: { id: 'a:conv-none', conversationType: 'personal' },
    });
    const reply = await post(bot.server.url, activity, bearer(await issuer.token({})));
    expect(reply.text).toBe(TENANT_REFUSAL);
  });

  it('serves every tenant on the list', async () => {
    const activity = message(QUESTION, { channelData: { tenant: { id: 'TENANT-C' } } });
    const reply = await post(bot.server.url, activity, bearer(await issuer.token({})));
    expect(reply.text).toMatch(/SGLT2/i);
  });
});

describe('rate limits on /api/messages', () => {
  it('gives one user a friendly wait message after the burst, and the refusal is audited', async () => {
    const user = { id: '29:fast-user', aadObjectId: '11111111-1111-4111-8111-111111111111' };
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await post(
        bot.server.url,
        message(QUESTION, { from: user, conversation: { id: `a:fast-${i}`, conversationType: 'personal' } }),
        bearer(await issuer.token({})),
      );
      expect(reply.status).toBe(200);
      texts.push(reply.text);
    }
    expect(texts[0]).toMatch(/SGLT2/i);
    expect(texts[1]).toMatch(/SGLT2/i);
    expect(texts[2]).toMatch(/faster than I can answer.*wait about \d+ seconds?/);
    const statuses = teamsRows()
      .filter((r) => r.caller === user.aadObjectId)
      .map((r) => r.status);
    expect(statuses.sort()).toEqual(['ok', 'ok', 'rate_limited']);
  });

  it('limits a busy conversation (a group chat) across its users', async () => {
    const conversation = { id: '19:busy-group@thread.v2', conversationType: 'groupChat', tenantId: 'tenant-a' };
    const texts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const activity = message(`<at>Curbside</at> ${QUESTION}`, {
        conversation,
        entities: [
          { type: 'mention', mentioned: { id: '28:curbside-bot', name: 'Curbside' }, text: '<at>Curbside</at>' },
        ],
      });
      texts.push((await post(bot.server.url, activity, bearer(await issuer.token({})))).text);
    }
    expect(texts.slice(0, 3).every((t) => /SGLT2/i.test(t))).toBe(true);
    expect(texts[3]).toMatch(/faster than I can answer/);
  });
});
