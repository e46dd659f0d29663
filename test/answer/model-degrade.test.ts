// The pipeline degrades with the model's capabilities, on both routes: a deployment that refuses JSON-schema output still
// answers (plain text, checked the same way), and one that refuses streaming still reaches a streaming door, as one final
// message of checked sentences. Real index, real openai client, loopback model server.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, type ModelRoute } from '../../src/config.js';
import { createChatModel } from '../../src/answer/model.js';
import { createPipeline } from '../../src/answer/pipeline.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { PassageStore } from '../../src/retrieval/store.js';
import { startFakeAzureOpenAI, type FakeAzureOpenAI, type RecordedRequest } from '../support/fake-azure-openai.js';
import { sentPassages } from '../support/adversarial-model.js';

const indexPath = (inject as (key: string) => string | undefined)('guidelineIndex');
const QUESTION = 'first-line treatment for hypertension in black patients';
const isGrounded = (r: RecordedRequest) =>
  r.kind === 'chat' && /numbered guideline passages/.test(r.body?.messages?.[0]?.content ?? '');

/** A supported answer: the first passage's opening words quoted, cited. */
function quoteFirst(req: RecordedRequest): string {
  const p = sentPassages(String(req.body?.messages?.[1]?.content ?? ''))[0]!;
  const words = p.text
    .replace(/\s+/g, ' ')
    .replace(/["“”]/g, "'")
    .trim()
    .split(' ')
    .slice(0, 12)
    .join(' ')
    .replace(/[,.;:(]+$/, '');
  return `The guideline states: "${words}" [${p.n}].`;
}

describe.skipIf(!indexPath).each<ModelRoute>(['deployment', 'v1'])('capabilities the %s route refuses', (route) => {
  let store: PassageStore;
  // One retriever for the file: its recommendation units are built on the first question and reused.
  let retriever: LocalRetriever;
  let fake: FakeAzureOpenAI;

  beforeAll(async () => {
    store = PassageStore.open(indexPath!, { readonly: true });
    retriever = new LocalRetriever(store);
    fake = await startFakeAzureOpenAI({
      route,
      respond: (req) => {
        if (!isGrounded(req)) return { content: 'When should blood pressure be rechecked?' };
        if (req.body?.response_format) {
          return {
            status: 400,
            json: {
              error: {
                code: 'BadRequest',
                message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
                param: 'response_format',
              },
            },
          };
        }
        if (req.body?.stream) {
          return {
            status: 400,
            json: {
              error: {
                code: 'unsupported_value',
                message: "Unsupported value: 'stream' does not support true with this model.",
                param: 'stream',
              },
            },
          };
        }
        return { content: quoteFirst(req) };
      },
    });
  });
  afterAll(async () => {
    await fake?.close();
    store?.close();
  });

  function pipeline(env: Record<string, string>) {
    const config = loadConfig({
      AZURE_OPENAI_ENDPOINT: fake.endpoint,
      AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
      AZURE_OPENAI_ROUTE: route,
      AZURE_OPENAI_API_KEY: 'test-key',
      AZURE_OPENAI_DEPLOYMENT: 'med-model',
      CURBSIDE_TURN_DEADLINE_MS: '110000',
      ...env,
    });
    const model = createChatModel(config, { backoffBaseMs: 10 })!;
    return { model, pipeline: createPipeline({ config, retriever, model }) };
  }

  it('no structured output: the same turn answers from plain text, and later turns do not ask for JSON again', async () => {
    const { model, pipeline: p } = pipeline({ AZURE_OPENAI_STRUCTURED_OUTPUT: 'true' });
    fake.reset();
    const a = await p.answer({ question: QUESTION });
    expect(a.mode).toBe('model');
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.grounding?.removed).toBe(0);
    expect(model.structuredOutput).toBe(false);
    const grounded = fake.requests.filter(isGrounded);
    expect(grounded.map((r) => r.body.response_format?.type ?? null)).toEqual(['json_schema', null]);
    fake.reset();
    await p.answer({ question: QUESTION });
    expect(fake.requests.filter(isGrounded).every((r) => r.body.response_format === undefined)).toBe(true);
  });

  it('no streaming: a streaming door gets the checked answer as one final message', async () => {
    const { model, pipeline: p } = pipeline({});
    fake.reset();
    const deltas: string[] = [];
    const statuses: string[] = [];
    const a = await p.answer({
      question: QUESTION,
      onProgress: (e) => (e.type === 'delta' ? deltas.push(e.text) : e.type === 'status' && statuses.push(e.message)),
    });
    expect(a.mode).toBe('model');
    expect(model.capabilities!().streaming).toBe(false);
    expect(fake.requests.filter(isGrounded).map((r) => r.body.stream === true)).toEqual([true, false]);
    // Informative updates still come; the text arrives once, checked, and is the start of the final answer.
    expect(statuses.length).toBeGreaterThan(0);
    expect(deltas.length).toBeGreaterThan(0);
    expect(a.answer).toContain(deltas.join('').trim());
  });
});
