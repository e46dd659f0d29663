// End to end through the REAL Microsoft 365 Agents Playground (a Teams-like client speaking the Bot Framework connector wire
// format) against the real bot server, runtime and test guideline index: streaming, citations, AI label, feedback stored in
// SQLite, the message extension, commands, urgent cards, history and reset.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Playground, startTestBot, type PlaygroundMessage, type TestBot } from './support.js';

let bot: TestBot;
let playground: Playground;

beforeAll(async () => {
  bot = await startTestBot();
  playground = await Playground.start(bot.server.url);
});

afterAll(async () => {
  await playground?.close();
  await bot?.close();
});

/** Sends a question and returns every event of the exchange up to the final message. */
async function ask(text: string): Promise<{ final: PlaygroundMessage; from: number }> {
  const from = playground.events.length;
  await playground.send(text);
  const final = await playground.finalMessage(from);
  return { final, from };
}

function citedNumbers(text: string): number[] {
  return [...new Set([...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

describe('personal chat through the Agents Playground', () => {
  let answer: PlaygroundMessage;
  let from: number;

  beforeAll(async () => {
    ({ final: answer, from } = await ask(
      '67M with type 2 diabetes and CKD, eGFR 38, on metformin: what should I change?',
    ));
  });

  it('sends an informative update first, then the final message on the same stream', () => {
    const events = playground.events.slice(from).filter((e) => e.message);
    const first = events[0]!;
    expect(first.action).toBe('createMessage');
    expect(first.message!.streamEntity?.streamType).toBe('informative');
    expect(first.message!.text).toMatch(/^Searching \d+ guidelines/);
    expect(answer.messageId).toBe(first.message!.messageId);
    expect(answer.streamEntity?.streamType).toBe('final');
  });

  it('answers with [n] markers that match citation entities carrying name, abstract, url, keywords and a card', () => {
    const text = answer.text ?? '';
    expect(text).toMatch(/Read as: .*eGFR 38/);
    const numbers = citedNumbers(text);
    expect(numbers.length).toBeGreaterThan(0);
    const citations = answer.aiEntity?.citation ?? [];
    expect(citations.map((c) => c.position).sort((a, b) => a - b)).toEqual(numbers.filter((n) => n <= 10));
    for (const c of citations) {
      expect(typeof c.position).toBe('number');
      expect(c.appearance.name.length).toBeGreaterThan(0);
      expect(c.appearance.name.length).toBeLessThanOrEqual(80);
      expect(c.appearance.abstract.length).toBeGreaterThan(10);
      expect(c.appearance.abstract.length).toBeLessThanOrEqual(160);
      expect(c.appearance.keywords!.length).toBeLessThanOrEqual(3);
      for (const k of c.appearance.keywords!) expect(k.length).toBeLessThanOrEqual(28);
      expect(c.appearance.url).toMatch(new RegExp(`^${bot.server.url}/guidelines/[^/#]+(#page=\\d+)?$`));
    }
    // The CKD question should be answered from the CKD or diabetes guideline.
    expect(citations.some((c) => /kidney|diabetes/i.test(c.appearance.name))).toBe(true);
  });

  it('labels the answer honestly (extractive: no AI label, says it is quoted) and enables the feedback loop', () => {
    expect(answer.aiEntity?.additionalType ?? []).not.toContain('AIGeneratedContent');
    expect(answer.text).toMatch(/Quoted from the cited guidelines; no language model was used \(not AI generated\)/);
    expect(answer.feedbackLoopEnabled).toBe(true);
  });

  it('sends the Ask next card as its own message, without AI label or feedback: one feedback control per answer', async () => {
    const card = await playground.waitFor(
      (ev) =>
        ev.find(
          (e) => e.action === 'createMessage' && JSON.stringify(e.message?.attachments ?? []).includes('Ask next'),
        )?.message,
      from,
    );
    expect(card.feedbackLoopEnabled).not.toBe(true);
    expect(card.aiEntity).toBeUndefined();
    const withFeedback = playground.events
      .slice(from)
      .filter((e) => e.message?.feedbackLoopEnabled === true && e.message.messageId === answer.messageId);
    expect(new Set(withFeedback.map((e) => e.message!.messageId)).size).toBe(1);
    expect(
      playground.events
        .slice(from)
        .filter((e) => e.action === 'createMessage' && e.message?.feedbackLoopEnabled === true),
    ).toHaveLength(0);
  });

  it('serves the cited file at the citation link', async () => {
    const url = answer.aiEntity!.citation![0]!.appearance.url!;
    const res = await fetch(url.replace(/#.*$/, ''));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/pdf|text\/markdown/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it("stores the Playground's thumbs-down de-identified, tied to no answer (it sends no replyToId), never to the latest answer", async () => {
    const res = await playground.invoke(
      'message/submitAction',
      {
        actionName: 'feedback',
        actionValue: {
          reaction: 'dislike',
          feedback: JSON.stringify({ feedbackText: 'Wrong for Mr. John Smith, MRN 44820917, call 617-555-0199' }),
        },
      },
      { replyToId: answer.messageId },
    );
    // The Playground drops replyToId from feedback invokes (its client sends only name, from, conversation and value), so
    // the bot cannot know which answer the thumbs were on and says so (match "none") rather than guessing.
    expect(res.status).toBe(200);
    const db = new Database(path.join(bot.dataDir, 'feedback.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT * FROM feedback').all() as {
        reaction: string;
        comment: string;
        trace_id: string | null;
        message_id: string;
        match: string;
      }[];
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      expect(row.reaction).toBe('dislike');
      expect(row.match).toBe('none');
      expect(row.trace_id).toBeNull();
      expect(row.comment).toMatch(/^Wrong for/);
      expect(row.comment).not.toMatch(/Smith|44820917|617-555-0199/);
      // The answer itself was recorded for review, keyed by its message id.
      const recorded = db
        .prepare('SELECT trace_id, content FROM answers WHERE message_id = ?')
        .get(answer.messageId) as { trace_id: string; content: string } | undefined;
      expect(recorded?.trace_id).toMatch(/\S{8,}/);
      expect(JSON.parse(recorded!.content).question).toMatch(/eGFR 38/);
    } finally {
      db.close();
    }
  });

  it('a press on an Ask next row (Action.Submit through the Playground) is answered with the question it carries', async () => {
    const card = playground.events
      .slice(from)
      .find(
        (e) => e.action === 'createMessage' && JSON.stringify(e.message?.attachments ?? []).includes('Ask next'),
      )!.message!;
    const body = (
      card.attachments![0]!.content as { body: { selectAction?: { type: string; data: Record<string, unknown> } }[] }
    ).body;
    const action = body.find((b) => b.selectAction)!.selectAction!;
    expect(action.type).toBe('Action.Submit');
    const question = String(action.data.curbsideAsk);
    const at = playground.events.length;
    await playground.submit(action.data, card.messageId);
    const final = await playground.finalMessage(at);
    expect(final.text).toContain(`**You asked:** ${question}`);
    expect(final.aiEntity?.citation?.length ?? 0).toBeGreaterThan(0);
  });
});

describe('commands, message extension and urgent cases through the Agents Playground', () => {
  it('help lists the commands', async () => {
    const from = playground.events.length;
    await playground.send('help');
    const msg = await playground.waitFor((ev) => ev.find((e) => e.message?.text?.includes('Commands'))?.message, from);
    expect(msg.text).toMatch(/`sources`/);
    expect(msg.text).toMatch(/`reset`/);
  });

  it('sources lists the loaded guidelines with versions', async () => {
    const from = playground.events.length;
    await playground.send('sources');
    const msg = await playground.waitFor(
      (ev) => ev.find((e) => /guidelines loaded/.test(e.message?.text ?? ''))?.message,
      from,
    );
    const count = (await bot.runtime.retriever.listGuidelines()).length;
    expect(msg.text).toContain(`**${count} guidelines loaded**`);
    expect(msg.text).toMatch(/Chronic Kidney Disease: Version 4\.0/);
  });

  it('uses the conversation for follow-ups, and reset forgets it', async () => {
    await ask('58-year-old woman with CKD stage 3 and eGFR 40: blood pressure target?');
    const followUp = await ask('what if she also has type 2 diabetes?');
    expect(followUp.final.text).toMatch(/Read as: .*(CKD|kidney)/i);

    const from = playground.events.length;
    await playground.send('reset');
    await playground.waitFor((ev) => ev.find((e) => /forgotten this conversation/.test(e.message?.text ?? '')), from);

    const fresh = await ask('what if she also has type 2 diabetes?');
    expect(fresh.final.text ?? '').not.toMatch(/Read as: .*(CKD|kidney)/i);
  });

  it('shows the urgent card before anything else for an emergency', async () => {
    const from = playground.events.length;
    await playground.send(
      'Veteran with PTSD says he has a loaded gun at home and plans to kill himself tonight. What do I do?',
    );
    const final = await playground.finalMessage(from);
    // Skip the previous answer's Ask next card, if it arrives late.
    const messages = playground.events
      .slice(from)
      .filter(
        (e) =>
          e.action === 'createMessage' &&
          e.message &&
          e.message.streamEntity?.streamType !== 'final' &&
          !JSON.stringify(e.message.attachments ?? []).includes('Ask next'),
      );
    const first = messages[0]!.message!;
    const card = first.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(card?.content)).toMatch(/Urgent/);
    expect(JSON.stringify(card?.content)).toMatch(/988|911|emergency/i);
    expect(final.messageId).not.toBe(first.messageId);
    expect(final.text ?? '').toMatch(/\[\d+\]/);
  });

  it('the searchGuidelines message extension returns insertable recommendation cards', async () => {
    const res = await playground.invoke('composeExtension/query', {
      commandId: 'searchGuidelines',
      parameters: [{ name: 'searchQuery', value: 'metformin kidney function' }],
      queryOptions: { skip: 0, count: 10 },
    });
    expect(res.status).toBe(200);
    const body = res.body as {
      composeExtension?: {
        type: string;
        attachments: {
          contentType: string;
          content: { body: { text?: string }[] };
          preview: { content: { title: string } };
        }[];
      };
    };
    const result = body.composeExtension!;
    expect(result.type).toBe('result');
    expect(result.attachments.length).toBeGreaterThan(0);
    const first = result.attachments[0]!;
    expect(first.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(first.preview.content.title.length).toBeGreaterThan(0);
    expect(JSON.stringify(result.attachments)).toMatch(/metformin/i);
    expect(JSON.stringify(first.content)).toMatch(/"title":"Guideline"/);
  });
});

describe('group chat through the Agents Playground', () => {
  it('answers only when @mentioned, with one final message carrying citations (no streaming)', async () => {
    const chat = playground.config.groupChats[0]!;
    const member = chat.members[0]!;
    const from = playground.events.length;
    await playground.send('Which adults should be screened for lung cancer?', chat.id, { from: member });
    await playground.send('Which adults should be screened for lung cancer?', chat.id, {
      from: member,
      mentionBot: true,
    });
    const reply = await playground.waitFor(
      (ev) =>
        ev.find(
          (e) =>
            e.action === 'createMessage' && e.actionConversationId === chat.id && /\[\d+\]/.test(e.message?.text ?? ''),
        )?.message,
      from,
    );
    expect(reply.streamEntity).toBeUndefined();
    expect(reply.text).not.toContain('<at>');
    expect(reply.aiEntity?.citation?.length).toBeGreaterThan(0);
    expect(reply.aiEntity?.additionalType ?? []).not.toContain('AIGeneratedContent');
    expect(reply.feedbackLoopEnabled).toBe(true);
    // Exactly one answer: the unmentioned message got none.
    await new Promise((r) => setTimeout(r, 500));
    const answers = playground.events
      .slice(from)
      .filter(
        (e) =>
          e.action === 'createMessage' &&
          e.actionConversationId === chat.id &&
          /Read as|Best match|\[\d+\]/.test(e.message?.text ?? ''),
      );
    expect(answers).toHaveLength(1);
  });
});
