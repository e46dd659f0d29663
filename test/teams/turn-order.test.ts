// Two messages in one conversation a few milliseconds apart ("67M with CKD…" then "and she's on lisinopril"): both turns'
// history must survive. In one process the bot runs a conversation's turns one after another; across instances (Table
// storage) a save that lost the eTag race re-reads and merges. Real bot servers over HTTP, real storage clients.
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTableStateStorage } from '../../src/azure/table-state-storage.js';
import { mergeConversationState } from '../../src/teams/bot.js';
import { BEARER_TOKEN, staticTokenCredential } from '../support/azure-env.js';
import { startFakeAzureTables, type FakeAzureTables } from '../support/fake-azure-tables.js';
import { startTestBot, type TestBot } from './support.js';
import { ADMISSION_SETTINGS, BUSY_MESSAGE } from '../../src/ops/admission.js';

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
};

const QUESTIONS = [
  'Adult with chronic low back pain for 4 months despite NSAIDs: which non-drug treatments are recommended?',
  'And he also has hypertension: what blood pressure target is recommended?',
];

function message(conversationId: string, text: string, n: number): Record<string, unknown> {
  return {
    type: 'message',
    id: `turn-order-${conversationId}-${n}`,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    deliveryMode: 'expectReplies',
    from: { id: '29:turn-order-user', name: 'Dr A' },
    recipient: { id: '28:curbside-bot', name: 'Curbside' },
    conversation: { id: conversationId, conversationType: 'personal' },
    text,
  };
}

