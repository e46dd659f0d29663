// Graceful shutdown: `npm start` (src/main.ts) as a real child process gets SIGTERM while a slow turn is in flight. The reply
// still arrives, new connections are refused, the turn's audit record is on disk, and the process exits 0.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPath, openAuditStore } from '../../src/ops/audit.js';
import { openFeedbackStore } from '../../src/review/feedback-store.js';
import { loadPrompt } from '../../src/answer/prompts.js';
import { startFakeAzureOpenAI, type FakeAzureOpenAI } from '../support/fake-azure-openai.js';
import { buildTestIndex, message, post, spawnServer } from './support.js';

/** Whether a new connection to the URL gets any HTTP response. */
const accepts = (url: string) =>
  new Promise<boolean>((resolve) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        resolve(true);
      })
      .on('error', () => resolve(false));
  });

const ANSWER = 'A daily inhaled corticosteroid is the preferred controller therapy for persistent asthma [1].';

let index: Awaited<ReturnType<typeof buildTestIndex>>;
let model: FakeAzureOpenAI;
let dataDir: string;

beforeAll(async () => {
  index = await buildTestIndex();
  model = await startFakeAzureOpenAI({
    respond: (r) =>
      r.body?.messages?.[0]?.content === loadPrompt('grounded-answer').text
        ? { delayMs: 2500, content: ANSWER }
        : { content: 'none' },
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-shutdown-'));
});

afterAll(async () => {
  await model?.close();
  index?.cleanup();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('SIGTERM', () => {
  it('finishes the turn in flight, then exits 0', async () => {
    const server = await spawnServer({
      CURBSIDE_INDEX: index.indexPath,
      CURBSIDE_GUIDELINES: index.kbDir,
      CURBSIDE_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      AZURE_OPENAI_ENDPOINT: model.endpoint,
      AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
      AZURE_OPENAI_API_KEY: 'test-key',
      AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-test',
      AZURE_OPENAI_TIMEOUT_MS: '10000',
    });
    try {
      const inFlight = post(server.url, message('Adult with persistent asthma: preferred controller therapy?'));
      // Wait until the slow model call has started, so the turn is really in flight when the signal lands.
      for (
        let i = 0;
        i < 200 && !model.requests.some((r) => r.body?.messages?.[0]?.content === loadPrompt('grounded-answer').text);
        i++
      ) {
        await new Promise((r) => setTimeout(r, 25));
      }
      server.child.kill('SIGTERM');
      // The listener closes: a new turn cannot start. Polled (a loaded machine may take a while to handle the signal), each
      // time on a new connection, so a kept-alive one from an earlier poll cannot answer for the closed listener.
      await expect.poll(() => accepts(`${server.url}/healthz`), { timeout: 20_000, interval: 100 }).toBe(false);

      const reply = await inFlight.catch((err) => {
        throw new Error(`${err}\n${server.lines.join('\n')}`);
      });
      expect(reply.status).toBe(200);
      expect(reply.text).toContain('preferred controller therapy for persistent asthma [1]');
      expect(await server.exited).toBe(0);
      expect(server.lines.some((l) => l.includes('"msg":"stopping"'))).toBe(true);

      const audit = openAuditStore(auditPath(dataDir));
      try {
        expect(
          audit.recent(10).filter((r) => r.door === 'teams' && r.status === 'ok' && r.mode === 'model'),
        ).toHaveLength(1);
      } finally {
        audit.close();
      }
    } finally {
      await server.stop('SIGKILL');
    }
  }, 60_000);

  it('SIGKILL right after a reply: the audit and feedback records of acknowledged turns are on disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-kill-'));
    const server = await spawnServer({
      CURBSIDE_INDEX: index.indexPath,
      CURBSIDE_GUIDELINES: index.kbDir,
      CURBSIDE_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
    });
    try {
      const activity = message('Adult with persistent asthma: preferred controller therapy?');
      const reply = await post(server.url, activity);
      expect(reply.text).toMatch(/inhaled corticosteroid/i);
      const feedback = await post(server.url, {
        ...message('', { conversation: activity.conversation }),
        type: 'invoke',
        name: 'message/submitAction',
        replyToId: 'unknown',
        value: {
          actionName: 'feedback',
          actionValue: { reaction: 'dislike', feedback: '{"feedbackText":"missing the step-down advice"}' },
        },
      });
      expect(feedback.status).toBe(200);
      server.child.kill('SIGKILL');
      await server.exited;
      const audit = openAuditStore(auditPath(dir));
      try {
        expect(
          audit
            .recent(10)
            .map((r) => r.action)
            .sort(),
        ).toEqual(['invoke message/submitAction', 'message']);
      } finally {
        audit.close();
      }
      const store = openFeedbackStore(dir);
      try {
        expect(store.list(10).map((r) => r.comment)).toEqual(['missing the step-down advice']);
      } finally {
        store.close();
      }
    } finally {
      await server.stop('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
