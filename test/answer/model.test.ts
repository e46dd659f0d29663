// The Azure OpenAI chat client against the loopback fake server, through the real openai SDK and real HTTP.
import https from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createChatModel, ModelUnavailableError, retryAfterMs, type ChatModelOptions } from '../../src/answer/model.js';
import { CircuitBreaker } from '../../src/ops/circuit-breaker.js';
import { startFakeAzureOpenAI, type FakeAzureOpenAI } from '../support/fake-azure-openai.js';

function modelFor(fake: FakeAzureOpenAI, env: Record<string, string> = {}, opts: ChatModelOptions = {}) {
  const config = loadConfig({
    AZURE_OPENAI_ENDPOINT: fake.endpoint,
    AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
    AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-test',
    AZURE_OPENAI_API_KEY: 'test-key',
    AZURE_OPENAI_TIMEOUT_MS: '3000',
    AZURE_OPENAI_MAX_RETRIES: '2',
    ...env,
  });
  const model = createChatModel(config, { backoffBaseMs: 10, ...opts });
  if (!model) throw new Error('model expected');
  return model;
}

const messages = [
  { role: 'system' as const, content: 'sys' },
  { role: 'user' as const, content: 'hello' },
];

describe('chat model over HTTP', () => {
  let fake: FakeAzureOpenAI;
  beforeAll(async () => {
    fake = await startFakeAzureOpenAI();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('is null without Azure OpenAI configuration', () => {
    expect(createChatModel(loadConfig({}))).toBeNull();
  });

  it('sends the api-key header, the deployment path and the api-version', async () => {
    fake.enqueue({ content: 'Answer text' });
    const result = await modelFor(fake).complete({ messages });
    expect(result.text).toBe('Answer text');
    const req = fake.requests[0]!;
    expect(req.headers['api-key']).toBe('test-key');
    expect(req.deployment).toBe('gpt-4o-test');
    expect(req.query['api-version']).toBe('2024-10-21');
    expect(req.body.messages).toEqual(messages);
    expect(req.body.temperature).toBe(0);
    expect(req.body.max_tokens).toBeGreaterThan(0);
  });

  it('sends a Bearer token when keyless, and max_completion_tokens without temperature for reasoning models', async () => {
    fake.enqueue({ content: 'ok' });
    const model = modelFor(
      fake,
      {
        AZURE_OPENAI_API_KEY: '',
        AZURE_OPENAI_REASONING_MODEL: 'true',
        AZURE_OPENAI_REASONING_COMPLETION_TOKENS: '100',
      },
      { azureADTokenProvider: async () => 'entra-token' },
    );
    await model.complete({ messages, maxTokens: 321 });
    const req = fake.requests[0]!;
    expect(req.headers.authorization).toBe('Bearer entra-token');
    expect(req.headers['api-key']).toBeUndefined();
    expect(req.body.max_completion_tokens).toBe(321);
    expect(req.body).not.toHaveProperty('temperature');
    expect(req.body).not.toHaveProperty('max_tokens');
  });

  it('streams deltas in order and returns the whole text', async () => {
    const content = 'We recommend offering an SGLT2 inhibitor [1]. It is a weak recommendation.';
    fake.enqueue({ content, chunkSize: 7 });
    const deltas: string[] = [];
    const result = await modelFor(fake).complete({ messages, onDelta: (d) => deltas.push(d) });
    expect(fake.requests[0]!.body.stream).toBe(true);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(content);
    expect(result.text).toBe(content);
    expect(result.finishReason).toBe('stop');
  });

  it('retries a 429 after the retry-after the service asked for', async () => {
    fake.enqueue({ status: 429, headers: { 'retry-after': '1' } }, { content: 'after the wait' });
    const t0 = Date.now();
    const result = await modelFor(fake).complete({ messages });
    expect(result.text).toBe('after the wait');
    expect(result.attempts).toBe(2);
    expect(fake.requests).toHaveLength(2);
    // The behaviour under test is "waited for retry-after", so the wait itself is the observable.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when retry-after is longer than a clinician should wait', async () => {
    fake.enqueue({ status: 429, headers: { 'retry-after': '3600' } }, { content: 'never reached' });
    await expect(modelFor(fake).complete({ messages })).rejects.toMatchObject({ reason: 'rate-limited' });
    expect(fake.requests).toHaveLength(1);
  });

  it('retries 500s with backoff, then fails with server-error', async () => {
    fake.setDefault({ status: 500 });
    try {
      await expect(modelFor(fake).complete({ messages })).rejects.toMatchObject({
        reason: 'server-error',
        status: 500,
      });
      expect(fake.requests).toHaveLength(3); // 1 + AZURE_OPENAI_MAX_RETRIES
    } finally {
      fake.setDefault({ content: 'OK' });
    }
  });

  it('does not retry a 400', async () => {
    fake.enqueue({ status: 400 });
    await expect(modelFor(fake).complete({ messages })).rejects.toMatchObject({ reason: 'rejected' });
    expect(fake.requests).toHaveLength(1);
  });

  it('times out a slow response', async () => {
    fake.enqueue({ delayMs: 2000, content: 'too late' });
    await expect(
      modelFor(fake, { AZURE_OPENAI_TIMEOUT_MS: '300', AZURE_OPENAI_MAX_RETRIES: '0' }).complete({ messages }),
    ).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('times out a stream that stalls after the headers', async () => {
    fake.enqueue({ content: 'a b c d e f g h i j k l m n o p', chunkSize: 2, chunkDelayMs: 200 });
    await expect(
      modelFor(fake, { AZURE_OPENAI_TIMEOUT_MS: '500', AZURE_OPENAI_MAX_RETRIES: '0' }).complete({
        messages,
        onDelta: () => {},
      }),
    ).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('reports malformed JSON as a bad response', async () => {
    fake.enqueue({ rawBody: '{"choices": [ {"message": ' });
    await expect(modelFor(fake, { AZURE_OPENAI_MAX_RETRIES: '0' }).complete({ messages })).rejects.toBeInstanceOf(
      ModelUnavailableError,
    );
  });

  it('reports a stream dropped midway, after deltas were shown, without retrying', async () => {
    fake.enqueue({
      content: 'We recommend metformin as first-line therapy [1] for most patients.',
      chunkSize: 8,
      dropAfterChunks: 3,
    });
    const deltas: string[] = [];
    await expect(modelFor(fake).complete({ messages, onDelta: (d) => deltas.push(d) })).rejects.toMatchObject({
      reason: 'stream-dropped',
    });
    const shown = deltas.join('');
    expect(shown.length).toBeGreaterThan(0);
    expect('We recommend metformin as first-line therapy [1] for most patients.'.startsWith(shown)).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(24);
    expect(fake.requests).toHaveLength(1);
  });

  it('opens the circuit after repeated failures and fails fast while open', async () => {
    fake.setDefault({ status: 503 });
    try {
      const model = modelFor(
        fake,
        { AZURE_OPENAI_MAX_RETRIES: '0' },
        { breakerThreshold: 2, breakerCooldownMs: 60_000 },
      );
      await expect(model.complete({ messages })).rejects.toMatchObject({ reason: 'server-error' });
      await expect(model.complete({ messages })).rejects.toMatchObject({ reason: 'server-error' });
      const before = fake.requests.length;
      await expect(model.complete({ messages })).rejects.toMatchObject({ reason: 'circuit-open' });
      expect(fake.requests.length).toBe(before);
    } finally {
      fake.setDefault({ content: 'OK' });
    }
  });
});

describe('turn deadline, health and endpoint rules', () => {
  let fake: FakeAzureOpenAI;
  beforeAll(async () => {
    fake = await startFakeAzureOpenAI();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('does not wait out a retry-after that would pass the turn deadline, and reports the model rate-limited meanwhile', async () => {
    fake.enqueue({ status: 429, headers: { 'retry-after': '19' } }, { content: 'never reached' });
    const model = modelFor(fake);
    expect(model.health!()).toBe('ok');
    await expect(model.complete({ messages, deadline: Date.now() + 5000 })).rejects.toMatchObject({
      reason: 'rate-limited',
    });
    expect(fake.requests).toHaveLength(1);
    expect(model.health!()).toBe('rate-limited');
  });

  it('ends an attempt at the turn deadline with reason "deadline", streamed or not', async () => {
    fake.enqueue({ delayMs: 5000, content: 'late' });
    await expect(
      modelFor(fake, { AZURE_OPENAI_TIMEOUT_MS: '60000' }).complete({ messages, deadline: Date.now() + 300 }),
    ).rejects.toMatchObject({ reason: 'deadline' });
    fake.enqueue({ content: 'a b c d e f g h i j k l m n o p', chunkSize: 2, chunkDelayMs: 200 });
    await expect(
      modelFor(fake, { AZURE_OPENAI_TIMEOUT_MS: '60000' }).complete({
        messages,
        deadline: Date.now() + 300,
        onDelta: () => {},
      }),
    ).rejects.toMatchObject({ reason: 'deadline' });
  });

  it('sends nothing once the deadline has passed', async () => {
    await expect(modelFor(fake).complete({ messages, deadline: Date.now() - 1 })).rejects.toMatchObject({
      reason: 'deadline',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('a reply cut mid-body is an error (bounded by the deadline), never an empty answer', async () => {
    fake.enqueue({ content: 'A complete answer that never fully arrives [1].', cutBodyAfterBytes: 40 });
    await expect(
      modelFor(fake, { AZURE_OPENAI_MAX_RETRIES: '0' }).complete({ messages, deadline: Date.now() + 500 }),
    ).rejects.toBeInstanceOf(ModelUnavailableError);
  });

  it('a keyless credential failure is one clear reason, and nothing is sent', async () => {
    const noCredential = async () => {
      const err = new Error('ManagedIdentityCredential: no managed identity endpoint found');
      err.name = 'CredentialUnavailableError';
      throw err;
    };
    const model = modelFor(fake, { AZURE_OPENAI_API_KEY: '' }, { azureADTokenProvider: noCredential });
    await expect(model.complete({ messages })).rejects.toMatchObject({
      reason: 'credential',
      message: expect.stringMatching(/AZURE_OPENAI_API_KEY/),
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('retry: false makes one attempt only', async () => {
    fake.enqueue({ status: 500 }, { content: 'not reached' });
    await expect(modelFor(fake).complete({ messages, retry: false })).rejects.toMatchObject({ reason: 'server-error' });
    expect(fake.requests).toHaveLength(1);
  });

  it('reports the breaker half-open so optional calls leave the trial to the answer', async () => {
    fake.setDefault({ status: 503 });
    try {
      const model = modelFor(fake, { AZURE_OPENAI_MAX_RETRIES: '0' }, { breakerThreshold: 1, breakerCooldownMs: 1 });
      await expect(model.complete({ messages })).rejects.toMatchObject({ reason: 'server-error' });
      await new Promise((r) => setTimeout(r, 5));
      expect(model.health!()).toBe('half-open');
    } finally {
      fake.setDefault({ content: 'OK' });
    }
  });

  it('accepts https endpoints; plain http only for a loopback host with the explicit test setting', () => {
    const base = { AZURE_OPENAI_API_KEY: 'k' };
    expect(
      loadConfig({ ...base, AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com' }).azureOpenAI?.turnDeadlineMs,
    ).toBe(25_000);
    expect(() => loadConfig({ ...base, AZURE_OPENAI_ENDPOINT: 'http://x.openai.azure.com' })).toThrow(/must use https/);
    expect(() => loadConfig({ ...base, AZURE_OPENAI_ENDPOINT: 'http://127.0.0.1:4000' })).toThrow(/must use https/);
    expect(() =>
      loadConfig({
        ...base,
        AZURE_OPENAI_ENDPOINT: 'http://x.openai.azure.com',
        AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
      }),
    ).toThrow(/must use https/);
    expect(
      loadConfig({ ...base, AZURE_OPENAI_ENDPOINT: 'http://127.0.0.1:4000', AZURE_OPENAI_ALLOW_HTTP: 'loopback-test' })
        .azureOpenAI,
    ).not.toBeNull();
    expect(() =>
      loadConfig({ ...base, AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com', CURBSIDE_TURN_DEADLINE_MS: '150000' }),
    ).toThrow(/2 minutes/);
  });
});

describe('circuit breaker', () => {
  it('lets one trial through after the cooldown and closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker(1, 1000, () => now);
    expect(breaker.allow()).toBe(true);
    breaker.failure();
    expect(breaker.allow()).toBe(false);
    now = 1500;
    expect(breaker.allow()).toBe(true); // the trial
    expect(breaker.allow()).toBe(false); // only one trial at a time
    breaker.success();
    expect(breaker.state).toBe('closed');
  });
});

describe('retry-after parsing', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
    expect(retryAfterMs({ 'Retry-After-Ms': '150' })).toBe(150);
    expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4_000)).toBe(6000);
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeNull();
    expect(retryAfterMs({})).toBeNull();
  });
});

describe('fake server over HTTPS', () => {
  it('serves chat completions with a self-signed certificate the client is told to trust', async () => {
    const fake = await startFakeAzureOpenAI({ https: true });
    try {
      expect(fake.endpoint.startsWith('https://')).toBe(true);
      fake.enqueue({ content: 'secure' });
      const model = modelFor(fake, {}, { httpAgent: new https.Agent({ ca: fake.ca! }) });
      expect((await model.complete({ messages })).text).toBe('secure');
    } finally {
      await fake.close();
    }
  });

  it('answers embeddings with deterministic vectors of the requested size', async () => {
    const fake = await startFakeAzureOpenAI();
    try {
      const res = await fetch(`${fake.endpoint}/openai/deployments/emb/embeddings?api-version=2024-10-21`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: ['a', 'b', 'a'], dimensions: 16 }),
      });
      const body = (await res.json()) as { data: { embedding: number[] }[] };
      expect(body.data).toHaveLength(3);
      expect(body.data[0]!.embedding).toHaveLength(16);
      expect(body.data[0]!.embedding).toEqual(body.data[2]!.embedding);
      expect(body.data[0]!.embedding).not.toEqual(body.data[1]!.embedding);
    } finally {
      await fake.close();
    }
  });
});
