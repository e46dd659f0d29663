// Liveness and readiness under trouble (issue #15 items 5 and 8), against real servers on loopback ports:
// - past the answer bound a request is refused at once (HTTP API 503 + Retry-After; Teams a polite "busy" reply) while
//   /healthz and /readyz keep answering;
// - the index file deleted under a running server: /readyz fails at once, with the reason;
// - a start with no index: the server listens at once, /healthz is up, /readyz says "warming up", /api/ask answers 503 +
//   Retry-After and Teams a polite "warming up" message, until the index is built; then it answers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type CurbsideServer } from '../../src/server.js';
import { BUSY_MESSAGE, WARMING_MESSAGE } from '../../src/ops/admission.js';
import { startFakeAzureOpenAI, type FakeAzureOpenAI } from '../support/fake-azure-openai.js';
import { buildTestIndex } from '../api/kb-fixture.js';

const CASE = 'Adult with hypertension and type 2 diabetes: what blood pressure target is recommended?';

function activity(conversation: string, text: string): Record<string, unknown> {
  return {
    type: 'message',
    id: `avail-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    deliveryMode: 'expectReplies',
    from: { id: '29:avail-user', name: 'Dr A' },
    recipient: { id: '28:curbside-bot', name: 'Curbside' },
    conversation: { id: conversation, conversationType: 'personal' },
    text,
  };
}

async function teamsReply(
  url: string,
  conversation: string,
  text: string,
): Promise<{ status: number; texts: string[] }> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity(conversation, text)),
  });
  const body = (await res.json()) as { activities?: { type: string; text?: string }[] };
  return {
    status: res.status,
    texts: (body.activities ?? []).filter((a) => a.type === 'message' && a.text).map((a) => a.text!),
  };
}

const ask = (url: string, question = CASE) =>
  fetch(`${url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
};

let kb: Awaited<ReturnType<typeof buildTestIndex>>;
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-avail-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  kb = await buildTestIndex();
});
afterAll(() => {
  kb?.cleanup();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the answer bound', () => {
  let model: FakeAzureOpenAI;
  let runtime: Runtime;
  let server: CurbsideServer;
  beforeAll(async () => {
    // The model holds the one answer slot (a reply that takes minutes) until the test closes it.
    model = await startFakeAzureOpenAI({
      respond: () => ({ delayMs: 600_000, content: 'Treat to below 130/80 mm Hg [1].' }),
    });
    const dataDir = tempDir();
    const config = loadConfig({
      CURBSIDE_INDEX: kb.indexPath,
      CURBSIDE_GUIDELINES: kb.kbDir,
      CURBSIDE_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      AZURE_OPENAI_ENDPOINT: model.endpoint,
      AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
      AZURE_OPENAI_API_KEY: 'test-key',
      AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-test',
    });
    runtime = await createRuntime(config, {
      retriever: { build: false },
      answerThreads: 1,
      admission: { maxInFlight: 1, maxQueued: 0 },
    });
    server = await startServer(runtime, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close(1000);
    await runtime?.close();
    await model?.close();
  });

  it('refuses past it at once: 503 + Retry-After on the API, a polite reply in Teams; health probes keep answering', async () => {
    const first = ask(server.url);
    // The first answer is waiting on the model, holding the only slot.
    await until(() => model.requests.some((r) => r.path.includes('/chat/completions')));
    const second = await ask(server.url);
    expect(second.status).toBe(503);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await second.json()).toMatchObject({ error: 'busy' });

    const teams = await teamsReply(server.url, 'a:avail-busy', CASE);
    expect(teams.status).toBe(200);
    expect(teams.texts).toContain(BUSY_MESSAGE);

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(runtime.pipeline.stats()).toMatchObject({ inFlight: 1, refusedBusy: 2 });

    // The model goes away: the held answer completes with the extractive fallback, and the slot is free again.
    await model.close();
    expect((await first).status).toBe(200);
    expect((await ask(server.url)).status).toBe(200);
  });
});

describe('readiness when the index goes away', () => {
  it('fails /readyz at once when the index file is deleted under the running server, with the reason', async () => {
    const dir = tempDir();
    const indexPath = path.join(dir, 'index.sqlite');
    fs.copyFileSync(kb.indexPath, indexPath);
    const runtime = await createRuntime(
      loadConfig({
        CURBSIDE_INDEX: indexPath,
        CURBSIDE_GUIDELINES: kb.kbDir,
        CURBSIDE_DATA_DIR: dir,
        LOG_LEVEL: 'silent',
      }),
      {
        retriever: { build: false },
      },
    );
    const server = await startServer(runtime, { port: 0, host: '127.0.0.1' });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      fs.rmSync(indexPath);
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { reason: string }).reason).toMatch(/deleted while running: restart to rebuild it/);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close(1000);
      await runtime.close();
    }
  });
});

describe('a start with no index', () => {
  it('listens at once and says "warming up" (503 + Retry-After, a polite Teams reply) until the index is built', async () => {
    const dir = tempDir();
    const indexPath = path.join(dir, 'index.sqlite');
    let letBuild!: () => void;
    const held = new Promise<void>((resolve) => (letBuild = resolve));
    const runtime = await createRuntime(
      loadConfig({
        CURBSIDE_INDEX: indexPath,
        CURBSIDE_GUIDELINES: kb.kbDir,
        CURBSIDE_DATA_DIR: dir,
        LOG_LEVEL: 'silent',
      }),
      {
        warmUp: true,
        answerThreads: 1,
        beforeOpen: () => held,
        retriever: { onNotice: () => undefined, onProgress: () => undefined },
      },
    );
    const server = await startServer(runtime, { port: 0, host: '127.0.0.1' });
    try {
      expect(fs.existsSync(indexPath)).toBe(false);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const readyz = await fetch(`${server.url}/readyz`);
      expect(readyz.status).toBe(503);
      expect(((await readyz.json()) as { reason: string }).reason).toMatch(/warming up/);
      const asked = await ask(server.url);
      expect(asked.status).toBe(503);
      expect(Number(asked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await asked.json()).toMatchObject({ error: 'warming_up' });
      const teams = await teamsReply(server.url, 'a:avail-warming', CASE);
      expect(teams.status).toBe(200);
      expect(teams.texts).toContain(WARMING_MESSAGE);
      // An emergency asked while warming up still gets the urgent card first, then the warming-up reply.
      const urgent = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          activity(
            'a:avail-urgent',
            'He says he has a loaded gun at home and plans to kill himself tonight. What now?',
          ),
        ),
      });
      const replies = (
        (await urgent.json()) as { activities: { type: string; text?: string; attachments?: unknown[] }[] }
      ).activities.filter((a) => a.type === 'message');
      expect(JSON.stringify(replies[0]!.attachments)).toMatch(/988/);
      expect(replies.at(-1)!.text).toBe(WARMING_MESSAGE);

      letBuild();
      await runtime.ready;
      expect(fs.existsSync(indexPath)).toBe(true);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const answered = await ask(server.url);
      expect(answered.status).toBe(200);
      expect(((await answered.json()) as { citations: unknown[] }).citations.length).toBeGreaterThan(0);
    } finally {
      letBuild();
      await server.close(1000);
      await runtime.close();
    }
  });
});
