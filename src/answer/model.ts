// The chat model behind model mode: Azure OpenAI / Azure AI Foundry chat completions through openai's AzureOpenAI.
// Keyless (Entra ID) by default, API key when configured. Our own retry loop (not the SDK's) so that retry-after is
// honoured up to a ceiling a clinician would tolerate, a per-call deadline covers streams too, and a circuit breaker
// stops a failing deployment from adding latency to every turn. Every failure surfaces as ModelUnavailableError,
// which the pipeline turns into the extractive answer plus a one-line note.
import { AzureOpenAI, APIError, APIUserAbortError } from 'openai';
import type { Agent } from 'node:http';
import type { AzureOpenAIConfig, Config } from '../config.js';
import { httpsAgent, openAIAuth, type AzureDeps } from '../azure/credentials.js';
import { CircuitBreaker } from '../ops/circuit-breaker.js';
import { log } from '../log.js';
import { ModelUnavailableError } from './model-error.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Upper bound on generated tokens (sent as max_completion_tokens to reasoning models). */
  maxTokens?: number;
  /** Ignored for reasoning models, which accept no temperature. */
  temperature?: number;
  /** When given, the completion is streamed and each text delta is passed here as it arrives. */
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
  /** Short label for logs, e.g. the prompt name. */
  purpose?: string;
  /** Epoch ms after which no attempt starts and none runs on: the turn's deadline. Retries stop short of it. */
  deadline?: number;
  /** false: one attempt only (a call whose failure costs nothing, e.g. follow-up suggestions). */
  retry?: boolean;
  /** Ask for JSON matching this schema (strict json_schema response format). */
  responseFormat?: { name: string; schema: Record<string, unknown> };
}

export interface ChatResult {
  text: string;
  finishReason: string | null;
  /** Requests sent, retries included. */
  attempts: number;
  /** Token usage when the service reports it (non-streamed replies). */
  usage?: { promptTokens: number; completionTokens: number };
}

export interface ChatModel {
  /** Deployment name, for logs and the answer's mode line. */
  readonly name: string;
  /** The deployment accepts JSON-schema response formats. */
  readonly structuredOutput?: boolean;
  complete(request: ChatRequest): Promise<ChatResult>;
  /**
   * 'ok', or why an optional call should not go out now: 'rate-limited' (a 429's retry-after has not passed), 'open' or
   * 'half-open' (the breaker's single trial call belongs to the answer).
   */
  health?(): ModelHealth;
}

export type ModelHealth = 'ok' | 'rate-limited' | 'open' | 'half-open';

export { ModelUnavailableError, type ModelFailure } from './model-error.js';

export interface ChatModelOptions extends AzureDeps {
  /** Longest retry-after we are willing to wait before giving up on this turn (ms). */
  maxRetryWaitMs?: number;
  /** Base of the exponential backoff when the service gives no retry-after (ms). */
  backoffBaseMs?: number;
  /** Consecutive failed calls that open the circuit. */
  breakerThreshold?: number;
  /** How long the circuit stays open before one trial call is let through (ms). */
  breakerCooldownMs?: number;
  /** Replaces the https agent (e.g. to trust a test server's self-signed certificate). */
  httpAgent?: Agent;
  /** Replaces the auth: a token provider sends `Authorization: Bearer`. */
  azureADTokenProvider?: () => Promise<string>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new ModelUnavailableError('aborted', 'aborted'));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new ModelUnavailableError('aborted', 'aborted'));
    }, { once: true });
  });