async function post(bot: TestBot, activity: Record<string, unknown>): Promise<{ status: number; texts: string[] }> {
  const res = await fetch(`${bot.server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const body = (await res.json()) as { activities?: { type: string; text?: string }[] };
  return {
    status: res.status,
    texts: (body.activities ?? []).filter((a) => a.type === 'message' && a.text).map((a) => a.text!),
  };
}

const userTurns = (history: { role: string; text: string }[] | undefined) =>
  (history ?? []).filter((t) => t.role === 'user').map((t) => t.text);

/**
 * MemoryStorage that counts failed writes (the eTag conflicts the queue prevents), with reads that take time like a network
 * store's: a read waits until another read is pending too (then both go on) or READ_WAIT_MS has passed. Without the queue
 * the two turns' reads therefore see the same state and the second save conflicts; with it, the second read only starts
 * after the first turn has saved, and the first read simply waits READ_WAIT_MS.
 */
const READ_WAIT_MS = 300;
class CountingStorage extends MemoryStorage {
  failedWrites = 0;
  private waiting: (() => void) | null = null;
  constructor(readonly items: Record<string, string>) {
    super(items);
  }
  override async read(keys: string[]): Promise<StoreItems> {
    if (this.waiting) {
      this.waiting();
      this.waiting = null;
    } else {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.waiting = null;
          resolve();
        }, READ_WAIT_MS);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return super.read(keys);
  }
  override async write(changes: StoreItems): Promise<void> {
    try {
      await super.write(changes);
    } catch (err) {
      this.failedWrites++;
      throw err;
    }
  }
}

describe('turns of one conversation, in one process', () => {
  let bot: TestBot;
  const items: Record<string, string> = {};
  const storage = new CountingStorage(items);
  beforeAll(async () => {
    bot = await startTestBot({}, { storage });
  });
  afterAll(async () => bot?.close());

  it('keeps both turns when the second message arrives before the first is answered', async () => {
    const conv = 'a:turn-order-local';
    const replies = await Promise.all(QUESTIONS.map((q, i) => post(bot, message(conv, q, i))));
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(r.texts.join('\n')).not.toMatch(/could not answer/);
    }
    expect(storage.failedWrites).toBe(0);
    const key = Object.keys(items).find((k) => k.endsWith(`/conversations/${conv}`))!;
    const state = (await storage.read([key]))[key] as { history?: { role: string; text: string }[] };
    // In arrival order: the second turn read the state the first had saved.
    expect(userTurns(state.history)).toEqual(QUESTIONS);
    expect(state.history).toHaveLength(4);
  });

  it("does not hold up other conversations behind a conversation's queue", async () => {
    const replies = await Promise.all(
      ['a:turn-order-x', 'a:turn-order-y', 'a:turn-order-z'].map((c, i) => post(bot, message(c, QUESTIONS[0]!, i))),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(storage.failedWrites).toBe(0);
  });
});

describe('a conversation flooded with messages', () => {
  /** MemoryStorage whose reads wait until the test opens the gate: the first turn holds its conversation's queue meanwhile. */
  class GatedStorage extends MemoryStorage {
    open = false;
    private waiters: (() => void)[] = [];
    release(): void {
      this.open = true;
      for (const w of this.waiters.splice(0)) w();
    }
    override async read(keys: string[]): Promise<StoreItems> {
      if (!this.open) await new Promise<void>((resolve) => this.waiters.push(resolve));
      return super.read(keys);
    }
  }
  let bot: TestBot;
  const storage = new GatedStorage();
  beforeAll(async () => {
    bot = await startTestBot({}, { storage });
  });
  afterAll(async () => {
    storage.release();
    await bot?.close();
  });

  it(`answers "busy" at once past ${ADMISSION_SETTINGS.maxTurnsPerConversation} turns waiting in one conversation; the rest are answered in order`, async () => {
    const conv = 'a:turn-order-flood';
    const limit = ADMISSION_SETTINGS.maxTurnsPerConversation;
    const results: { i: number; texts: string[] }[] = [];
    const sends: Promise<void>[] = [];
    for (let i = 0; i < limit + 3; i++) {
      sends.push(
        post(bot, message(conv, `${QUESTIONS[0]} (${i})`, 100 + i)).then(
          (r) => void results.push({ i, texts: r.texts }),
        ),
      );
      // One at a time into the queue, so the order and which ones are past the limit are known.
      await until(() => bot.server.bot.queued('msteams', conv) + bot.server.bot.failures.busy === i + 1);
    }
    // Past the limit: refused at once, while the first turn is still held.
    await until(() => results.length === 3);
    expect(results.map((r) => r.i).sort()).toEqual([limit, limit + 1, limit + 2]);
    for (const r of results) expect(r.texts).toEqual([BUSY_MESSAGE]);
    storage.release();
    await Promise.all(sends);
    const key = Object.keys((storage as unknown as { memory: Record<string, string> }).memory).find((k) =>
      k.endsWith(`/conversations/${conv}`),
    )!;
    const state = (await storage.read([key]))[key] as { history?: { role: string; text: string }[] };
    expect(userTurns(state.history)).toEqual(Array.from({ length: limit }, (_, i) => `${QUESTIONS[0]} (${i})`));
  });
});

describe('turns of one conversation on two instances sharing Table storage', () => {
  let fake: FakeAzureTables;
  let a: TestBot;
  let b: TestBot;
  const tableStorage = () =>
    createTableStateStorage(
      loadConfig({ AZURE_STORAGE_TABLE_ENDPOINT: fake.endpoint }),
      { ca: fake.ca, credential: staticTokenCredential() },
      { merge: mergeConversationState },
    )!;

  beforeAll(async () => {
    fake = await startFakeAzureTables({ bearerTokens: [BEARER_TOKEN] });
    a = await startTestBot({}, { storage: tableStorage() });
    b = await startTestBot({}, { storage: tableStorage() });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fake?.close();
  });

  it('a save that lost the eTag race re-reads and merges: both turns are kept', async () => {
    const key = 'msteams/28:curbside-bot/conversations/a:merge';
    const one = tableStorage();
    const two = tableStorage();
    await one.write({
      [key]: {
        history: [
          { role: 'user', text: 'q0' },
          { role: 'assistant', text: 'a0' },
        ],
      },
    });
    // Both instances read the same state (same eTag) before either saves.
    const [readOne, readTwo] = [(await one.read([key]))[key], (await two.read([key]))[key]];
    await one.write({
      [key]: {
        ...readOne,
        history: [...readOne.history, { role: 'user', text: 'q1' }, { role: 'assistant', text: 'a1' }],
      },
    });
    await two.write({
      [key]: {
        ...readTwo,
        history: [...readTwo.history, { role: 'user', text: 'q2' }, { role: 'assistant', text: 'a2' }],
      },
    });
    expect(two.merged).toBe(1);
    const stored = (await tableStorage().read([key]))[key];
    expect(userTurns(stored.history)).toEqual(['q0', 'q1', 'q2']);

    // Without a merge the same race is botbuilder's "eTag conflict" (what the bot saw before): this test would catch it.
    const plain: Storage = createTableStateStorage(loadConfig({ AZURE_STORAGE_TABLE_ENDPOINT: fake.endpoint }), {
      ca: fake.ca,
      credential: staticTokenCredential(),
    })!;
    const stale = (await plain.read([key]))[key];
    await one.write({ [key]: { ...(await one.read([key]))[key], note: 'x' } });
    await expect(plain.write({ [key]: { ...stale, history: [] } })).rejects.toThrow(/eTag conflict/);
  });

  it('the first turns of a new conversation on two instances are both kept (created only if still absent, else merged)', async () => {
    const key = 'msteams/28:curbside-bot/conversations/a:new-race';
    const one = tableStorage();
    const two = tableStorage();
    expect(await one.read([key])).toEqual({});
    expect(await two.read([key])).toEqual({});
    await one.write({
      [key]: {
        history: [
          { role: 'user', text: 'q1' },
          { role: 'assistant', text: 'a1' },
        ],
      },
    });
    await two.write({
      [key]: {
        history: [
          { role: 'user', text: 'q2' },
          { role: 'assistant', text: 'a2' },
        ],
      },
    });
    expect(two.merged).toBe(1);
    expect(userTurns((await tableStorage().read([key]))[key].history)).toEqual(['q1', 'q2']);
  });

  it("two messages sent to two instances at once: both turns' history survives", async () => {
    const conv = 'a:turn-order-two-instances';
    const replies = await Promise.all([
      post(a, message(conv, QUESTIONS[0]!, 0)),
      post(b, message(conv, QUESTIONS[1]!, 1)),
    ]);
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(r.texts.join('\n')).not.toMatch(/could not answer/);
    }
    const key = `msteams/28:curbside-bot/conversations/${conv}`;
    const stored = (await tableStorage().read([key]))[key];
    expect(new Set(userTurns(stored?.history))).toEqual(new Set(QUESTIONS));
    expect(stored.history).toHaveLength(4);
  });
});
