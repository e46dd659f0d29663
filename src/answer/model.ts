// The chat model behind model mode: Azure OpenAI / Azure AI Foundry chat completions, on either route (model-routes.ts:
// the deployment route through AzureOpenAI, the OpenAI/v1 route through OpenAI + baseURL), one implementation of the rest.
// Keyless (Entra ID) by default, API key when configured. Our own retry loop (not the SDK's) so that retry-after is
// honoured up to a ceiling a clinician would tolerate, a per-call deadline covers streams too, and a circuit breaker
// stops a failing deployment from adding latency to every turn. Every failure surfaces as ModelUnavailableError,
// which the pipeline turns into the extractive answer plus a one-line note. Capabilities (streaming, JSON-schema output,
// reasoning parameters) start from configuration and are corrected by the service's first refusal; the model name the
// service reports is kept, and checked against the pinned one.
import { APIError, APIUserAbortError, type OpenAI } from 'openai';
// Azure's additions to the openai types (content-filter results per choice and prompt).
import '@azure/openai/types';
import type { ContentFilterResultsForChoiceOutput } from '@azure/openai/types';
import type { Agent } from 'node:http';
import type { AzureOpenAIConfig, Config, ModelRoute } from '../config.js';
import type { AzureDeps } from '../azure/credentials.js';
import { CircuitBreaker } from '../ops/circuit-breaker.js';
import { createRouteClient } from './model-routes.js';
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

/** The categories Azure's content filter says it filtered in a choice (the Azure fields `@azure/openai/types` adds). */
export function filteredCategories(results: ContentFilterResultsForChoiceOutput | undefined): string[] {
  if (!results) return [];
  return Object.entries(results)
    .filter(([, r]) => r && typeof r === 'object' && 'filtered' in r && (r as { filtered?: boolean }).filtered)
    .map(([category]) => category);
}

export interface ChatResult {
  text: string;
  finishReason: string | null;
  /** Requests sent, retries included. */
  attempts: number;
  /** Token usage when the service reports it (non-streamed replies). */
  usage?: { promptTokens: number; completionTokens: number };
  /** The model name the service reported for this reply (e.g. "gpt-4o-2024-11-20"), when it did. */
  model?: string;
  /** Azure content-filter categories that stopped the reply ("self_harm", "violence"), when the service named them. */
  filtered?: string[];
  /** The service's system_fingerprint (its build of the model), when reported. */
  systemFingerprint?: string;
}

/** What a model can take; configured, then corrected by what the service refuses. */
export interface ModelCapabilities {
  streaming: boolean;
  structuredOutput: boolean;
  /** Sends max_completion_tokens (and reasoning_effort) instead of max_tokens. */
  reasoning: boolean;
  /** Sends temperature (reasoning models refuse it). */
  temperature: boolean;
  reasoningEffort: 'low' | 'medium' | 'high' | null;
  contextWindowTokens: number | null;
}

/** Which model answered: what is configured, what the service reported last, and whether that is the pinned one. */
export interface ModelIdentity {
  route: ModelRoute;
  deployment: string;
  /** Model name the service last reported; null before the first reply. */
  reported: string | null;
  systemFingerprint: string | null;
  /** AZURE_OPENAI_EXPECTED_MODEL, or null when not pinned. */
  expected: string | null;
  /** null when not pinned or nothing reported yet. */
  matches: boolean | null;
  /** When the service last reported its model (ISO), or null. */
  seenAt: string | null;
}