/** retry-after-ms, retry-after (seconds or HTTP date); null when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string | null | undefined> | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const get = (name: string) => {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && v != null) return String(v);
    return null;
  };
  const ms = get('retry-after-ms');
  if (ms !== null && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = get('retry-after');
  if (ra === null) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Math.max(0, Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

class AzureChatModel implements ChatModel {
  readonly name: string;
  readonly structuredOutput: boolean;
  private readonly client: AzureOpenAI;
  private readonly breaker: CircuitBreaker;
  private readonly maxRetryWaitMs: number;
  private readonly backoffBaseMs: number;
  private rateLimitedUntil = 0;

  constructor(private readonly cfg: AzureOpenAIConfig, opts: ChatModelOptions) {
    this.name = cfg.deployment;
    this.structuredOutput = cfg.structuredOutput;
    const auth = opts.azureADTokenProvider ? { azureADTokenProvider: opts.azureADTokenProvider } : openAIAuth(cfg.apiKey, opts);
    this.client = new AzureOpenAI({
      endpoint: cfg.endpoint,
      deployment: cfg.deployment,
      apiVersion: cfg.apiVersion,
      ...auth,
      // Retries and deadlines are ours (see above); the SDK's own would double them.
      maxRetries: 0,
      timeout: cfg.timeoutMs,
      httpAgent: opts.httpAgent ?? httpsAgent(opts),
    });
    this.breaker = new CircuitBreaker(opts.breakerThreshold ?? 3, opts.breakerCooldownMs ?? 30_000);
    this.maxRetryWaitMs = opts.maxRetryWaitMs ?? 20_000;
    this.backoffBaseMs = opts.backoffBaseMs ?? 500;
  }

  health(): ModelHealth {
    const state = this.breaker.state;
    if (state !== 'closed') return state;
    return Date.now() < this.rateLimitedUntil ? 'rate-limited' : 'ok';
  }

  async complete(request: ChatRequest): Promise<ChatResult> {
    const pastDeadline = () => request.deadline !== undefined && Date.now() >= request.deadline;
    if (pastDeadline()) throw new ModelUnavailableError('deadline', 'The turn\'s time ran out before the model was asked');
    if (!this.breaker.allow()) throw new ModelUnavailableError('circuit-open', 'The model is paused after repeated failures');
    const started = Date.now();
    let attempts = 0;
    for (;;) {
      attempts++;
      let emitted = false;
      try {
        const result = await this.attempt(request, () => (emitted = true));
        this.breaker.success();
        log.info(
          { purpose: request.purpose, deployment: this.name, attempts, ms: Date.now() - started, finishReason: result.finishReason, ...(result.usage ?? {}) },
          'model call ok',
        );
        return { ...result, attempts };
      } catch (err) {
        const failure = this.classify(err, request.signal);
        if (failure.reason === 'rate-limited') this.rateLimitedUntil = Math.max(this.rateLimitedUntil, Date.now() + (this.backoff(attempts, err) || this.backoffBaseMs));
        const retryable = request.retry !== false && !emitted && attempts <= this.cfg.maxRetries && ['rate-limited', 'server-error', 'connection'].includes(failure.reason);
        let wait = retryable ? this.backoff(attempts, err) : null;
        if (wait !== null && wait > this.maxRetryWaitMs) wait = null;
        // No retry whose wait would reach the turn's deadline: the turn answers from guideline text instead.
        if (wait !== null && request.deadline !== undefined && Date.now() + wait >= request.deadline) wait = null;
        log.warn(
          { purpose: request.purpose, deployment: this.name, attempts, reason: failure.reason, status: failure.status, retryInMs: wait, ...(failure.reason === 'credential' ? { detail: failure.message } : {}) },
          'model call failed',
        );
        if (wait === null) {
          if (failure.reason !== 'aborted') this.breaker.failure();
          throw failure;
        }
        await sleep(wait, request.signal);
      }
    }
  }

  private backoff(attempt: number, err: unknown): number {
    const fromServer = err instanceof APIError ? retryAfterMs(err.headers) : null;
    if (fromServer !== null) return fromServer;
    const exp = this.backoffBaseMs * 2 ** (attempt - 1);
    return exp / 2 + Math.random() * (exp / 2);
  }

  private classify(err: unknown, callerSignal?: AbortSignal): ModelUnavailableError {
    if (err instanceof ModelUnavailableError) return err;
    if (callerSignal?.aborted) return new ModelUnavailableError('aborted', 'The request was cancelled');
    if (err instanceof APIError && err.status !== undefined) {
      const status = err.status;
      if (status === 429) return new ModelUnavailableError('rate-limited', 'The model is rate-limited', status);
      if (isRetryableStatus(status)) return new ModelUnavailableError('server-error', `The model service answered ${status}`, status);
      return new ModelUnavailableError('rejected', `The model service rejected the request (${status})`, status);
    }
    if (err instanceof APIUserAbortError || (err instanceof Error && /timed? ?out/i.test(err.message))) {
      return new ModelUnavailableError('timeout', 'The model did not answer in time');
    }
    if (err instanceof APIError) return new ModelUnavailableError('connection', 'Could not reach the model service');
    // Keyless: the token provider failed before any request went out (no managed identity, no az login, wrong tenant).
    if (err instanceof Error && /credential|authentication/i.test(err.name)) {
      return new ModelUnavailableError('credential', 'No Azure credential for the model: sign in (managed identity, az login) or set AZURE_OPENAI_API_KEY');
    }
    return new ModelUnavailableError('bad-response', 'The model service sent an unreadable response');
  }

  private async attempt(request: ChatRequest, onFirstDelta: () => void): Promise<Omit<ChatResult, 'attempts'>> {
    // One deadline per attempt covering the whole call, streamed bodies included (the SDK's timeout stops at headers), and
    // never past the turn's deadline.
    const turnLeft = request.deadline !== undefined ? Math.max(1, request.deadline - Date.now()) : Infinity;
    const turnBound = turnLeft < this.cfg.timeoutMs;
    // A referenced timer (AbortSignal.timeout's is not): a reply cut mid-body leaves nothing else pending, and the CLI
    // process must not exit silently while it waits.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.min(this.cfg.timeoutMs, turnLeft));
    const deadline = controller.signal;
    const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
    const limits = this.cfg.reasoningModel
      ? { max_completion_tokens: request.maxTokens ?? 1500 }
      : { max_tokens: request.maxTokens ?? 1000, temperature: request.temperature ?? 0 };
    const format = request.responseFormat
      ? { response_format: { type: 'json_schema' as const, json_schema: { name: request.responseFormat.name, schema: request.responseFormat.schema, strict: true } } }
      : {};
    const base = { model: this.cfg.deployment, messages: request.messages, ...limits, ...format };
    try {
      if (!request.onDelta) {
        const completion = await this.client.chat.completions.create({ ...base, stream: false }, { signal });
        const choice = completion?.choices?.[0];
        if (!choice || typeof choice.message?.content !== 'string') throw new ModelUnavailableError('bad-response', 'The model returned no text');
        const usage = completion.usage ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens } : undefined;
        return { text: choice.message.content, finishReason: choice.finish_reason ?? null, ...(usage ? { usage } : {}) };
      }
      const stream = await this.client.chat.completions.create({ ...base, stream: true }, { signal });
      let text = '';
      let finishReason: string | null = null;
      for await (const chunk of stream) {
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta?.content;
        if (delta) {
          if (!text) onFirstDelta();
          text += delta;
          request.onDelta(delta);
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      // A stream that ends without a finish_reason was cut (Azure always sends one before [DONE]).
      if (finishReason === null) throw new ModelUnavailableError(text ? 'stream-dropped' : 'bad-response', 'The model stream ended early');
      return { text, finishReason };
    } catch (err) {
      if (deadline.aborted && !request.signal?.aborted) {
        throw new ModelUnavailableError(turnBound ? 'deadline' : 'timeout', 'The model did not answer in time');
      }
      if (request.onDelta && !(err instanceof APIError) && !(err instanceof ModelUnavailableError)) {
        throw new ModelUnavailableError('stream-dropped', 'The model stream was interrupted');
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** null when Azure OpenAI is not configured: the pipeline then runs in extractive mode. */
export function createChatModel(config: Config, options: ChatModelOptions = {}): ChatModel | null {
  if (!config.azureOpenAI) return null;
  return new AzureChatModel(config.azureOpenAI, options);
}
