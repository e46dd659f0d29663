// The bot over real HTTP, without Teams: inbound activities POSTed to /api/messages, replies either returned in the response
// (deliveryMode expectReplies) or POSTed by botbuilder's connector client to a loopback Bot Connector endpoint that records
// them exactly as they arrive on the wire.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Connector, startTestBot, type TestBot, type WireActivity } from './support.js';

let bot: TestBot;
let connector: Connector;
let counter = 0;

beforeAll(async () => {
  connector = new Connector();
  await connector.start();
  bot = await startTestBot({}, { streamIntervalMs: 200 });
});

afterAll(async () => {
  await bot?.close();
  await connector?.close();
});

beforeEach(() => {
  connector.received.length = 0;
  connector.refuse = null;
});

const BOT = { id: '28:curbside-bot', name: 'Curbside' };

function activity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    type: 'message',
    id: `in-${counter}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: `29:user-${counter}`, name: 'Dr A' },
    recipient: BOT,
    conversation: { id: `a:conv-${counter}`, conversationType: 'personal' },
    text: 'help',
    ...overrides,
  };
}

async function post(body: unknown, raw = false): Promise<{ status: number; json: any }> {
  const res = await fetch(`${bot.server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

async function replies(overrides: Record<string, unknown>): Promise<WireActivity[]> {
  const res = await post(activity({ deliveryMode: 'expectReplies', ...overrides }));
  expect(res.status).toBe(200);
  return ((res.json?.activities ?? []) as WireActivity[]).filter((a) => a.type === 'message');
}

const CASE = 'Adult with chronic low back pain for 4 months despite NSAIDs: which non-drug treatments are recommended?';

function messageEntity(a: WireActivity) {
  return a.entities?.find((e) => e.type === 'https://schema.org/Message') as
    { additionalType?: string[]; citation?: { position: unknown; appearance: Record<string, unknown> }[] } | undefined;
}

describe('citations on the connector wire', () => {
  it('arrive with every field (name, abstract, url, keywords, card) and the stream info intact', async () => {
    const res = await post(activity({ text: CASE }));
    expect(res.status).toBe(200);
    const finals = connector.received.filter((r) => r.activity.channelData?.streamType === 'final');
    expect(finals).toHaveLength(1);
    const final = finals[0]!.activity;
    const streamInfo = final.entities?.find((e) => e.type === 'streaminfo');
    expect(streamInfo).toMatchObject({ streamType: 'final' });
    expect(typeof streamInfo?.streamId).toBe('string');
    const entity = messageEntity(final)!;
    // Extractive mode: quoted, not written by a model, so no AI label; the text says what it is.
    expect(entity.additionalType).toBeUndefined();
    expect(final.text).toContain('no language model was used (not AI generated)');
    expect(entity.citation!.length).toBeGreaterThan(0);
    for (const c of entity.citation!) {
      expect(typeof c.position).toBe('number');
      expect(final.text).toContain(`[${c.position}]`);
      expect(c.appearance).toMatchObject({
        '@type': 'DigitalDocument',
        encodingFormat: 'application/vnd.microsoft.card.adaptive',
      });
      for (const field of ['name', 'abstract', 'url', 'text']) expect(typeof c.appearance[field]).toBe('string');
      expect(Array.isArray(c.appearance.keywords)).toBe(true);
      const card = JSON.parse(c.appearance.text as string) as { type: string; body: unknown[] };
      expect(card.type).toBe('AdaptiveCard');
    }
    // After a plain typing indicator, the informative update went first, on the stream the final message closes.
    expect(connector.received[0]!.activity.type).toBe('typing');
    expect(connector.received[0]!.activity.channelData?.streamType).toBeUndefined();
    const first = connector.received[1]!.activity;
    expect(first.channelData).toMatchObject({ streamType: 'informative', streamSequence: 1 });
    expect(streamInfo?.streamId).toBe('msg-2'); // the connector's id for the informative update, its second activity
    // One feedback control per answer: the final message has no attachments (a client that splits them would repeat the label
    // and thumbs); the "Ask next" card follows as its own message without either.
    expect(final.attachments ?? []).toHaveLength(0);
    const after = connector.received
      .slice(connector.received.findIndex((r) => r.activity === final) + 1)
      .map((r) => r.activity);
    const card = after.find((a) => a.attachments?.some((x) => JSON.stringify(x.content).includes('Ask next')));
    expect(card).toBeDefined();
    expect(card!.entities?.some((e) => e.type === 'https://schema.org/Message') ?? false).toBe(false);
    expect(card!.channelData?.feedbackLoopEnabled).toBeUndefined();
    expect(connector.received.filter((r) => r.activity.channelData?.feedbackLoopEnabled === true)).toHaveLength(1);
  });

  it('falls back to citations without cards when the service rejects a streamed final message with cards', async () => {
    connector.refuse = (a) =>
      a.channelData?.streamType === 'final' &&
      JSON.stringify(messageEntity(a)?.citation ?? []).includes('encodingFormat');
    const res = await post(activity({ text: CASE }));
    expect(res.status).toBe(200);
    const final = connector.received.find((r) => r.activity.channelData?.streamType === 'final')!.activity;
    const citations = messageEntity(final)!.citation!;
    expect(citations.length).toBeGreaterThan(0);
    for (const c of citations) {
      expect(c.appearance.text).toBeUndefined();
      expect(typeof c.appearance.url).toBe('string');
    }
  });

  it('falls back to a plain message when the service rejects every streamed final message', async () => {
    connector.refuse = (a) => a.channelData?.streamType === 'final';
    const res = await post(activity({ text: CASE }));
    expect(res.status).toBe(200);
    const messages = connector.received.filter((r) => r.activity.type === 'message' && r.activity.text);
    expect(messages).toHaveLength(1);
    const plain = messages[0]!.activity;
    expect(plain.entities?.some((e) => e.type === 'streaminfo')).toBe(false);
    expect(messageEntity(plain)!.citation!.length).toBeGreaterThan(0);
    expect(plain.channelData?.feedbackLoopEnabled).toBe(true);
  });
});

describe('feedback over the wire', () => {
  it('a thumbs-down invoke with replyToId is stored against that answer', async () => {
    const conversation = { id: 'a:feedback-conv', conversationType: 'personal' };
    expect((await post(activity({ text: CASE, conversation }))).status).toBe(200);
    const final = connector.received.find((r) => r.activity.channelData?.streamType === 'final')!.activity;
    const streamId = (final.entities?.find((e) => e.type === 'streaminfo') as { streamId: string }).streamId;
    const res = await post(
      activity({
        type: 'invoke',
        name: 'message/submitAction',
        conversation,
        replyToId: streamId,
        value: {
          actionName: 'feedback',
          actionValue: { reaction: 'dislike', feedback: '{"feedbackText":"cites the wrong year"}' },
        },
        deliveryMode: 'expectReplies',
      }),
    );
    expect(res.status).toBe(200);
    const [row] = await bot.runtime.feedback.list(1);
    expect(row).toMatchObject({
      messageId: streamId,
      match: 'message',
      reaction: 'dislike',
      comment: 'cites the wrong year',
      mode: 'extractive',
    });
    expect(row!.sources.length).toBe(messageEntity(final)!.citation!.length);
  });
});

describe('feedback on an older answer', () => {
  it("lands on that answer (not the conversation's latest) and puts it in the review queue with its de-identified turn", async () => {
    const conversation = { id: 'a:older-answer-conv', conversationType: 'personal' };
    const finals = () =>
      connector.received.filter((r) => r.activity.channelData?.streamType === 'final').map((r) => r.activity);
    const streamIdOf = (a: WireActivity) =>
      (a.entities?.find((e) => e.type === 'streaminfo') as { streamId: string }).streamId;
    expect((await post(activity({ text: 'Mr. John Smith MRN 44820917, ' + CASE, conversation }))).status).toBe(200);
    const first = streamIdOf(finals()[0]!);
    expect(
      (await post(activity({ text: 'what about lung cancer screening in a 60 year old smoker?', conversation })))
        .status,
    ).toBe(200);
    const second = streamIdOf(finals()[1]!);
    expect(second).not.toBe(first);

    const res = await post(
      activity({
        type: 'invoke',
        name: 'message/submitAction',
        conversation,
        replyToId: first,
        value: {
          actionName: 'feedback',
          actionValue: { reaction: 'dislike', feedback: '{"feedbackText":"not for Mr. Smith, call 617-555-0199"}' },
        },
        deliveryMode: 'expectReplies',
      }),
    );
    expect(res.status).toBe(200);
    const firstAnswer = await bot.runtime.feedback.findAnswer({ messageId: first });
    const [row] = await bot.runtime.feedback.list(1);
    expect(row).toMatchObject({ messageId: first, match: 'message', traceId: firstAnswer!.traceId });
    const items = await bot.runtime.review.list();
    const item = items.find((i) => i.traceId === firstAnswer!.traceId)!;
    expect(item).toMatchObject({ reason: 'thumbs-down', rating: 'down', status: 'open', door: 'teams' });
    expect(item.question).toMatch(/low back pain/);
    expect(item.citations.length).toBeGreaterThan(0);
    expect(JSON.stringify(item)).not.toMatch(/Smith|44820917|617-555-0199/);
  });
});

describe('group chats and channels', () => {
  const mention = { type: 'mention', mentioned: BOT, text: '<at>Curbside</at>' };

  it('stay silent when the bot is not mentioned', async () => {
    const out = await replies({ conversation: { id: 'g:1', conversationType: 'groupChat' }, text: CASE });
    expect(out).toHaveLength(0);
  });

  it('answer an @mention in a group chat with one final message (no streaming), mention text stripped', async () => {
    const out = await replies({
      conversation: { id: 'g:2', conversationType: 'groupChat' },
      text: `<at>Curbside</at> ${CASE}`,
      entities: [mention],
    });
    const answers = out.filter((a) => a.text);
    expect(answers).toHaveLength(1);
    const reply = answers[0]!;
    expect(reply.text).toMatch(/\[\d+\]/);
    expect(reply.text).not.toContain('<at>');
    expect(reply.entities?.some((e) => e.type === 'streaminfo')).toBe(false);
    expect(messageEntity(reply)!.citation!.length).toBeGreaterThan(0);
    expect(reply.channelData?.feedbackLoopEnabled).toBe(true);
  });

  it('answer an @mention in a channel, and run commands there', async () => {
    const channel = { id: '19:channel@thread.tacv2', conversationType: 'channel' };
    const out = (
      await replies({ conversation: channel, text: `<at>Curbside</at> ${CASE}`, entities: [mention] })
    ).filter((a) => a.text);
    expect(out).toHaveLength(1);
    expect(messageEntity(out[0]!)!.citation!.length).toBeGreaterThan(0);
    const help = await replies({ conversation: channel, text: '<at>Curbside</at> help', entities: [mention] });
    expect(help[0]!.text).toMatch(/Commands/);
  });
});

describe('bad and unusual inputs', () => {
  it('answers 400 for activities botbuilder cannot process', async () => {
    for (const drop of ['recipient', 'channelId', 'serviceUrl', 'conversation', 'type']) {
      const a = activity();
      delete a[drop];
      const res = await post(a);
      expect(res.status, drop).toBe(400);
      expect(res.json.error).toBe('bad_activity');
    }
    expect((await post('{"type": "message", ', true)).status).toBe(400);
    expect((await post([activity()])).status).toBe(400);
    expect((await post(activity({ text: { html: 'x' } }))).status).toBe(400);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await post(activity({ text: 'x'.repeat(1_200_000) }));
    expect(res.status).toBe(413);
  });

  it('replies politely to a 100 KB message instead of searching with it', async () => {
    const out = await replies({ text: `${'chest pain, dyspnoea, '.repeat(5_000).slice(0, 99_999)}?` });
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toMatch(/100,000 characters.*under 4,000/);
  });

  it('explains that attachments are not read', async () => {
    const out = await replies({
      text: '',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name: 'notes.pdf',
          content: { downloadUrl: 'https://x' },
        },
      ],
    });
    expect(out[0]!.text).toMatch(/cannot read attachments/);
  });

  it('ignores unknown activity types and unknown invokes without a server error, and keeps answering', async () => {
    expect((await post(activity({ type: 'somethingNew', deliveryMode: 'expectReplies' }))).status).toBeLessThan(300);
    const invoke = await post(
      activity({ type: 'invoke', name: 'unknown/thing', value: {}, deliveryMode: 'expectReplies' }),
    );
    expect(invoke.status).toBeLessThan(500);
    const out = await replies({ text: 'help' });
    expect(out[0]!.text).toMatch(/Commands/);
  });

  it('welcomes on install with sample questions', async () => {
    const res = await post(
      activity({ type: 'conversationUpdate', text: undefined, membersAdded: [BOT], deliveryMode: 'expectReplies' }),
    );
    const welcome = (res.json.activities as WireActivity[])[0]!;
    const card = JSON.stringify(welcome.attachments?.[0]?.content);
    expect(card).toMatch(/Curbside/);
    // Plain Action.Submit carrying the question: no `msteams` part (the Agents Playground's renderer throws on it).
    expect(card).toMatch(/"type":"Action.Submit"/);
    expect(card).toMatch(
      /"curbsideAsk":"67-year-old man with type 2 diabetes and CKD, eGFR 38, on metformin: what should I add\?"/,
    );
    expect(card).not.toMatch(/msteams/i);
  });

  it('answers a card button press (a message whose value carries the question, no text), also in a channel without a mention', async () => {
    const question = 'Which adults should be screened for lung cancer?';
    const channel = { id: '19:cards@thread.tacv2', conversationType: 'channel' };
    const out = await replies({ conversation: channel, text: undefined, value: { curbsideAsk: question } });
    const answer = out.find((a) => a.text)!;
    expect(answer.text).toContain(`**You asked:** ${question}`);
    expect(answer.text).toMatch(/lung cancer/i);
    expect(messageEntity(answer)!.citation!.length).toBeGreaterThan(0);
    // The Help button runs the command.
    const help = await replies({ text: undefined, value: { curbsideAsk: 'help' } });
    expect(help[0]!.text).toMatch(/Commands/);
    // Any other submit payload is not a question.
    const other = await replies({ conversation: channel, text: undefined, value: { something: 'else' } });
    expect(other).toHaveLength(0);
  });
});

describe('probes and files', () => {
  it('healthz and readyz', async () => {
    expect((await fetch(`${bot.server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bot.server.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; mode: string; guidelines: number };
    expect(body).toMatchObject({ status: 'ready', mode: 'extractive' });
    expect(body.guidelines).toBeGreaterThan(0);
  });

  it('serves only ingested guideline files', async () => {
    const [g] = (await bot.runtime.retriever.listGuidelines()).filter((x) => x.path);
    const ok = await fetch(`${bot.server.url}/guidelines/${encodeURIComponent(g!.source)}`);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    for (const name of ['nope.pdf', '..%2F..%2Fpackage.json', '%2Fetc%2Fpasswd']) {
      const res = await fetch(`${bot.server.url}/guidelines/${name}`);
      expect(res.status, name).toBe(404);
      await res.arrayBuffer();
    }
  });
});
