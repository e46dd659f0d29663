// Both model routes against loopback servers that serve only their own wire shape, through the real openai SDK and real
// HTTP: the Azure OpenAI deployment route (/openai/deployments/{name}/chat/completions?api-version=...) and the OpenAI/v1
// route of Azure OpenAI / Azure AI Foundry (/openai/v1/chat/completions, deployment as `model`, no api-version).
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadModelProfile, modelProfileNames, type ModelRoute } from '../../src/config.js';
import { createChatModel, modelMatches, ModelUnavailableError, type ChatModelOptions } from '../../src/answer/model.js';
import { v1BaseUrl } from '../../src/answer/model-routes.js';
import { startFakeAzureOpenAI, type FakeAzureOpenAI } from '../support/fake-azure-openai.js';

const messages = [
  { role: 'system' as const, content: 'sys' },
  { role: 'user' as const, content: 'hello' },
];

/** A TokenCredential whose tokens are about to expire when issued, so every request must fetch a new one. */
function shortLivedCredential(): TokenCredential & { issued: string[] } {
  const issued: string[] = [];
  return {
    issued,
    async getToken(scopes): Promise<AccessToken> {
      expect([scopes].flat()).toEqual(['https://cognitiveservices.azure.com/.default']);
      const token = `entra-${issued.length + 1}`;
      issued.push(token);
      return { token, expiresOnTimestamp: Date.now() + 500 };
    },
  };
}

