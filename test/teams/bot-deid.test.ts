// The Teams door with the Azure de-identification service configured (runtime wiring, real bot server over HTTP, a
// loopback fake of the service): the conversation history the bot stores is the pipeline's de-identified question,
// with the service's extra redactions, never a re-run of the local pass on the raw message.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryStorage, type StoreItems } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it, inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { deidentify } from '../../src/safety/deid.js';
import { startServer, type CurbsideServer } from '../../src/server.js';
import { staticTokenCredential } from '../support/azure-env.js';
import { nameMissedLocally, startFakeAzureDeid, type FakeAzureDeid } from '../support/fake-azure-deid.js';
import { postActivity, replyTexts } from './support.js';

/** Real in-memory bot storage that also keeps every state write as it was serialised, to check what was stored. */
class RecordingStorage extends MemoryStorage {
  readonly writes: string[] = [];
  override async write(changes: StoreItems): Promise<void> {
    this.writes.push(JSON.stringify(changes));
    await super.write(changes);
  }
}

const TOKEN = 'deid-token-for-tests';
const caseWith = (sentence: string) =>
  `${sentence}. Adult with chronic low back pain for 4 months despite NSAIDs, MRN 84736251: which non-drug treatments are recommended?`;
const missed = nameMissedLocally(deidentify, caseWith);

let deid: FakeAzureDeid;
let runtime: Runtime;
let server: CurbsideServer;
let storage: RecordingStorage;
let dataDir: string;

beforeAll(async () => {
  deid = await startFakeAzureDeid(TOKEN);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-bot-deid-'));
  const config = loadConfig({
    CURBSIDE_INDEX: inject('guidelineIndex'),
    CURBSIDE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    AZURE_DEID_ENDPOINT: deid.endpoint,
    AZURE_DEID_TIMEOUT_MS: '2000',
  });
  runtime = await createRuntime(config, {
    retriever: { build: false },
    azure: { credential: staticTokenCredential(TOKEN) },
  });
  storage = new RecordingStorage();
  server = await startServer(runtime, { port: 0, host: '127.0.0.1', bot: { storage } });
});

afterAll(async () => {
  await server?.close();
  await runtime?.close();
  await deid?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  deid.reset();
  deid.tags = { [missed.name]: 'Patient' };
});

async function ask(conversation: string, text: string): Promise<string[]> {
  const { status, json } = await postActivity(server.url, {
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    from: { id: '29:user-deid', name: 'Dr A' },
    conversation: { id: conversation, conversationType: 'personal' },
    text,
  });
  expect(status).toBe(200);
  return replyTexts(json);
}

describe('Teams door with the Azure de-identification service', () => {
  it('stores the pipeline de-identified question (with the service redactions) as history, and answers', async () => {
    const question = caseWith(missed.sentence);
    const replies = await ask('a:conv-deid-1', question);
    expect(replies.join('\n')).toMatch(/\[1\]/);
    for (const r of replies) {
      expect(r).not.toContain(missed.name);
      expect(r).not.toContain('84736251');
    }
    expect(deid.requests.length).toBeGreaterThan(0);
    expect(deid.requests.map((r) => r.body.inputText).join('\n')).not.toContain('84736251');

    const stored = storage.writes.filter((w) => w.includes('history'));
    expect(stored.length).toBeGreaterThan(0);
    for (const w of storage.writes) {
      expect(w).not.toContain(missed.name);
      expect(w).not.toContain('84736251');
    }
    // The stored user turn is the local result with the service's name redaction on top.
    const expected = deidentify(question).text.replace(missed.name, '[NAME]');
    expect(stored.at(-1)).toContain(JSON.stringify(expected).slice(1, -1));
  });

  it('still answers, with the local redactions stored, when the service is down', async () => {
    deid.mode = 503;
    const question = caseWith(missed.sentence);
    const replies = await ask('a:conv-deid-2', question);
    expect(replies.join('\n')).toMatch(/\[1\]/);
    expect(deid.requests.length).toBeGreaterThan(0);
    const last = storage.writes.filter((w) => w.includes('conv-deid-2') || w.includes('history')).at(-1) ?? '';
    expect(last).toContain(JSON.stringify(deidentify(question).text).slice(1, -1));
    for (const w of storage.writes) expect(w).not.toContain('84736251');
  });

  it('sends a message-extension search through the same de-identifier (only locally redacted text reaches the service)', async () => {
    const query = `${missed.sentence}, MRN 84736251, low back pain`;
    const { status, json } = await postActivity(server.url, {
      type: 'invoke',
      name: 'composeExtension/query',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: '29:user-deid', name: 'Dr A' },
      conversation: { id: 'a:conv-deid-me', conversationType: 'personal' },
      value: {
        commandId: 'searchGuidelines',
        parameters: [{ name: 'searchQuery', value: query }],
        queryOptions: { skip: 0, count: 10 },
      },
    });
    expect(status).toBe(200);
    const body = JSON.stringify(json);
    expect(body).toMatch(/application\/vnd\.microsoft\.card\.adaptive/);
    expect(body).not.toContain(missed.name);
    expect(deid.requests.map((r) => r.body.inputText)).toContain(deidentify(query).text);
    expect(deid.requests.map((r) => r.body.inputText).join('\n')).not.toContain('84736251');
  });
});
