// State that works on App Service (issue 21): audit and feedback go to Table storage when a storage account is configured;
// a local store that cannot open (unwritable CURBSIDE_DATA_DIR, a network share where SQLite cannot lock) degrades to memory
// with one logged reason, and the server still starts and answers, instead of crashing into a restart loop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { log } from '../../src/log.js';
import { openAudit, openFeedback } from '../../src/ops/stores.js';
import { createRuntime } from '../../src/runtime.js';
import { startServer } from '../../src/server.js';
import { buildTestIndex } from '../api/kb-fixture.js';
import { BEARER_TOKEN, staticTokenCredential } from '../support/azure-env.js';
import { startFakeAzureTables, type FakeAzureTables } from '../support/fake-azure-tables.js';

let index: Awaited<ReturnType<typeof buildTestIndex>>;
let tables: FakeAzureTables;
let scratch: string;
/** A data directory that cannot be created or written, even by root: its parent is a regular file. */
let unwritable: string;

beforeAll(async () => {
  index = await buildTestIndex();
  tables = await startFakeAzureTables({ bearerTokens: [BEARER_TOKEN] });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-stores-'));
  fs.writeFileSync(path.join(scratch, 'not-a-directory'), 'x');
  unwritable = path.join(scratch, 'not-a-directory', 'data');
});
afterAll(async () => {
  index?.cleanup();
  await tables?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

describe('a data directory that cannot be used', () => {
  it('the bot server starts, answers /healthz, keeps feedback, and logs one reason per store', async () => {
    const warn = vi.spyOn(log, 'warn');
    const config = loadConfig({
      CURBSIDE_INDEX: index.indexPath,
      CURBSIDE_GUIDELINES: index.kbDir,
      CURBSIDE_DATA_DIR: unwritable,
      LOG_LEVEL: 'silent',
    });
    const runtime = await createRuntime(config, { retriever: { build: false } });
    const server = await startServer(runtime, { port: 0, host: '127.0.0.1' });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      // Feedback still works for the life of the process.
      await runtime.feedback.recordAnswer({
        messageId: 'm1',
        traceId: 't1',
        mode: 'extractive',
        sources: [],
        conversationKey: 'c1',
      });
      expect(await runtime.feedback.addFeedback({ messageId: 'm1', reaction: 'like', comment: '' })).toMatchObject({
        match: 'message',
        traceId: 't1',
      });
      const reasons = warn.mock.calls
        .filter(([obj]) => typeof obj === 'object' && obj !== null && 'store' in obj)
        .map(([obj]) => obj as unknown as Record<string, string>);
      expect(reasons.map((r) => r.store).sort()).toEqual(['audit', 'feedback', 'review']);
      for (const r of reasons) expect(r.reason).toMatch(/ENOTDIR|EACCES|EROFS|CANTOPEN/);
      expect(fs.existsSync(unwritable)).toBe(false);
    } finally {
      await server.close(5_000);
      await runtime.close();
    }
  });

  it('without the fallback the same start fails (the restart loop this prevents)', async () => {
    const { openAuditStore, auditPath } = await import('../../src/ops/audit.js');
    expect(() => openAuditStore(auditPath(unwritable))).toThrow();
    const choice = openAudit(loadConfig({ CURBSIDE_DATA_DIR: unwritable }));
    expect(choice.choice).toMatchObject({ kind: 'memory' });
    choice.record({ door: 'http', action: 'POST /api/ask', caller: 'local', status: 'ok', latencyMs: 3 });
    expect(choice.recent(1)[0]).toMatchObject({ door: 'http', status: 'ok' });
    choice.close();
  });
});

describe('audit and feedback on Azure Table storage', () => {
  it('are chosen whenever a storage account is configured, and nothing is written under CURBSIDE_DATA_DIR', async () => {
    const dataDir = path.join(scratch, 'data-never-used');
    const credential = staticTokenCredential();
    const config = loadConfig({ AZURE_STORAGE_TABLE_ENDPOINT: tables.endpoint, CURBSIDE_DATA_DIR: dataDir });
    expect(config.azureStorage).toMatchObject({ auditTable: 'audit', feedbackTable: 'feedback' });
    const audit = openAudit(config, { ca: tables.ca, credential });
    const feedback = openFeedback(config, { ca: tables.ca, credential });
    expect(audit.choice.kind).toBe('table');
    expect(feedback.choice.kind).toBe('table');

    audit.record({
      door: 'teams',
      action: 'message',
      caller: 'aad-object-1',
      tenant: 'tenant-a',
      status: 'ok',
      mode: 'model',
      model: 'gpt-5.1-2025-11-13',
      sources: ['p1', 'p2'],
      redactions: 2,
      traceId: 'trace-9',
      latencyMs: 41.6,
    });
    audit.record({
      door: 'http',
      action: 'POST /api/ask',
      caller: 'aad-object-2',
      status: 'rate_limited',
      httpStatus: 429,
      latencyMs: 1,
    });
    await (audit as unknown as { flush(): Promise<void> }).flush();
    const rows = [...tables.tables.get('audit')!.values()];
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.door === 'teams')).toMatchObject({
      action: 'message',
      caller: 'aad-object-1',
      status: 'ok',
      model: 'gpt-5.1-2025-11-13',
      sources: '["p1","p2"]',
      redactions: 2,
      traceId: 'trace-9',
      latencyMs: 42,
    });
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(String(r.PartitionKey)))).toBe(true);
    expect(audit.recent().map((r) => r.door)).toEqual(['http', 'teams']);
    expect(tables.requests.every((r) => r.headers.authorization === `Bearer ${BEARER_TOKEN}`)).toBe(true);
    expect(fs.existsSync(dataDir)).toBe(false);
    audit.close();
    feedback.store.close();
  });
});
