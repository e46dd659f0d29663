// Which model answered: the name the service reports reaches the API answer, the MCP text, Teams `about`, the audit record and /readyz, on
// both routes; a pinned model that the service does not answer as makes /readyz fail with the reason. Real server, real
// index, real openai client to a loopback model server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelRoute } from '../../src/config.js';
import { auditPath, openAuditStore } from '../../src/ops/audit.js';
import { renderAnswer } from '../../src/api/mcp.js';
import type { CitedAnswer } from '../../src/answer/types.js';
import { startFakeAzureOpenAI, type FakeAzureOpenAI } from '../support/fake-azure-openai.js';
import { startTestBot, type TestBot } from '../teams/support.js';

const QUESTION = 'first-line treatment for hypertension in black patients';

describe.each<ModelRoute>(['deployment', 'v1'])('model identity on the %s route', (route) => {
  let fake: FakeAzureOpenAI;
  const bots: TestBot[] = [];

  beforeAll(async () => {
    fake = await startFakeAzureOpenAI({ route, reportModel: 'med-model-2025-06-01' });
  });
  afterAll(async () => {
    for (const b of bots) await b.close();
    await fake.close();
  });

  async function bot(env: Record<string, string> = {}) {
    const b = await startTestBot({
      AZURE_OPENAI_ENDPOINT: fake.endpoint,
      AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
      AZURE_OPENAI_ROUTE: route,
      AZURE_OPENAI_DEPLOYMENT: 'med-model',
      AZURE_OPENAI_API_KEY: 'test-key',
      AZURE_OPENAI_MAX_RETRIES: '0',
      // The first answer builds the recommendation units (seconds on a busy machine): the model must still be asked.
      CURBSIDE_TURN_DEADLINE_MS: '110000',
      ...env,
    });
    bots.push(b);
    return b;
  }

  it('puts the reported model into the API answer, the MCP text, Teams about and the audit record', async () => {
    const b = await bot();
    const res = await fetch(`${b.server.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: QUESTION }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as CitedAnswer;
    expect(answer.model).toEqual({ deployment: 'med-model', reported: 'med-model-2025-06-01', route });
    expect(renderAnswer(answer)).toContain('model med-model-2025-06-01');
    expect(fake.requests.some((r) => r.route === route && r.deployment === 'med-model')).toBe(true);
    // Teams `about` names the deployment, the route and the model the service reported.
    const about = await fetch(`${b.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'in-about',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9',
        deliveryMode: 'expectReplies',
        text: 'about',
        from: { id: '29:user-about', name: 'Dr A' },
        recipient: { id: '28:curbside-bot', name: 'Curbside' },
        conversation: { id: 'a:conv-about', conversationType: 'personal' },
      }),
    });
    expect(about.status).toBe(200);
    const aboutText = ((await about.json()) as { activities: { type: string; text?: string }[] }).activities
      .map((x) => x.text ?? '')
      .join('\n');
    expect(aboutText).toContain('deployment **med-model** through');
    expect(aboutText).toContain(route === 'v1' ? 'the OpenAI/v1 API' : 'an Azure OpenAI deployment');
    expect(aboutText).toContain('reports itself as **med-model-2025-06-01**');
    const audit = openAuditStore(auditPath(b.dataDir));
    try {
      const record = audit.recent(10).find((r) => r.traceId === answer.traceId);
      expect(record).toMatchObject({ action: 'POST /api/ask', model: 'med-model-2025-06-01' });
    } finally {
      audit.close();
    }
  });

  it('/readyz names the model when it matches the pinned one, and fails with the reason when the service answers as another', async () => {
    const ok = await bot({ AZURE_OPENAI_EXPECTED_MODEL: 'med-model' });
    const ready = await fetch(`${ok.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      modelIdentity: { deployment: 'med-model', route, reported: 'med-model-2025-06-01', expected: 'med-model' },
    });

    const pinned = await bot({ AZURE_OPENAI_EXPECTED_MODEL: 'med-model-2025-01-15' });
    const wrong = await fetch(`${pinned.server.url}/readyz`);
    expect(wrong.status).toBe(503);
    const body = (await wrong.json()) as { status: string; reason: string };
    expect(body.status).toBe('not ready');
    expect(body.reason).toContain('"med-model-2025-06-01"');
    expect(body.reason).toContain('AZURE_OPENAI_EXPECTED_MODEL pins "med-model-2025-01-15"');
  });
});

describe('audit files written before the model column', () => {
  it('gain the column on open and keep their rows', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-audit-old-'));
    try {
      const file = auditPath(dir);
      const db = new Database(file);
      db.exec(`CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, door TEXT NOT NULL, action TEXT NOT NULL,
        caller TEXT NOT NULL, tenant TEXT, status TEXT NOT NULL, http_status INTEGER, mode TEXT, sources TEXT NOT NULL, redactions INTEGER,
        trace_id TEXT, latency_ms INTEGER NOT NULL)`);
      db.prepare(
        `INSERT INTO audit (at, door, action, caller, status, sources, latency_ms) VALUES ('2026-01-01T00:00:00Z', 'http', 'POST /api/ask', 'local', 'ok', '[]', 5)`,
      ).run();
      db.close();
      const audit = openAuditStore(file);
      audit.record({
        door: 'http',
        action: 'POST /api/ask',
        caller: 'local',
        status: 'ok',
        mode: 'model',
        model: 'gpt-4o-2024-11-20',
        latencyMs: 7,
      });
      const [latest, old] = audit.recent(2);
      audit.close();
      expect(latest).toMatchObject({ model: 'gpt-4o-2024-11-20', mode: 'model' });
      expect(old).toMatchObject({ model: null, latencyMs: 5 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
