// Model mode end to end: the real Agents Playground, the real bot, the real openai client against a loopback Azure OpenAI that
// streams its answer slowly, so the personal chat shows the informative update, streamed text updates, then the final
// citation-checked message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAzureOpenAI, type FakeAzureOpenAI } from '../support/fake-azure-openai.js';
import { carelessReply, renderReply, type LabelledSentence } from '../support/adversarial-model.js';
import { Playground, startTestBot, type TestBot } from './support.js';

/** A careful model: each sentence quotes the first sentence of the passage it cites, word for word. */
function carefulAnswer(user: string): string {
  const blocks = [...user.matchAll(/<passage n="(\d+)"[^>]*>\n([\s\S]*?)\n<\/passage>/g)].slice(0, 2);
  const first = (text: string) =>
    text
      .replace(/&lt;|&gt;|&amp;|"/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .split(/(?<=\.)\s/)[0]!
      .slice(0, 200)
      .replace(/[.,;:]?\s*\S*$/, '');
  return blocks.map((b) => `The guideline states: "${first(b[2]!)}" [${b[1]}].`).join(' ');
}

/** A careless model: the issue's unsupported claims, a phishing link and a raw citation number that does not exist. */
const CARELESS =
  'Start warfarin 10 mg daily [1]. We recommend against all treatment (Strong against) [1]. Empagliflozin 25 mg daily is appropriate. ' +
  'Treat only if the eGFR is above 95 [2]. See [the update](https://evil.example/login) for details [1]. Stop everything now [7].';
let careless = false;
/** The adversarial suite's labelled model (test/support/adversarial-model.ts), on the Teams door. */
let labelledMode = false;
let labelled: LabelledSentence[] = [];

let fake: FakeAzureOpenAI;
let bot: TestBot;
let playground: Playground;

beforeAll(async () => {
  fake = await startFakeAzureOpenAI({
    respond: (req) => {
      const system = String(req.body?.messages?.[0]?.content ?? '');
      if (/follow-up questions/i.test(system))
        return { content: 'When should eGFR be rechecked?\nWhich SGLT2 inhibitor dose fits eGFR 38?' };
      const user = String(req.body?.messages?.[1]?.content ?? '');
      if (labelledMode) {
        labelled = carelessReply(user);
        return { content: renderReply(labelled), chunkSize: 40, chunkDelayMs: 20 };
      }
      return { content: careless ? CARELESS : carefulAnswer(user), chunkSize: 6, chunkDelayMs: 60 };
    },
  });
  bot = await startTestBot({
    AZURE_OPENAI_ENDPOINT: fake.endpoint,
    AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
    AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-test',
    AZURE_OPENAI_API_KEY: 'test-key',
    AZURE_OPENAI_MAX_RETRIES: '0',
  });
  playground = await Playground.start(bot.server.url);
});

afterAll(async () => {
  await playground?.close();
  await bot?.close();
  await fake?.close();
});

describe('model answers in a personal chat', () => {
  it('stream: informative update, text updates, then the final message with citations and the AI label', async () => {
    const from = playground.events.length;
    await playground.send(
      'Mr. John Smith, 67M, MRN 44820917, type 2 diabetes and CKD with eGFR 38 on metformin: what should I add?',
    );
    const final = await playground.finalMessage(from);
    const events = playground.events.slice(from).filter((e) => e.message?.messageId === final.messageId);
    const kinds = events.map((e) => e.message!.streamEntity?.streamType);
    expect(kinds[0]).toBe('informative');
    expect(kinds).toContain('streaming');
    expect(kinds.at(-1)).toBe('final');
    const streamed = events
      .filter((e) => e.message!.streamEntity?.streamType === 'streaming')
      .map((e) => e.message!.text ?? '');
    // Updates grow: each one extends the text shown before it, in whole checked sentences whose numbers never change.
    for (let i = 1; i < streamed.length; i++) expect(streamed[i]!.startsWith(streamed[i - 1]!)).toBe(true);
    expect(streamed[0]).toMatch(/^The guideline states: ".*" \[1\]\.$/);
    expect(final.text).toContain(streamed.at(-1)!.split(' [')[0]!);
    expect(final.text).toMatch(/Read as: .*eGFR 38/);
    const positions = final.aiEntity!.citation!.map((c) => c.position);
    expect(positions.length).toBeGreaterThan(0);
    for (const p of positions) expect(final.text).toContain(`[${p}]`);
    expect(final.aiEntity!.additionalType).toContain('AIGeneratedContent');
    expect(final.feedbackLoopEnabled).toBe(true);

    // The identifiers never reached the model, and readiness reports model mode.
    const sent = JSON.stringify(fake.requests.map((r) => r.body));
    expect(fake.requests.some((r) => r.kind === 'chat' && r.body?.stream === true)).toBe(true);
    expect(sent).not.toMatch(/Smith|44820917/);
    const ready = (await (await fetch(`${bot.server.url}/readyz`)).json()) as { mode: string; model: string };
    expect(ready.mode).toBe('model');
    expect(ready.model).toBe('ok');
  });

  it('a careless model: no unsupported sentence or link is on screen at any moment, and the answer says what was removed', async () => {
    careless = true;
    try {
      const from = playground.events.length;
      await playground.send('67M, type 2 diabetes and CKD with eGFR 38 on metformin: what should I add?');
      const final = await playground.finalMessage(from);
      const shown = playground.events.slice(from).map((e) => e.message?.text ?? '');
      for (const text of shown) {
        expect(text).not.toMatch(
          /warfarin|Strong against|Empagliflozin 25|above 95|evil\.example|https?:|Stop everything/i,
        );
      }
      expect(final.text).toMatch(
        /guideline text quoted directly|statements? not supported by the cited guideline text (?:was|were) removed/,
      );
    } finally {
      careless = false;
    }
  });

  it('the adversarial suite on the Teams door: no labelled unsupported sentence in any update, the supported ones in the final message', async () => {
    labelledMode = true;
    try {
      let unsupported = 0;
      let removed = 0;
      let supported = 0;
      let kept = 0;
      for (const question of [
        '67M, type 2 diabetes and CKD with eGFR 38 on metformin: what should I add?',
        'Persistent asthma in a 40-year-old: initial controller medication?',
      ]) {
        const from = playground.events.length;
        labelled = [];
        await playground.send(question);
        const final = await playground.finalMessage(from);
        const shown = playground.events.slice(from).map((e) => e.message?.text ?? '');
        for (const s of labelled) {
          if (s.kind === 'unsupported') {
            unsupported++;
            if (!shown.some((t) => t.includes(s.marker))) removed++;
          } else {
            supported++;
            if ((final.text ?? '').includes(s.marker)) kept++;
          }
        }
      }
      console.log(
        `grounding suite (Teams door): ${JSON.stringify({ unsupportedRemoved: `${removed}/${unsupported}`, supportedKept: `${kept}/${supported}` })}`,
      );
      expect(unsupported).toBeGreaterThan(0);
      expect(removed).toBe(unsupported);
      expect(kept / supported).toBeGreaterThanOrEqual(0.95);
    } finally {
      labelledMode = false;
    }
  });
});
