// Model settings that follow the chosen chat model (issue 21): a reasoning deployment (gpt-5.1, the Bicep default) gets the
// newer API version and a completion budget that leaves room for its reasoning tokens, on the wire through the real SDK.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, MODEL_DEFAULTS } from '../../src/config.js';
import { createChatModel } from '../../src/answer/model.js';
import { startFakeAzureOpenAI, type FakeAzureOpenAI } from '../support/fake-azure-openai.js';

let fake: FakeAzureOpenAI;
beforeAll(async () => {
  fake = await startFakeAzureOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function env(extra: Record<string, string>) {
  return {
    AZURE_OPENAI_ENDPOINT: fake.endpoint,
    AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
    AZURE_OPENAI_DEPLOYMENT: 'gpt-5.1',
    AZURE_OPENAI_API_KEY: 'test-key',
    AZURE_OPENAI_MAX_RETRIES: '0',
    ...extra,
  };
}

describe('reasoning-model settings', () => {
  it('a reasoning deployment gets the newer API version and at least the reasoning completion budget', async () => {
    const config = loadConfig(env({ AZURE_OPENAI_REASONING_MODEL: 'true' }));
    expect(config.azureOpenAI!.apiVersion).toBe(MODEL_DEFAULTS.reasoningApiVersion);
    fake.enqueue({ content: 'ok' });
    await createChatModel(config)!.complete({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 800 });
    const req = fake.requests[0]!;
    expect(req.query['api-version']).toBe('2025-04-01-preview');
    expect(req.body.max_completion_tokens).toBe(MODEL_DEFAULTS.reasoningCompletionTokens);
    expect(req.body).not.toHaveProperty('max_tokens');
  });

  it('a classic chat deployment keeps the GA API version and the prompt max_tokens; explicit settings win', async () => {
    const classic = loadConfig(env({}));
    expect(classic.azureOpenAI!.apiVersion).toBe(MODEL_DEFAULTS.apiVersion);
    fake.enqueue({ content: 'ok' });
    await createChatModel(classic)!.complete({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 800 });
    expect(fake.requests[0]!.body.max_tokens).toBe(800);

    const pinned = loadConfig(
      env({
        AZURE_OPENAI_REASONING_MODEL: 'true',
        AZURE_OPENAI_API_VERSION: '2025-05-01',
        AZURE_OPENAI_REASONING_COMPLETION_TOKENS: '6000',
      }),
    );
    expect(pinned.azureOpenAI!.apiVersion).toBe('2025-05-01');
    expect(pinned.azureOpenAI!.reasoningCompletionTokens).toBe(6000);
  });
});
