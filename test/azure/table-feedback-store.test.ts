// Feedback on Azure Table storage: the real @azure/data-tables client against a loopback HTTPS fake, keyless.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTableFeedbackStore, type AzureTableFeedbackStore } from '../../src/azure/table-feedback-store.js';
import { BEARER_TOKEN, staticTokenCredential } from '../support/azure-env.js';
import { startFakeAzureTables, type FakeAzureTables } from '../support/fake-azure-tables.js';

let fake: FakeAzureTables;
let store: AzureTableFeedbackStore;
const credential = staticTokenCredential();

beforeAll(async () => {
  fake = await startFakeAzureTables({ bearerTokens: [BEARER_TOKEN] });
  const config = loadConfig({ AZURE_STORAGE_TABLE_ENDPOINT: fake.endpoint });
  store = createTableFeedbackStore(config, { ca: fake.ca, credential })!;
});
afterAll(async () => fake?.close());

describe('AzureTableFeedbackStore', () => {
  it('is configured from AZURE_STORAGE_ACCOUNT_NAME and absent without it', () => {
    expect(loadConfig({ AZURE_STORAGE_ACCOUNT_NAME: 'stcurbside' }).azureStorage).toEqual({
      tableEndpoint: 'https://stcurbside.table.core.windows.net',
      feedbackTable: 'feedback',
      auditTable: 'audit',
      stateTable: 'conversationstate',
      reviewTable: 'reviews',
    });
    expect(createTableFeedbackStore(loadConfig({}))).toBeNull();
  });

  it('joins feedback to the recorded answer, de-identifies the comment, and lists newest first', async () => {
    const messageId = '1:ab/cd#ef?g'; // characters a Table row key may not contain
    await store.recordAnswer({
      messageId,
      traceId: 'trace-1',
      mode: 'model',
      conversationKey: 'conv-hash',
      sources: [{ passageId: 'p1', source: 'VADoDCKDCPG.pdf', page: 28 }],
    });
    const first = await store.addFeedback({
      messageId,
      reaction: 'dislike',
      comment: 'Wrong for John Smith, MRN 12345678, call 555-123-4567',
    });
    expect(first).toMatchObject({
      messageId,
      match: 'message',
      reaction: 'dislike',
      traceId: 'trace-1',
      mode: 'model',
      sources: [{ passageId: 'p1', source: 'VADoDCKDCPG.pdf', page: 28 }],
    });
    expect(first.comment).not.toMatch(/John Smith|12345678|555-123-4567/);

    const orphan = await store.addFeedback({ messageId: 'unknown-message', reaction: 'like', comment: '' });
    expect(orphan).toMatchObject({ match: 'none', traceId: null, mode: null, sources: [] });

    // By trace id (the HTTP API), for an older answer after a later one: that answer, never the conversation's latest.
    await store.recordAnswer({
      messageId: 'later-answer',
      traceId: 'trace-2',
      mode: 'extractive',
      conversationKey: 'conv-hash',
      sources: [],
    });
    const byTrace = await store.addFeedback({ traceId: 'trace-1', reaction: 'like', comment: 'helpful' });
    expect(byTrace).toMatchObject({ messageId, match: 'trace', traceId: 'trace-1', mode: 'model' });
    expect(await store.addFeedback({ messageId: '', reaction: 'like', comment: '' })).toMatchObject({
      match: 'none',
      traceId: null,
    });
    expect((await store.findAnswer({ traceId: 'trace-2' }))?.messageId).toBe('later-answer');

    const rows = await store.list();
    expect(rows.map((r) => r.messageId)).toEqual(['', messageId, 'unknown-message', messageId]);
    expect(rows[3]).toEqual(first);
    expect(await store.list(1)).toHaveLength(1);

    // Stored with the storage scope's bearer token, and no raw text beyond the de-identified comment.
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${BEARER_TOKEN}`)).toBe(true);
    expect(credential.calls.flat()).toContain('https://storage.azure.com/.default');
    const stored = JSON.stringify([...fake.tables.get('feedback')!.values()]);
    expect(stored).not.toMatch(/John Smith|12345678/);
  });

  it('lists answers since a time and purges answers and feedback older than the retention cut-off', async () => {
    const old = new Date(Date.now() - 400 * 86_400_000).toISOString();
    await store.recordAnswer({
      messageId: 'old-answer',
      traceId: 'trace-old',
      mode: 'extractive',
      conversationKey: 'c',
      sources: [],
      createdAt: old,
    });
    const since = new Date(Date.now() - 86_400_000);
    expect((await store.answersSince(since)).map((a) => a.traceId)).not.toContain('trace-old');
    expect((await store.answersSince(new Date(0))).map((a) => a.traceId)).toContain('trace-old');
    expect(await store.purge(new Date(Date.now() - 365 * 86_400_000))).toBe(1);
    expect(await store.findAnswer({ traceId: 'trace-old' })).toBeNull();
    expect(await store.findAnswer({ traceId: 'trace-2' })).not.toBeNull();
  });
});
