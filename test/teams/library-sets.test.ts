// Team sets through the real bot over HTTP: a cardiology protocol (its own set) is cited when a team mapped to that set
// asks in its channel, not when another team asks, and a 1:1 chat draws on the user's default. The index is built here
// from guideline files this test writes; the mapping is what `curbside library sets --team` stores.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/knowledge/ingest.js';
import { mapScope } from '../../src/retrieval/library-admin.js';
import { PassageStore } from '../../src/retrieval/store.js';
import { postActivity, replyTexts, startTestBot, type TestBot, BOT_ACCOUNT } from './support.js';

const MENTION = { type: 'mention', mentioned: BOT_ACCOUNT, text: '<at>Curbside</at>' };
const QUESTION = 'Should I start apixaban for stroke prevention in atrial fibrillation?';

let dir: string;
let bot: TestBot;
let counter = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-sets-'));
  const kb = path.join(dir, 'kb');
  fs.mkdirSync(kb);
  fs.writeFileSync(
    path.join(kb, 'af.md'),
    '---\ntitle: "Atrial Fibrillation in Primary Care"\nreleased: "2019"\n---\n\n## Anticoagulation\n\nWe recommend offering an oral anticoagulant such as apixaban for stroke prevention in atrial fibrillation when stroke risk is raised. (B recommendation)\n',
  );
  fs.writeFileSync(
    path.join(kb, 'ward7.md'),
    '---\ntitle: Ward 7 anticoagulation protocol\ntype: local-protocol\norganisation: St Elsewhere Hospital\npublished: 2026-05-01\nsets: [cardiology]\n---\n\n## Recommendations\n\nRecommendation 1: Offer apixaban 5 mg twice daily for stroke prevention to adults with atrial fibrillation on Ward 7. (Strong for)\n',
  );
  const index = path.join(dir, 'index.sqlite');
  const store = PassageStore.open(index);
  expect((await ingestPaths(store, [kb], { workers: 1 })).failed).toEqual([]);
  mapScope(store, 'team', '19:cardiology-team', ['cardiology']);
  mapScope(store, 'user', 'aad-cardiologist', ['cardiology']);
  store.close();
  bot = await startTestBot({ CURBSIDE_INDEX: index });
});

afterAll(async () => {
  await bot?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function ask(overrides: Record<string, unknown>): Promise<string> {
  counter++;
  const { status, json } = await postActivity(bot.server.url, {
    serviceUrl: 'http://127.0.0.1:9/unused',
    deliveryMode: 'expectReplies',
    from: { id: `29:user-${counter}`, name: 'Dr A' },
    ...overrides,
  });
  expect(status).toBe(200);
  return replyTexts(json).join('\n');
}

function inChannel(team: string): Record<string, unknown> {
  return {
    conversation: { id: `19:general-${team}@thread.tacv2`, conversationType: 'channel' },
    channelData: { team: { id: team }, channel: { id: `19:general-${team}@thread.tacv2` } },
    text: `<at>Curbside</at> ${QUESTION}`,
    entities: [MENTION],
  };
}

describe('team sets in Teams', () => {
  it("the cardiology team's channel is answered from its protocol; another team's is not", async () => {
    const cardiology = await ask(inChannel('19:cardiology-team'));
    expect(cardiology).toContain('Local protocol: St Elsewhere Hospital, 2026-05-01');
    const other = await ask(inChannel('19:surgery-team'));
    expect(other).toMatch(/Atrial Fibrillation in Primary Care/);
    expect(other).not.toContain('Local protocol');
  });

  it("a 1:1 chat draws on the user's default sets", async () => {
    const personal = (aad: string) => ({
      conversation: { id: `a:chat-${aad}`, conversationType: 'personal' },
      from: { id: `29:${aad}`, aadObjectId: aad, name: 'Dr B' },
      text: QUESTION,
    });
    expect(await ask(personal('aad-cardiologist'))).toContain('Local protocol: St Elsewhere Hospital');
    expect(await ask(personal('aad-gp'))).not.toContain('Local protocol');
  });
});
