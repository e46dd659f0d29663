// The answer pipeline with the Azure de-identification service wired in the way src/runtime.ts wires it, against a
// loopback fake of the service (its real wire format, bearer token checked) and the loopback fake Azure OpenAI:
// the service sees only locally de-identified text, a name only the service tags never reaches the model, and a
// failing or slow service still leaves the clinician an answer with the local redactions applied.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createChatModel } from '../../src/answer/model.js';
import { createPipeline } from '../../src/answer/pipeline.js';
import type { ConversationTurn } from '../../src/answer/types.js';
import { ingestPaths } from '../../src/knowledge/ingest.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { PassageStore } from '../../src/retrieval/store.js';
import { createDeidentifier } from '../../src/runtime.js';
import { deidentify } from '../../src/safety/deid.js';
import { staticTokenCredential } from '../support/azure-env.js';
import { nameMissedLocally, startFakeAzureDeid, type FakeAzureDeid } from '../support/fake-azure-deid.js';
import { startFakeAzureOpenAI, type FakeAzureOpenAI, type RecordedRequest } from '../support/fake-azure-openai.js';

const GUIDELINE = `---
title: "Management of Chronic Kidney Disease"
released: "2019"
---

# Management of Chronic Kidney Disease

## SGLT2 inhibitors

We recommend offering sodium-glucose co-transporter 2 inhibitors as add-on therapy for type 2 diabetes in patients with stage 1 to 3 chronic kidney disease to reduce kidney disease progression. (A recommendation)

## Metformin

We suggest offering metformin as first-line therapy for type 2 diabetes in patients with stage 1 to 3 chronic kidney disease; reduce the dose when eGFR falls below 45 and stop it below 30. (B recommendation)
`;

const TOKEN = 'deid-token-for-tests';
const LOCAL_IDENTIFIERS = ['John', 'Smith', '84736251', '555-0143'];
const caseWith = (sentence: string) =>
  `Patient John Smith, MRN 84736251, phone (617) 555-0143. ${sentence}. 64M with type 2 diabetes and CKD stage 3, eGFR 42, on metformin. Should I add an SGLT2 inhibitor?`;
const missed = nameMissedLocally(deidentify, caseWith);
const CASE = caseWith(missed.sentence);

let dir: string;
let store: PassageStore;
let retriever: LocalRetriever;
let openai: FakeAzureOpenAI;
let deid: FakeAzureDeid;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-deid-service-'));
  fs.mkdirSync(path.join(dir, 'kb'));
  fs.writeFileSync(path.join(dir, 'kb', 'ckd.md'), GUIDELINE);
  store = PassageStore.open(path.join(dir, 'index.sqlite'));
  await ingestPaths(store, [path.join(dir, 'kb')], { workers: 1 });
  retriever = new LocalRetriever(store);
  openai = await startFakeAzureOpenAI();
  deid = await startFakeAzureDeid(TOKEN);
});

afterAll(async () => {
  await openai?.close();
  await deid?.close();
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  openai.reset();
  deid.reset();
  deid.tags = { [missed.name]: 'Patient' };
  openai.setDefault((req) => {
    const system = String(req.body?.messages?.[0]?.content ?? '');
    if (/numbered guideline passages/.test(system))
      return { content: 'Yes: add an SGLT2 inhibitor for stage 1 to 3 CKD [1].' };
    if (/follow-up questions/.test(system))
      return { content: 'What if eGFR falls below 30?\nShould the metformin dose change?' };
    return { content: 'type 2 diabetes chronic kidney disease SGLT2 inhibitor metformin eGFR' };
  });
});

function pipeline(env: Record<string, string> = {}) {
  const config = loadConfig({
    AZURE_OPENAI_ENDPOINT: openai.endpoint,
    AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
    AZURE_OPENAI_API_KEY: 'test-key',
    AZURE_OPENAI_TIMEOUT_MS: '5000',
    AZURE_OPENAI_MAX_RETRIES: '0',
    AZURE_DEID_ENDPOINT: deid.endpoint,
    ...env,
  });
  const deidentifier = createDeidentifier(config, { credential: staticTokenCredential(TOKEN) });
  return createPipeline({ config, retriever, model: createChatModel(config), deidentifier });
}

const chats = (): RecordedRequest[] => openai.requests.filter((r) => r.kind === 'chat');
const deidSent = () => deid.requests.map((r) => r.body.inputText).join('\n');

describe('pipeline with the Azure de-identification service', () => {
  it('sends the service only locally de-identified text, and the model never sees the name only the service tags', async () => {
    const a = await pipeline().answer({ question: CASE });
    expect(a.mode).toBe('model');
    expect(a.refused).toBe(false);

    // (a) What the local pass catches never left for the service...
    expect(deid.requests.length).toBeGreaterThan(0);
    for (const id of LOCAL_IDENTIFIERS) expect(deidSent()).not.toContain(id);
    // ...while the name the local pass misses did reach it (so the service had something to add).
    expect(deidSent()).toContain(missed.name);

    // (b) The model saw neither kind of identifier.
    expect(chats().length).toBeGreaterThan(0);
    for (const r of chats()) {
      for (const id of [...LOCAL_IDENTIFIERS, missed.name]) expect(r.rawBody).not.toContain(id);
    }
    expect(a.deidentifiedQuestion).not.toContain(missed.name);
    expect(a.deidentifiedQuestion).toContain('[NAME]');
    expect(JSON.stringify({ ...a, traceId: undefined })).not.toContain(missed.name);
    expect(a.redactions.find((r) => r.type === 'NAME')?.count).toBeGreaterThanOrEqual(2);
  });

  it('de-identifies raw history turns through the service too, in the same single request', async () => {
    const history: ConversationTurn[] = [
      { role: 'user', text: CASE },
      { role: 'assistant', text: 'Yes: add an SGLT2 inhibitor for stage 1 to 3 CKD [1].' },
    ];
    const a = await pipeline().answer({ question: 'And if her eGFR falls below 30?', history });
    expect(a.refused).toBe(false);
    expect(deid.requests).toHaveLength(1);
    for (const id of LOCAL_IDENTIFIERS) expect(deidSent()).not.toContain(id);
    // The follow-up rewrite sends the history to the model: the case is there, the identifiers are not.
    const withHistory = chats().filter((r) => r.rawBody.includes('metformin'));
    expect(withHistory.length).toBeGreaterThan(0);
    for (const r of chats()) {
      for (const id of [...LOCAL_IDENTIFIERS, missed.name]) expect(r.rawBody).not.toContain(id);
    }
  });

  it('answers with the local redactions when the service fails', async () => {
    deid.mode = 500;
    const a = await pipeline().answer({ question: CASE });
    expect(deid.requests.length).toBeGreaterThan(0);
    expect(a.mode).toBe('model');
    expect(a.refused).toBe(false);
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.deidentifiedQuestion).toBe(deidentify(CASE).text);
    for (const r of chats()) for (const id of LOCAL_IDENTIFIERS) expect(r.rawBody).not.toContain(id);
  });

  it('answers with the local redactions when the service does not answer in time', async () => {
    deid.mode = 'hang';
    const a = await pipeline({ AZURE_DEID_TIMEOUT_MS: '300' }).answer({ question: CASE });
    expect(deid.requests.length).toBeGreaterThan(0);
    expect(a.mode).toBe('model');
    expect(a.refused).toBe(false);
    expect(a.deidentifiedQuestion).toBe(deidentify(CASE).text);
    for (const r of chats()) for (const id of LOCAL_IDENTIFIERS) expect(r.rawBody).not.toContain(id);
  });
});
