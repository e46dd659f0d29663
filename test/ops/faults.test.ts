// Fault matrix of the Teams door, over real HTTP with the real bot: the model on loopback times out, is rate-limited, fails,
// sends malformed JSON or drops a stream half-way; the search service is unreachable; the index is missing or corrupt; the Bot
// Connector refuses sends. Each time: what the clinician sees, that the same conversation answers normally afterwards, and
// that no audit or feedback record was lost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRuntime } from '../../src/runtime.js';
import { loadPrompt } from '../../src/answer/prompts.js';
import {
  startFakeAzureOpenAI,
  type FakeAzureOpenAI,
  type FakeReply,
  type RecordedRequest,
} from '../support/fake-azure-openai.js';
import {
  buildTestIndex,
  message,
  post,
  spawnServer,
  startFakeConnector,
  startOpsBot,
  type FakeConnector,
  type OpsBot,
} from './support.js';

const QUESTION = 'Adult with persistent asthma: what is the preferred controller therapy?';
const MODEL_TEXT = 'A daily inhaled corticosteroid is the preferred controller therapy for persistent asthma [1].';
const LONG_MODEL_TEXT = `${MODEL_TEXT} ${'Check inhaler technique and adherence before stepping up therapy [1]. '.repeat(6)}`;

let index: Awaited<ReturnType<typeof buildTestIndex>>;
let model: FakeAzureOpenAI;
let connector: FakeConnector;
let bot: OpsBot;
/** Reply to the grounded-answer call; follow-up suggestions always succeed. */
let fault: FakeReply | null = null;

const isGroundedAnswer = (r: RecordedRequest) => r.body?.messages?.[0]?.content === loadPrompt('grounded-answer').text;

beforeAll(async () => {
  index = await buildTestIndex();
  model = await startFakeAzureOpenAI();
  model.setDefault((r) =>
    isGroundedAnswer(r) && fault
      ? fault
      : { content: isGroundedAnswer(r) ? LONG_MODEL_TEXT : 'What about inhaler technique?' },
  );
  connector = await startFakeConnector();
  bot = await startOpsBot(index, {
    AZURE_OPENAI_ENDPOINT: model.endpoint,
    AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
    AZURE_OPENAI_API_KEY: 'test-key',
    AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-test',
    AZURE_OPENAI_TIMEOUT_MS: '1500',
    AZURE_OPENAI_MAX_RETRIES: '0',
    CURBSIDE_BOT_CONNECTOR_TIMEOUT_MS: '1000',
  });
});

afterAll(async () => {
  await bot?.close();
  await model?.close();
  await connector?.close();
  index?.cleanup();
});

beforeEach(() => {
  fault = null;
  connector.failing = false;
  connector.hanging = false;
  connector.received.length = 0;
});

