// No identifier from a user's message reaches a log line, a stored record or the model. Synthea-derived notes with known
// identifiers go through the REAL bot (src/main.ts as a child process, LOG_LEVEL=debug) over HTTP, a model on loopback answers,
// feedback with identifiers in the comment is sent too; then every log line, the feedback and audit SQLite files (WAL included),
// every request the model received, and (in-process, same server code) the stored conversation state are searched for each
// identifier.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSyntheaPatients, renderNotes, type LabelledNote } from '../../src/eval/synthea-notes.js';
import { auditPath } from '../../src/ops/audit.js';
import { startFakeAzureOpenAI, type FakeAzureOpenAI } from '../support/fake-azure-openai.js';
import { buildTestIndex, message, post, spawnServer, startOpsBot, type ServerProcess } from './support.js';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');
const notes: LabelledNote[] = renderNotes(loadSyntheaPatients(FIXTURES));

/**
 * The identifiers to look for: every labelled span of 4+ characters (shorter ones, such as a two-digit age, also occur as
 * ordinary numbers in any log), each exactly as it appeared in the message.
 */
function identifiers(): string[] {
  const out = new Set<string>();
  for (const n of notes)
    for (const e of n.entities) {
      const text = n.text.slice(e.start, e.end).trim();
      if (text.length >= 4) out.add(text);
    }
  return [...out];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Identifiers found as whole tokens (so a ZIP code is not "found" inside a millisecond timestamp). */
function leaks(haystack: string, needles: string[]): string[] {
  return needles.filter((id) => new RegExp(`(?<![0-9A-Za-z])${escape(id)}(?![0-9A-Za-z])`).test(haystack));
}

const storedBytes = (file: string) =>
  [file, `${file}-wal`]
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString('utf8'))
    .join('\n');

const MODEL_ANSWER =
  'For this patient, the guideline recommends adding an SGLT2 inhibitor [1]. Check the cited passage before acting [1].';

let index: Awaited<ReturnType<typeof buildTestIndex>>;
let model: FakeAzureOpenAI;
let dataDir: string;
let server: ServerProcess;

async function sendAll(url: string, prefix: string): Promise<string[]> {
  const replies: string[] = [];
  const queue = notes.map((n, i) => ({ n, i }));
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const activity = message(item.n.text, {
        conversation: { id: `a:${prefix}-${item.i % 40}`, conversationType: 'personal', tenantId: 'tenant-a' },
      });
      const reply = await post(url, activity);
      expect(reply.status).toBe(200);
      replies.push(reply.text);
      // Feedback whose comment names the patient: the store must keep only the de-identified comment.
      if (item.i % 10 === 0) {
        const answerId = reply.activities.find((a) => a.type === 'message' && (a as { id?: string }).id)?.[
          'id' as never
        ] as string | undefined;
        const invoke = await post(url, {
          ...message('', { conversation: activity.conversation }),
          type: 'invoke',
          name: 'message/submitAction',
          replyToId: answerId ?? 'unknown',
          value: {
            actionName: 'feedback',
            actionValue: {
              reaction: 'dislike',
              feedback: JSON.stringify({ feedbackText: `Wrong for ${item.n.text}` }),
            },
          },
        });
        expect(invoke.status).toBe(200);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return replies;
}

beforeAll(async () => {
  index = await buildTestIndex();
  model = await startFakeAzureOpenAI({ respond: { content: MODEL_ANSWER } });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-nophi-'));
  server = await spawnServer({
    CURBSIDE_INDEX: index.indexPath,
    CURBSIDE_GUIDELINES: index.kbDir,
    CURBSIDE_DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    AZURE_OPENAI_ENDPOINT: model.endpoint,
    AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
    AZURE_OPENAI_API_KEY: 'test-key',
    AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-test',
    CURBSIDE_BOT_USER_PER_MINUTE: '6000',
    CURBSIDE_BOT_USER_BURST: '1000',
    CURBSIDE_BOT_CONVERSATION_PER_MINUTE: '6000',
    CURBSIDE_BOT_CONVERSATION_BURST: '1000',
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await model?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  index?.cleanup();
});

describe('no identifiers in logs, stored records or model requests', () => {
  it('runs every Synthea note through the real bot and finds none of their identifiers anywhere it keeps or sends text', async () => {
    const needles = identifiers();
    expect(needles.length).toBeGreaterThan(300);
    const replies = await sendAll(server.url, 'proc');
    expect(replies.filter((r) => /SGLT2|guideline/i.test(r)).length).toBeGreaterThan(notes.length / 2);
    expect(await server.stop('SIGTERM')).toBe(0);

    // The search itself works: the raw notes do contain the identifiers.
    expect(leaks(notes.map((n) => n.text).join('\n'), needles)).toHaveLength(needles.length);

    const logs = server.lines.filter((l) => l.startsWith('{'));
    expect(logs.length).toBeGreaterThan(notes.length);

    // Structured: every JSON line parses; every line logged inside a turn carries that turn's trace id.
    const parsed = logs.map((l) => JSON.parse(l) as { msg?: string; traceId?: string; level: number });
    const answered = parsed.filter((l) => l.msg === 'answer');
    expect(answered.length).toBeGreaterThanOrEqual(notes.length - 5);
    expect(answered.every((l) => /^[0-9a-f-]{36}$/.test(l.traceId ?? ''))).toBe(true);
    expect(new Set(answered.map((l) => l.traceId)).size).toBe(answered.length);
    const modelCalls = parsed.filter((l) => l.msg === 'model call ok');
    expect(modelCalls.length).toBeGreaterThan(0);
    expect(modelCalls.every((l) => answered.some((a) => a.traceId === l.traceId))).toBe(true);

    const feedback = storedBytes(path.join(dataDir, 'feedback.sqlite'));
    const audit = storedBytes(auditPath(dataDir));
    expect(audit).toContain('teams');
    expect(model.requests.length).toBeGreaterThan(0);
    // One assertion over every place, so a failure shows all of them at once.
    expect({
      logs: leaks(server.lines.join('\n'), needles),
      feedbackStore: leaks(feedback, needles),
      auditStore: leaks(audit, needles),
      modelRequests: leaks(model.requests.map((r) => r.rawBody).join('\n'), needles),
    }).toEqual({ logs: [], feedbackStore: [], auditStore: [], modelRequests: [] });
  }, 300_000);

  // Conversation history keeps only de-identified text, so any identifier the de-identifier missed would surface here.
  it('keeps no identifier in the stored conversation state', async () => {
    const storage = new MemoryStorage();
    const bot = await startOpsBot(
      index,
      {
        CURBSIDE_BOT_USER_PER_MINUTE: '6000',
        CURBSIDE_BOT_USER_BURST: '1000',
        CURBSIDE_BOT_CONVERSATION_PER_MINUTE: '6000',
        CURBSIDE_BOT_CONVERSATION_BURST: '1000',
      },
      storage,
    );
    try {
      await sendAll(bot.server.url, 'state');
      const state = JSON.stringify((storage as unknown as { memory: Record<string, string> }).memory);
      expect(state).toMatch(/history/);
      expect(leaks(state, identifiers())).toEqual([]);
    } finally {
      await bot.close();
    }
  }, 300_000);
});