export interface ChatModel {
  /** Deployment name, for logs and the answer's mode line. */
  readonly name: string;
  /** The deployment accepts JSON-schema response formats. */
  readonly structuredOutput?: boolean;
  /** Which wire shape reaches it. */
  readonly route?: ModelRoute;
  complete(request: ChatRequest): Promise<ChatResult>;
  /** What it takes now (configured, corrected by the service's refusals). */
  capabilities?(): ModelCapabilities;
  /** Which model the service says it is, as last seen. */
  identity?(): ModelIdentity;
  /**
   * The identity for readiness: when a model is pinned and none was reported recently, one tiny call asks the service.
   * Never throws: a failed call leaves `reported` as it was.
   */
  checkIdentity?(): Promise<ModelIdentity>;
  /**
   * 'ok', or why an optional call should not go out now: 'rate-limited' (a 429's retry-after has not passed), 'open' or
   * 'half-open' (the breaker's single trial call belongs to the answer).
   */
  health?(): ModelHealth;
}

export type ModelHealth = 'ok' | 'rate-limited' | 'open' | 'half-open';

export { ModelUnavailableError, type ModelFailure } from './model-error.js';

/** Every number the model client decides by. */
export const MODEL_SETTINGS = {
  /** Rough characters per token, to keep a request inside a configured context window (English clinical text). */
  charsPerToken: 4,
  /** Fewest completion tokens worth asking for; a prompt that leaves less of the context window fails fast. */
  minCompletionTokens: 256,
  /** How long a reported model name stands for readiness before the pinned-model check asks again. */
  identityRecheckMs: 5 * 60_000,
  /** The identity check's reply budget (a reasoning model may spend it thinking; only the reported name matters). */
  identityProbeTokens: 16,
  /** Capability corrections per call (each must change something; a 400 that changes nothing is a rejection). */
  maxAdaptations: 3,
} as const;

/** "gpt-4o" pins any version of gpt-4o ("gpt-4o-2024-11-20"); a dated name pins that version only. */
export function modelMatches(reported: string, expected: string): boolean {
  const r = reported.trim().toLowerCase();
  const e = expected.trim().toLowerCase();
  return r === e || (r.startsWith(`${e}-`) && /^\d{4}-\d{2}-\d{2}$/.test(r.slice(e.length + 1)));
}

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
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new ModelUnavailableError('aborted', 'aborted'));
      },
      { once: true },
    );
  });