describe.each<ModelRoute>(['deployment', 'v1'])('the %s route', (route) => {
  let fake: FakeAzureOpenAI;
  beforeAll(async () => {
    fake = await startFakeAzureOpenAI({ route });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  function model(env: Record<string, string> = {}, opts: ChatModelOptions = {}) {
    const config = loadConfig({
      AZURE_OPENAI_ENDPOINT: fake.endpoint,
      AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
      AZURE_OPENAI_ROUTE: route,
      AZURE_OPENAI_DEPLOYMENT: 'med-model',
      AZURE_OPENAI_API_KEY: 'test-key',
      AZURE_OPENAI_TIMEOUT_MS: '3000',
      AZURE_OPENAI_MAX_RETRIES: '2',
      ...env,
    });
    const m = createChatModel(config, { backoffBaseMs: 10, ...opts });
    if (!m) throw new Error('model expected');
    return m;
  }

  it('speaks its own wire shape: path, deployment, api-version only on the deployment route', async () => {
    fake.enqueue({ content: 'Answer text' });
    const m = model();
    expect(m.route).toBe(route);
    const result = await m.complete({ messages });
    expect(result.text).toBe('Answer text');
    const req = fake.requests[0]!;
    expect(req.route).toBe(route);
    expect(req.deployment).toBe('med-model');
    expect(req.body.model).toBe('med-model');
    expect(req.body.messages).toEqual(messages);
    if (route === 'v1') {
      expect(req.path).toBe('/openai/v1/chat/completions');
      expect(req.query).toEqual({});
      expect(req.headers.authorization).toBe('Bearer test-key');
    } else {
      expect(req.path).toBe('/openai/deployments/med-model/chat/completions');
      expect(req.query['api-version']).toBe('2024-10-21');
      expect(req.headers['api-key']).toBe('test-key');
    }
  });

  it('keyless by default: an Entra ID token for the Cognitive Services scope, fetched again when it is about to expire', async () => {
    const credential = shortLivedCredential();
    const m = model({ AZURE_OPENAI_API_KEY: '' }, { credential });
    await m.complete({ messages });
    await m.complete({ messages });
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual(['Bearer entra-1', 'Bearer entra-2']);
    expect(fake.requests.every((r) => r.headers['api-key'] === undefined)).toBe(true);
  });

  it('streams SSE deltas and keeps the model name the service reports', async () => {
    const content = 'We recommend offering an SGLT2 inhibitor [1]. It is a weak recommendation.';
    fake.enqueue({ content, chunkSize: 7, model: 'med-model-2025-06-01' });
    const deltas: string[] = [];
    const m = model();
    const result = await m.complete({ messages, onDelta: (d) => deltas.push(d) });
    expect(fake.requests[0]!.body.stream).toBe(true);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(content);
    expect(result.model).toBe('med-model-2025-06-01');
    expect(result.systemFingerprint).toBe('fp_fake');
    expect(m.identity!()).toMatchObject({
      route,
      deployment: 'med-model',
      reported: 'med-model-2025-06-01',
      systemFingerprint: 'fp_fake',
      expected: null,
      matches: null,
    });
  });

  it('reports the model name and tokens of a JSON reply', async () => {
    fake.enqueue({ content: 'Short answer.', model: 'gpt-4o-2024-11-20' });
    const result = await model().complete({ messages });
    expect(result.model).toBe('gpt-4o-2024-11-20');
    expect(result.usage).toEqual({ promptTokens: 10, completionTokens: 4 });
  });

  it('honours a 429 retry-after, then answers', async () => {
    fake.enqueue({ status: 429, headers: { 'retry-after-ms': '300' } }, { content: 'after the wait' });
    const t0 = Date.now();
    const result = await model().complete({ messages });
    expect(result.text).toBe('after the wait');
    expect(result.attempts).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('retries a 500, and gives up with server-error when it persists', async () => {
    fake.enqueue({ status: 500 }, { content: 'second try' });
    expect((await model().complete({ messages })).attempts).toBe(2);
    fake.reset();
    fake.setDefault({ status: 500 });
    try {
      const err = await model()
        .complete({ messages })
        .catch((e) => e);
      expect(err).toBeInstanceOf(ModelUnavailableError);
      expect(err.reason).toBe('server-error');
      expect(fake.requests).toHaveLength(3);
    } finally {
      fake.setDefault({ content: 'OK' });
    }
  });

  it('content filter: a filtered reply ends with finish_reason content_filter; a filtered prompt is reason content-filter', async () => {
    fake.enqueue({ content: 'partial', finishReason: 'content_filter' });
    const filtered = await model().complete({ messages });
    expect(filtered.finishReason).toBe('content_filter');
    // The category comes from Azure's content_filter_results, read through @azure/openai's types.
    expect(filtered.filtered).toEqual(['self_harm']);
    fake.enqueue({
      status: 400,
      json: {
        error: {
          code: 'content_filter',
          message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
          param: 'prompt',
          status: 400,
        },
      },
    });
    const err = await model()
      .complete({ messages })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ModelUnavailableError);
    expect(err.reason).toBe('content-filter');
    expect(fake.requests).toHaveLength(2);
  });

  it('pinned model: readiness sees a mismatch when the service answers as another model, and a match otherwise', async () => {
    fake.setDefault({ content: 'OK', model: 'gpt-4o-2024-08-06' });
    try {
      const wrong = model({ AZURE_OPENAI_EXPECTED_MODEL: 'gpt-4o-2024-11-20' });
      const id = await wrong.checkIdentity!();
      expect(id).toMatchObject({ expected: 'gpt-4o-2024-11-20', reported: 'gpt-4o-2024-08-06', matches: false });
      // One probe, then the reported name stands until it is stale.
      await wrong.checkIdentity!();
      expect(fake.requests).toHaveLength(1);
      const any = model({ AZURE_OPENAI_EXPECTED_MODEL: 'gpt-4o' });
      expect((await any.checkIdentity!()).matches).toBe(true);
      // Not pinned: no probe is sent.
      const unpinned = model();
      expect((await unpinned.checkIdentity!()).matches).toBeNull();
      expect(fake.requests).toHaveLength(2);
    } finally {
      fake.setDefault({ content: 'OK' });
    }
  });

  it('learns from a refused JSON schema: sends again as text, and stops asking for it', async () => {
    fake.enqueue({
      status: 400,
      json: {
        error: {
          code: 'BadRequest',
          message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
          param: 'response_format',
        },
      },
    });
    fake.enqueue({ content: 'plain text answer' });
    const m = model({ AZURE_OPENAI_STRUCTURED_OUTPUT: 'true' });
    expect(m.structuredOutput).toBe(true);
    const result = await m.complete({ messages, responseFormat: { name: 'answer', schema: { type: 'object' } } });
    expect(result.text).toBe('plain text answer');
    expect(fake.requests[0]!.body.response_format?.type).toBe('json_schema');
    expect(fake.requests[1]!.body).not.toHaveProperty('response_format');
    expect(m.structuredOutput).toBe(false);
  });

  it('learns from a refused stream: one final message through the same delta callback', async () => {
    fake.enqueue({
      status: 400,
      json: {
        error: {
          code: 'unsupported_value',
          message: "Unsupported value: 'stream' does not support true with this model.",
          param: 'stream',
        },
      },
    });
    fake.enqueue({ content: 'The whole answer [1].' });
    const m = model();
    const deltas: string[] = [];
    const result = await m.complete({ messages, onDelta: (d) => deltas.push(d) });
    expect(deltas).toEqual(['The whole answer [1].']);
    expect(result.text).toBe('The whole answer [1].');
    expect(fake.requests[1]!.body.stream).toBeFalsy();
    expect(m.capabilities!().streaming).toBe(false);
  });

  it('streaming off by configuration sends one request without stream', async () => {
    fake.enqueue({ content: 'One message.' });
    const deltas: string[] = [];
    await model({ AZURE_OPENAI_STREAMING: 'false' }).complete({ messages, onDelta: (d) => deltas.push(d) });
    expect(fake.requests[0]!.body.stream).toBeFalsy();
    expect(deltas).toEqual(['One message.']);
  });

  it('learns reasoning-model parameters from a refused max_tokens, and sends reasoning_effort when configured', async () => {
    fake.enqueue({
      status: 400,
      json: {
        error: {
          code: 'unsupported_parameter',
          message:
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          param: 'max_tokens',
        },
      },
    });
    fake.enqueue({ content: 'ok' });
    const m = model({ AZURE_OPENAI_REASONING_EFFORT: 'low' });
    await m.complete({ messages, maxTokens: 400 });
    const second = fake.requests[1]!.body;
    // At least what was asked (a reasoning model's budget also covers its hidden reasoning tokens).
    expect(second.max_completion_tokens).toBeGreaterThanOrEqual(400);
    expect(second.reasoning_effort).toBe('low');
    expect(second).not.toHaveProperty('temperature');
    expect(second).not.toHaveProperty('max_tokens');
    expect(m.capabilities!()).toMatchObject({ reasoning: true, temperature: false });
  });

  it('a 400 that names no capability is a rejection, not retried', async () => {
    fake.enqueue({ status: 400, json: { error: { code: 'BadRequest', message: 'Something else is wrong.' } } });
    const err = await model()
      .complete({ messages })
      .catch((e) => e);
    expect(err.reason).toBe('rejected');
    expect(fake.requests).toHaveLength(1);
  });

  it('keeps the request inside a configured context window, and fails fast when the prompt alone fills it', async () => {
    fake.enqueue({ content: 'ok' });
    await model({ AZURE_OPENAI_CONTEXT_WINDOW: '1000' }).complete({
      messages: [{ role: 'user', content: 'x'.repeat(2000) }],
      maxTokens: 900,
    });
    expect(fake.requests[0]!.body.max_tokens).toBe(500);
    const err = await model({ AZURE_OPENAI_CONTEXT_WINDOW: '600' })
      .complete({ messages: [{ role: 'user', content: 'x'.repeat(2000) }] })
      .catch((e) => e);
    expect(err.reason).toBe('rejected');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('route and profile settings', () => {
  it('chooses the v1 route from an /openai/v1 endpoint, either host kind', () => {
    for (const endpoint of ['https://res.openai.azure.com/openai/v1/', 'https://res.services.ai.azure.com/openai/v1']) {
      const c = loadConfig({ AZURE_OPENAI_ENDPOINT: endpoint }).azureOpenAI!;
      expect(c.route).toBe('v1');
      expect(v1BaseUrl(c.endpoint)).toBe(`${endpoint.replace(/\/$/, '')}/`);
    }
    expect(loadConfig({ AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com' }).azureOpenAI!.route).toBe('deployment');
    expect(v1BaseUrl('https://res.services.ai.azure.com')).toBe('https://res.services.ai.azure.com/openai/v1/');
    expect(() =>
      loadConfig({ AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com', AZURE_OPENAI_ROUTE: 'inference' }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({ AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com', AZURE_OPENAI_REASONING_EFFORT: 'max' }),
    ).toThrow(ConfigError);
  });

  it('pins a model by name (any version) or by dated version', () => {
    expect(modelMatches('gpt-4o-2024-11-20', 'gpt-4o')).toBe(true);
    expect(modelMatches('gpt-4o-2024-11-20', 'gpt-4o-2024-11-20')).toBe(true);
    expect(modelMatches('gpt-4o-2024-08-06', 'gpt-4o-2024-11-20')).toBe(false);
    expect(modelMatches('gpt-4o-mini-2024-07-18', 'gpt-4o')).toBe(false);
  });

  it("reads named profiles; a profile never inherits another model's key or endpoint", () => {
    const env = {
      AZURE_OPENAI_ENDPOINT: 'https://current.openai.azure.com',
      AZURE_OPENAI_API_KEY: 'current-key',
      AZURE_OPENAI_TIMEOUT_MS: '7000',
      CURBSIDE_MODEL_PROFILE_HEALTH_ENDPOINT: 'https://foundry.services.ai.azure.com/openai/v1',
      CURBSIDE_MODEL_PROFILE_HEALTH_DEPLOYMENT: 'med-model',
      CURBSIDE_MODEL_PROFILE_HEALTH_EXPECTED_MODEL: 'med-model-2025-06-01',
    };
    expect(modelProfileNames(env)).toEqual(['health']);
    const health = loadModelProfile('health', env).azureOpenAI!;
    expect(health).toMatchObject({
      route: 'v1',
      deployment: 'med-model',
      apiKey: null,
      timeoutMs: 7000,
      expectedModel: 'med-model-2025-06-01',
    });
    expect(loadModelProfile('default', env).azureOpenAI!.apiKey).toBe('current-key');
    expect(loadModelProfile('extractive', env).azureOpenAI).toBeNull();
    expect(() => loadModelProfile('nope', env)).toThrow(/profile "nope" is not defined.*defined: health/);
  });
});