function feedbackRows(): number {
  const db = new Database(path.join(bot.dataDir, 'feedback.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM feedback').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A turn whose fault is injected, then a normal turn in the same conversation; returns both replies' text. */
async function faultThenRecovery(conversation: string): Promise<{ during: string; after: string }> {
  const auditBefore = bot.audit().filter((r) => r.door === 'teams').length;
  const conv = { id: conversation, conversationType: 'personal', tenantId: 'tenant-a' };
  const during = await post(bot.server.url, message(QUESTION, { conversation: conv }));
  expect(during.status).toBe(200);
  fault = null;
  const after = await post(bot.server.url, message(QUESTION, { conversation: conv }));
  expect(after.status).toBe(200);
  // Every turn left its audit record, the failed one included.
  expect(bot.audit().filter((r) => r.door === 'teams').length).toBe(auditBefore + 2);
  return { during: during.text, after: after.text };
}

const extractiveFallback = (text: string, note: RegExp) => {
  expect(text).toMatch(note);
  expect(text).toMatch(/inhaled corticosteroid/i);
  expect(text).toMatch(/\[1\]/);
};

describe('model faults: the clinician gets guideline text quoted directly, with a one-line note', () => {
  it('model times out', async () => {
    fault = { delayMs: 4000, content: MODEL_TEXT };
    const { during, after } = await faultThenRecovery('a:fault-timeout');
    extractiveFallback(during, /did not answer in time/);
    expect(after).toMatch(/preferred controller therapy for persistent asthma \[1\]/);
  });

  it('model answers 429', async () => {
    fault = { status: 429, headers: { 'retry-after': '1' } };
    const { during, after } = await faultThenRecovery('a:fault-429');
    extractiveFallback(during, /busy \(rate-limited\)/);
    expect(after).toMatch(/preferred controller therapy for persistent asthma \[1\]/);
  });

  it('model answers 500', async () => {
    fault = { status: 500 };
    const { during, after } = await faultThenRecovery('a:fault-500');
    extractiveFallback(during, /language model was unavailable/);
    expect(after).toMatch(/preferred controller therapy for persistent asthma \[1\]/);
  });

  it('model sends malformed JSON', async () => {
    fault = { rawBody: '{"id": "x", "choices": [{"message": {"content": "A daily inh' };
    const { during, after } = await faultThenRecovery('a:fault-json');
    extractiveFallback(during, /language model sent an incomplete or unreadable reply/);
    expect(after).toMatch(/preferred controller therapy for persistent asthma \[1\]/);
  });

  it('model streams half an answer then drops (streamed personal chat): the final message replaces the partial text', async () => {
    fault = { content: LONG_MODEL_TEXT, chunkSize: 20, chunkDelayMs: 60, dropAfterChunks: 6 };
    const conv = { id: 'a:fault-stream', conversationType: 'personal', tenantId: 'tenant-a' };
    const res = await post(
      bot.server.url,
      message(QUESTION, { deliveryMode: undefined, serviceUrl: connector.url, conversation: conv }),
    );
    expect(res.status).toBe(200);
    const streamed = connector.received.filter((r) =>
      (r.activity.entities ?? []).some((e) => e.type === 'streaminfo' && e.streamType === 'streaming'),
    );
    expect(streamed.length).toBeGreaterThan(0); // the partial model text did go out
    const final = connector.received.find((r) =>
      (r.activity.entities ?? []).some((e) => e.type === 'streaminfo' && e.streamType === 'final'),
    );
    expect(final, 'a final message closes the stream').toBeDefined();
    extractiveFallback(final!.activity.text ?? '', /answer was interrupted/);

    fault = null;
    connector.received.length = 0;
    await post(
      bot.server.url,
      message(QUESTION, { deliveryMode: undefined, serviceUrl: connector.url, conversation: conv }),
    );
    const next = connector.received.find((r) =>
      (r.activity.entities ?? []).some((e) => e.type === 'streaminfo' && e.streamType === 'final'),
    );
    expect(next?.activity.text).toMatch(/preferred controller therapy for persistent asthma \[1\]/);
  });
});

describe('Bot Connector refuses sends', () => {
  it('the process stays up, the turn is audited as an error, feedback still lands, and the next turn is delivered', async () => {
    const conv = { id: 'a:fault-connector', conversationType: 'personal', tenantId: 'tenant-a' };
    const feedbackBefore = feedbackRows();
    connector.failing = true;
    const res = await post(
      bot.server.url,
      message(QUESTION, { deliveryMode: undefined, serviceUrl: connector.url, conversation: conv }),
    );
    expect([200, 500]).toContain(res.status);
    const failed = bot.audit().find((r) => r.door === 'teams');
    expect(failed?.status).toBe('error');

    connector.failing = false;
    await post(
      bot.server.url,
      message(QUESTION, { deliveryMode: undefined, serviceUrl: connector.url, conversation: conv }),
    );
    const final = connector.received.find((r) =>
      (r.activity.entities ?? []).some((e) => e.type === 'streaminfo' && e.streamType === 'final'),
    );
    expect(final?.activity.text).toMatch(/inhaled corticosteroid/i);
    const invoke = await post(bot.server.url, {
      ...message('', { conversation: conv, serviceUrl: connector.url }),
      type: 'invoke',
      name: 'message/submitAction',
      replyToId: 'out-1',
      value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":""}' } },
    });
    expect(invoke.status).toBe(200);
    expect(feedbackRows()).toBe(feedbackBefore + 1);
  });
});

describe('Bot Connector accepts sends and never answers', () => {
  it('each send gives up at its deadline, the turn ends and is audited, and the next turn is delivered', async () => {
    const conv = { id: 'a:fault-hang', conversationType: 'personal', tenantId: 'tenant-a' };
    connector.hanging = true;
    const res = await post(
      bot.server.url,
      message(QUESTION, { deliveryMode: undefined, serviceUrl: connector.url, conversation: conv }),
    );
    expect([200, 500]).toContain(res.status);
    expect(bot.audit().find((r) => r.door === 'teams')?.status).toBe('error');
    expect(bot.server.guard.inFlight).toBe(0);
    connector.hanging = false;
    await post(
      bot.server.url,
      message(QUESTION, { deliveryMode: undefined, serviceUrl: connector.url, conversation: conv }),
    );
    const final = connector.received.find((r) =>
      (r.activity.entities ?? []).some((e) => e.type === 'streaminfo' && e.streamType === 'final'),
    );
    expect(final?.activity.text).toMatch(/inhaled corticosteroid/i);
  }, 120_000);
});

describe('search and index faults', () => {
  it('search service unreachable: a reply that says so (with a reference), and the bot keeps serving', async () => {
    const dead = await startOpsBot(index, {
      CURBSIDE_RETRIEVAL_ENGINE: 'azure',
      AZURE_SEARCH_ENDPOINT: 'https://127.0.0.1:9', // discard port: nothing listens
      AZURE_SEARCH_API_KEY: 'k',
    });
    try {
      const reply = await post(dead.server.url, message(QUESTION));
      expect(reply.status).toBe(200);
      expect(reply.text).toMatch(/could not answer that \(ref [0-9a-f]{8}\)\. Please try again/);
      const help = await post(dead.server.url, message('help'));
      expect(help.text.length).toBeGreaterThan(20);
      expect(dead.audit().filter((r) => r.door === 'teams')).toHaveLength(2);
    } finally {
      await dead.close();
    }
  });

  it('index missing: the runtime refuses to start with a message naming the file', async () => {
    const config = loadConfig({
      CURBSIDE_INDEX: path.join(os.tmpdir(), 'curbside-no-such-index.sqlite'),
      CURBSIDE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-x-')),
      LOG_LEVEL: 'silent',
    });
    await expect(createRuntime(config, { retriever: { build: false } })).rejects.toThrow(
      /no index at .*curbside-no-such-index\.sqlite/,
    );
  });

  it('index damaged: `npm start` moves it aside, rebuilds it from the guidelines, and answers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-corrupt-'));
    const file = path.join(dir, 'index.sqlite');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0xa5)]));
    const server = await spawnServer({
      CURBSIDE_INDEX: file,
      CURBSIDE_GUIDELINES: index.kbDir,
      CURBSIDE_DATA_DIR: dir,
      LOG_LEVEL: 'warn',
    });
    try {
      expect(server.lines.join('\n')).toMatch(
        /index .*index\.sqlite is damaged \(.*\); moved it to .*index\.sqlite\.damaged-/,
      );
      const aside = fs.readdirSync(dir).filter((f) => f.startsWith('index.sqlite.damaged-'));
      expect(aside).toHaveLength(1);
      expect(fs.readFileSync(path.join(dir, aside[0]!)).subarray(16, 32)).toEqual(Buffer.alloc(16, 0xa5));
      // It listens while it rebuilds (answering "warming up"); readiness turns 200 once the index is built.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      // A probe whose kept-alive connection the busy server dropped is retried, as an orchestrator's next probe is.
      const ready = () =>
        fetch(`${server.url}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
      while ((await ready()) !== 200) await new Promise((r) => setTimeout(r, 100));
      const reply = await post(server.url, message(QUESTION));
      expect(reply.status).toBe(200);
      expect(reply.text).toMatch(/\[1\]/);
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