/** retry-after-ms, retry-after (seconds or HTTP date); null when absent or unreadable. */
export function retryAfterMs(
  headers: Record<string, string | null | undefined> | undefined,
  now = Date.now(),
): number | null {
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

class RoutedChatModel implements ChatModel {
  readonly name: string;
  readonly route: ModelRoute;
  private readonly client: OpenAI;
  private readonly breaker: CircuitBreaker;
  private readonly maxRetryWaitMs: number;
  private readonly backoffBaseMs: number;
  private rateLimitedUntil = 0;
  private readonly caps: ModelCapabilities;
  private seen: { model: string; fingerprint: string | null; at: number } | null = null;
  private warnedMismatch: string | null = null;

  constructor(
    private readonly cfg: AzureOpenAIConfig,
    opts: ChatModelOptions,
  ) {
    this.name = cfg.deployment;
    ({ route: this.route, client: this.client } = createRouteClient(cfg, opts));
    this.caps = {
      streaming: cfg.streaming,
      structuredOutput: cfg.structuredOutput,
      reasoning: cfg.reasoningModel,
      temperature: !cfg.reasoningModel,
      reasoningEffort: cfg.reasoningEffort,
      contextWindowTokens: cfg.contextWindowTokens,
    };
    this.breaker = new CircuitBreaker(opts.breakerThreshold ?? 3, opts.breakerCooldownMs ?? 30_000);
    this.maxRetryWaitMs = opts.maxRetryWaitMs ?? 20_000;
    this.backoffBaseMs = opts.backoffBaseMs ?? 500;
  }

  /** Read per turn by the pipeline, so a deployment that refused JSON schemas gets plain text from the next turn on. */
  get structuredOutput(): boolean {
    return this.caps.structuredOutput;
  }

  capabilities(): ModelCapabilities {
    return { ...this.caps };
  }

  identity(): ModelIdentity {
    const expected = this.cfg.expectedModel;
    const reported = this.seen?.model ?? null;
    return {
      route: this.route,
      deployment: this.name,
      reported,
      systemFingerprint: this.seen?.fingerprint ?? null,
      expected,
      matches: expected && reported ? modelMatches(reported, expected) : null,
      seenAt: this.seen ? new Date(this.seen.at).toISOString() : null,
    };
  }

  async checkIdentity(): Promise<ModelIdentity> {
    const fresh = this.seen && Date.now() - this.seen.at < MODEL_SETTINGS.identityRecheckMs;
    if (this.cfg.expectedModel && !fresh) {
      await this.complete({
        messages: [{ role: 'user', content: 'Reply with OK.' }],
        maxTokens: MODEL_SETTINGS.identityProbeTokens,
        purpose: 'identity-check',
        retry: false,
      }).catch(() => undefined);
    }
    return this.identity();
  }

  private observe(model: string | undefined | null, fingerprint: string | undefined | null): void {
    if (!model) return;
    this.seen = { model, fingerprint: fingerprint ?? null, at: Date.now() };
    const expected = this.cfg.expectedModel;
    if (expected && !modelMatches(model, expected) && this.warnedMismatch !== model) {
      this.warnedMismatch = model;
      log.warn(
        { deployment: this.name, route: this.route, reported: model, expected },
        'model service answers as another model than the pinned one',
      );
    }
  }

  health(): ModelHealth {
    const state = this.breaker.state;
    if (state !== 'closed') return state;
    return Date.now() < this.rateLimitedUntil ? 'rate-limited' : 'ok';
  }

  async complete(request: ChatRequest): Promise<ChatResult> {
    const pastDeadline = () => request.deadline !== undefined && Date.now() >= request.deadline;
    if (pastDeadline())
      throw new ModelUnavailableError('deadline', "The turn's time ran out before the model was asked");
    if (!this.breaker.allow())
      throw new ModelUnavailableError('circuit-open', 'The model is paused after repeated failures');
    const started = Date.now();
    let attempts = 0;
    for (;;) {
      attempts++;
      let emitted = false;
      try {
        const result = await this.attempt(request, () => (emitted = true));
        this.breaker.success();
        log.info(
          {
            purpose: request.purpose,
            deployment: this.name,
            route: this.route,
            model: result.model,
            attempts,
            ms: Date.now() - started,
            finishReason: result.finishReason,
            ...(result.usage ?? {}),
          },
          'model call ok',
        );
        return { ...result, attempts };
      } catch (err) {
        const failure = this.classify(err, request.signal);
        if (failure.reason === 'rate-limited')
          this.rateLimitedUntil = Math.max(
            this.rateLimitedUntil,
            Date.now() + (this.backoff(attempts, err) || this.backoffBaseMs),
          );
        const retryable =
          request.retry !== false &&
          !emitted &&
          attempts <= this.cfg.maxRetries &&
          ['rate-limited', 'server-error', 'connection'].includes(failure.reason);
        let wait = retryable ? this.backoff(attempts, err) : null;
        if (wait !== null && wait > this.maxRetryWaitMs) wait = null;
        // No retry whose wait would reach the turn's deadline: the turn answers from guideline text instead.
        if (wait !== null && request.deadline !== undefined && Date.now() + wait >= request.deadline) wait = null;
        log.warn(
          {
            purpose: request.purpose,
            deployment: this.name,
            route: this.route,
            attempts,
            reason: failure.reason,
            status: failure.status,
            retryInMs: wait,
            ...(failure.reason === 'credential' ? { detail: failure.message } : {}),
          },
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
      // Azure's prompt filter answers 400 with code content_filter: the same outcome as a filtered reply.
      if (status === 400 && /content_filter/i.test(`${(err as { code?: string }).code ?? ''} ${err.message}`)) {
        return new ModelUnavailableError('content-filter', 'The request was stopped by the content filter', status);
      }
      if (isRetryableStatus(status))
        return new ModelUnavailableError('server-error', `The model service answered ${status}`, status);
      return new ModelUnavailableError('rejected', `The model service rejected the request (${status})`, status);
    }
    if (err instanceof APIUserAbortError || (err instanceof Error && /timed? ?out/i.test(err.message))) {
      return new ModelUnavailableError('timeout', 'The model did not answer in time');
    }
    if (err instanceof APIError) return new ModelUnavailableError('connection', 'Could not reach the model service');
    // Keyless: the token provider failed before any request went out (no managed identity, no az login, wrong tenant).
    if (err instanceof Error && /credential|authentication/i.test(err.name)) {
      return new ModelUnavailableError(
        'credential',
        'No Azure credential for the model: sign in (managed identity, az login) or set AZURE_OPENAI_API_KEY',
      );
    }
    return new ModelUnavailableError('bad-response', 'The model service sent an unreadable response');
  }

  /**
   * A 400 that names a parameter this model does not take corrects the capability and the call is sent again at once
   * (not a retry: nothing failed on the service's side). null when the refusal is about something else.
   */
  private adapt(err: unknown, sent: { structured: boolean; streamed: boolean }): string | null {
    if (!(err instanceof APIError) || err.status !== 400) return null;
    const text =
      `${err.message} ${JSON.stringify(err.error ?? '')} ${(err as { param?: string }).param ?? ''}`.toLowerCase();
    if (/content[_ ]filter|content management policy/.test(text)) return null;
    if (sent.structured && /response_format|json_schema|structured output/.test(text)) {
      this.caps.structuredOutput = false;
      return 'structured output';
    }
    if (sent.streamed && /\bstream(ing)?\b/.test(text) && /support|allow|unavailable/.test(text)) {
      this.caps.streaming = false;
      return 'streaming';
    }
    if (
      !this.caps.reasoning &&
      /max_tokens/.test(text) &&
      /max_completion_tokens|not supported|unsupported/.test(text)
    ) {
      this.caps.reasoning = true;
      this.caps.temperature = false;
      return 'reasoning parameters';
    }
    if (this.caps.temperature && /temperature/.test(text) && /support|only the default|unsupported/.test(text)) {
      this.caps.temperature = false;
      return 'temperature';
    }
    if (this.caps.reasoning && this.caps.reasoningEffort && /reasoning_effort/.test(text)) {
      this.caps.reasoningEffort = null;
      return 'reasoning effort';
    }
    return null;
  }

  private async attempt(request: ChatRequest, onFirstDelta: () => void): Promise<Omit<ChatResult, 'attempts'>> {
    for (let adaptations = 0; ; adaptations++) {
      const structured = request.responseFormat !== undefined && this.caps.structuredOutput;
      const streamed = request.onDelta !== undefined && this.caps.streaming;
      try {
        return await this.send(request, onFirstDelta, { structured, streamed });
      } catch (err) {
        const learned = adaptations < MODEL_SETTINGS.maxAdaptations ? this.adapt(err, { structured, streamed }) : null;
        if (!learned) throw err;
        log.warn(
          { deployment: this.name, route: this.route, capability: learned },
          'model refused a capability; sending again without it',
        );
      }
    }
  }

  /** max_tokens or max_completion_tokens, kept inside the configured context window. */
  private completionBudget(request: ChatRequest, fallback: number): number {
    // A reasoning model spends part of the budget thinking: never send it less than its configured floor.
    const asked = request.maxTokens ?? fallback;
    const wanted = this.caps.reasoning ? Math.max(asked, this.cfg.reasoningCompletionTokens ?? 0) : asked;
    const window = this.caps.contextWindowTokens;
    if (window === null) return wanted;
    const promptChars = request.messages.reduce((n, m) => n + m.content.length, 0);
    const left = window - Math.ceil(promptChars / MODEL_SETTINGS.charsPerToken);
    if (left < MODEL_SETTINGS.minCompletionTokens) {
      throw new ModelUnavailableError(
        'rejected',
        "The question and guideline passages do not fit the model's context window",
      );
    }
    return Math.min(wanted, left);
  }

  private async send(
    request: ChatRequest,
    onFirstDelta: () => void,
    how: { structured: boolean; streamed: boolean },
  ): Promise<Omit<ChatResult, 'attempts'>> {
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
    const limits = this.caps.reasoning
      ? {
          max_completion_tokens: this.completionBudget(request, 1500),
          ...(this.caps.reasoningEffort ? { reasoning_effort: this.caps.reasoningEffort } : {}),
        }
      : { max_tokens: this.completionBudget(request, 1000) };
    const temperature = this.caps.temperature ? { temperature: request.temperature ?? 0 } : {};
    const format =
      how.structured && request.responseFormat
        ? {
            response_format: {
              type: 'json_schema' as const,
              json_schema: { name: request.responseFormat.name, schema: request.responseFormat.schema, strict: true },
            },
          }
        : {};
    // Both routes name the deployment as `model`: the v1 route reads it from the body, the deployment route from the path.
    const base = { model: this.cfg.deployment, messages: request.messages, ...limits, ...temperature, ...format };
    try {
      if (!how.streamed) {
        const completion = await this.client.chat.completions.create({ ...base, stream: false }, { signal });
        const choice = completion?.choices?.[0];
        if (!choice || typeof choice.message?.content !== 'string')
          throw new ModelUnavailableError('bad-response', 'The model returned no text');
        this.observe(completion.model, completion.system_fingerprint);
        const usage = completion.usage
          ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens }
          : undefined;
        // No streaming (the model cannot, or configured off): the whole text as one delta, so the door shows one final message.
        if (request.onDelta && choice.message.content) {
          onFirstDelta();
          request.onDelta(choice.message.content);
        }
        return {
          text: choice.message.content,
          finishReason: choice.finish_reason ?? null,
          ...(choice.finish_reason === 'content_filter'
            ? { filtered: filteredCategories(choice.content_filter_results) }
            : {}),
          ...(usage ? { usage } : {}),
          ...(completion.model ? { model: completion.model } : {}),
          ...(completion.system_fingerprint ? { systemFingerprint: completion.system_fingerprint } : {}),
        };
      }
      const stream = await this.client.chat.completions.create({ ...base, stream: true }, { signal });
      let text = '';
      let finishReason: string | null = null;
      let model: string | undefined;
      let fingerprint: string | undefined;
      let filtered: string[] = [];
      for await (const chunk of stream) {
        // Azure's first chunk (prompt filter results) has an empty model; the content chunks carry it.
        if (chunk.model) model = chunk.model;
        if (chunk.system_fingerprint) fingerprint = chunk.system_fingerprint;
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta?.content;
        if (delta) {
          if (!text) onFirstDelta();
          text += delta;
          request.onDelta!(delta);
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
        if (choice.finish_reason === 'content_filter') filtered = filteredCategories(choice.content_filter_results);
      }
      this.observe(model, fingerprint);
      // A stream that ends without a finish_reason was cut (Azure always sends one before [DONE]).
      if (finishReason === null)
        throw new ModelUnavailableError(text ? 'stream-dropped' : 'bad-response', 'The model stream ended early');
      return {
        text,
        finishReason,
        ...(finishReason === 'content_filter' ? { filtered } : {}),
        ...(model ? { model } : {}),
        ...(fingerprint ? { systemFingerprint: fingerprint } : {}),
      };
    } catch (err) {
      if (deadline.aborted && !request.signal?.aborted) {
        throw new ModelUnavailableError(turnBound ? 'deadline' : 'timeout', 'The model did not answer in time');
      }
      if (how.streamed && !(err instanceof APIError) && !(err instanceof ModelUnavailableError)) {
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
  return new RoutedChatModel(config.azureOpenAI, options);
}
