// One typed configuration, read from the environment once. Every door (CLI, bot, API, MCP) gets it from here,
// so no module reads process.env on its own.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REVIEW_SETTINGS, type ReviewSettings } from './review/settings.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface AzureOpenAIConfig {
  endpoint: string;
  deployment: string;
  apiVersion: string;
  /** Optional: when absent, DefaultAzureCredential (keyless) is used. */
  apiKey: string | null;
  embeddingDeployment: string | null;
  embeddingDimensions: number;
  /** Reasoning models take max_completion_tokens and no temperature. */
  reasoningModel: boolean;
  /** Reasoning models only: the least max_completion_tokens sent, reasoning tokens included (MODEL_DEFAULTS). */
  reasoningCompletionTokens: number;
  timeoutMs: number;
  maxRetries: number;
  /** Longest a turn may spend on the model (CURBSIDE_TURN_DEADLINE_MS, default 25 s, well under Teams' 2-minute stream limit). */
  turnDeadlineMs: number;
  /** The deployment supports JSON-schema response formats (AZURE_OPENAI_STRUCTURED_OUTPUT=true): claims come with their passages. */
  structuredOutput: boolean;
  /**
   * Which wire shape (AZURE_OPENAI_ROUTE): 'deployment' = /openai/deployments/{name}/chat/completions?api-version=... through
   * AzureOpenAI; 'v1' = the OpenAI/v1 API of Azure OpenAI and Azure AI Foundry (<endpoint>/openai/v1/, deployment as `model`,
   * no api-version) through the plain OpenAI client. Default: 'v1' when the endpoint ends in /openai/v1, else 'deployment'.
   */
  route: ModelRoute;
  /** Streams deltas (AZURE_OPENAI_STREAMING, default true): false sends one final message; a service that refuses streaming turns it off itself. */
  streaming: boolean;
  /** Reasoning models only (AZURE_OPENAI_REASONING_EFFORT): low | medium | high; null = the service's default. */
  reasoningEffort: 'low' | 'medium' | 'high' | null;
  /** The model's context window in tokens (AZURE_OPENAI_CONTEXT_WINDOW); null = unknown (no clamp). */
  contextWindowTokens: number | null;
  /**
   * The model the service must answer as (AZURE_OPENAI_EXPECTED_MODEL, e.g. "gpt-4o-2024-11-20", or "gpt-4o" for any version):
   * /readyz fails with the reason when the service reports another. null = not pinned.
   */
  expectedModel: string | null;
}

export type ModelRoute = 'deployment' | 'v1';

/**
 * Defaults that follow the chat model (infra/main.bicep deploys gpt-5.1, a reasoning model). Reasoning models (o-series,
 * gpt-5.x) need a newer data-plane API version for max_completion_tokens/reasoning_effort, and their completion budget
 * includes the hidden reasoning tokens, so the prompt's max_tokens (sized for the visible answer) is too small for them.
 */
export const MODEL_DEFAULTS = {
  apiVersion: '2024-10-21',
  reasoningApiVersion: '2025-04-01-preview',
  /** Smallest max_completion_tokens a reasoning model is sent (AZURE_OPENAI_REASONING_COMPLETION_TOKENS). */
  reasoningCompletionTokens: 4000,
} as const;

/** Teams ends a stream after 2 minutes; a turn's deadline must leave room for the extractive fallback and the final send. */
const MAX_TURN_DEADLINE_MS = 110_000;

export interface AzureSearchConfig {
  endpoint: string;
  indexName: string;
  apiKey: string | null;
  semanticConfiguration: string | null;
  /** Semantic reranker score floor (0-4): weaker hits are not cited. */
  rerankerFloor: number;
}

export interface AzureStorageConfig {
  /** e.g. https://<account>.table.core.windows.net */
  tableEndpoint: string;
  feedbackTable: string;
  /** Append-only audit trail (AZURE_STORAGE_AUDIT_TABLE, default "audit"). */
  auditTable: string;
  /** Bot conversation state (botbuilder Storage). */
  stateTable: string;
  /** Review items (AZURE_STORAGE_REVIEW_TABLE, default "reviews"). */
  reviewTable: string;
}

/** Azure Health Data Services de-identification service: an optional second pass on top of the local one (keyless). */
export interface AzureDeidConfig {
  /** e.g. https://<name>.api.deid.azure.com */
  endpoint: string;
  /** Deadline per call; past it the local result stands. */
  timeoutMs: number;
}

export interface Config {
  guidelinesPaths: string[];
  indexPath: string;
  azureOpenAI: AzureOpenAIConfig | null;
  azureSearch: AzureSearchConfig | null;
  /** Azure Table storage for feedback (keyless); null keeps the local SQLite store. */
  azureStorage: AzureStorageConfig | null;
  /** null: local de-identification only. */
  azureDeid: AzureDeidConfig | null;
  retrievalEngine: 'local' | 'azure';
  bot: BotConfig;
  port: number;
  host: string;
  publicBaseUrl: string | null;
  dataDir: string;
  /** Port of the Microsoft 365 Agents Playground that `npm run dev` starts (PLAYGROUND_PORT, default 56150). */
  playgroundPort: number;
  api: ApiConfig;
  review: ReviewConfig;
  library: LibraryConfig;
}

/** The review loop: sampling and retention (REVIEW_SETTINGS), the Teams review channel, and the roles of the HTTP API. */
export interface ReviewConfig extends ReviewSettings {
  /** Entra app role a token must carry to read and label review items over the HTTP API (CURBSIDE_REVIEWER_ROLE). */
  reviewerRole: string;
  /** Entra app role for /admin/quality (CURBSIDE_ADMIN_ROLE). */
  adminRole: string;
  /** The Teams channel review cards go to (CURBSIDE_REVIEW_CHANNEL_ID + CURBSIDE_REVIEW_SERVICE_URL), or null. */
  channel: { conversationId: string; serviceUrl: string; tenantId: string | null } | null;
}

/** The guideline library (src/retrieval/library.ts): where added documents live, freshness, and who administers it. */
export interface LibraryConfig {
  /**
   * Where `curbside library add` keeps added documents and their index.json (CURBSIDE_LIBRARY_DIR, default
   * <CURBSIDE_DATA_DIR>/library): outside the repository, and indexed beside the guideline folders.
   */
  dir: string;
  /** A source older than this many years with no newer edition loaded gets one note per answer (CURBSIDE_STALE_AFTER_YEARS, default 5). */
  staleAfterYears: number;
  /** Sets a Teams conversation draws on when neither its channel, its team nor its user is mapped (CURBSIDE_DEFAULT_SETS, default "all"). */
  defaultSets: string[];
  /** Entra object ids allowed to use the admin API (CURBSIDE_LIBRARY_ADMINS, comma-separated); a token's "Curbside.Admin" app role also counts. */
  admins: string[];
}

/** The Teams door (/api/messages). Bot Framework token validation is on whenever `id` is set. */
export interface BotConfig {
  id: string;
  password: string;
  type: string;
  tenantId: string;
  /** Entra tenant ids whose users may use the bot (ALLOWED_TENANTS; default for a single-tenant bot: BOT_TENANT_ID); empty = any. */
  allowedTenants: string[];
  /** Overrides the Bot Framework OpenID metadata URL (BOT_OPENID_METADATA_URL): sovereign clouds, tests. */
  openIdMetadataUrl: string | null;
  /** Per-user and per-conversation token buckets for message turns. */
  rateLimit: { userPerMinute: number; userBurst: number; conversationPerMinute: number; conversationBurst: number };
  /** Deadline for each call to the Bot Connector (sending a reply, a stream update). */
  connectorTimeoutMs: number;
  /**
   * CURBSIDE_ALLOW_ANONYMOUS_NETWORK=true: start on a non-loopback address without BOT_ID, so anyone who can reach it can use
   * the bot (a lab network, a container behind its own gate). Off by default: without it such a start is refused.
   */
  allowAnonymousNetwork: boolean;
  /** Extra origins replies may be sent to (BOT_ALLOWED_SERVICE_URLS, comma-separated), besides the Bot Framework / Teams hosts. */
  allowedServiceUrls: string[];
  /** Replies may go to a loopback serviceUrl (the Agents Playground): only with no BOT_ID and a loopback bind. */
  allowLoopbackServiceUrls: boolean;
}

/** HTTP API + MCP door. Entra ID validation is on when `audiences` is non-empty; otherwise only loopback callers are served. */
export interface ApiConfig {
  /** Accepted token audiences (app id URI and/or client id). */
  audiences: string[];
  /** Entra tenant ids allowed to call. */
  tenants: string[];
  /** OpenID metadata URL; `{tenant}` is replaced by the token's tenant id. */
  openIdMetadataUrl: string;
  /** Mount MCP Streamable HTTP at /mcp on the bot's server. */
  mcpHttp: boolean;
  rateLimit: { perMinute: number; burst: number };
}

export class ConfigError extends Error {}

/**
 * LOG_LEVEL. Read apart from loadConfig because the logger exists before any Config (every module imports it), and a
 * bad setting elsewhere must not stop the logger from reporting it. Default: silent under vitest, else info.
 */
export function logLevel(env: NodeJS.ProcessEnv = process.env): string {
  return str(env, 'LOG_LEVEL') ?? (env.VITEST ? 'silent' : 'info');
}

function str(env: NodeJS.ProcessEnv, name: string): string | null {
  const v = env[name];
  return v === undefined || v.trim() === '' ? null : v.trim();
}

function num(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = str(env, name);
  if (v === null) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new ConfigError(`${name} must be a number, got "${v}"`);
  return n;
}

function https(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${value}"`);
  }
  return url.toString().replace(/\/$/, '');
}

/**
 * The model endpoint receives case text and a key or token: https only. Plain http is accepted for a loopback host alone,
 * and only with the explicit test setting AZURE_OPENAI_ALLOW_HTTP=loopback-test.
 */
function modelEndpointAllowed(value: string, allowHttp: string | null): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`AZURE_OPENAI_ENDPOINT must be a URL, got "${value}"`);
  }
  if (url.protocol === 'https:') return;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && loopback && allowHttp === 'loopback-test') return;
  throw new ConfigError(
    `AZURE_OPENAI_ENDPOINT must use https (got ${url.protocol}//${url.host}); plain http is only for a loopback test server with AZURE_OPENAI_ALLOW_HTTP=loopback-test`,
  );
}

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (str(env, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function loadApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const audiences = list(env, 'CURBSIDE_API_AUDIENCE');
  const tenants = list(env, 'CURBSIDE_API_TENANTS');
  const botTenant = str(env, 'BOT_TENANT_ID');
  if (audiences.length > 0 && tenants.length === 0 && botTenant) tenants.push(botTenant);
  if (audiences.length > 0 && tenants.length === 0) {
    throw new ConfigError(
      'CURBSIDE_API_AUDIENCE is set but no tenant is allowed: set CURBSIDE_API_TENANTS (comma-separated tenant ids)',
    );
  }
  const perMinute = num(env, 'CURBSIDE_RATE_LIMIT_PER_MINUTE', 30);
  const burst = num(env, 'CURBSIDE_RATE_LIMIT_BURST', 10);
  if (perMinute <= 0 || burst < 1)
    throw new ConfigError('CURBSIDE_RATE_LIMIT_PER_MINUTE must be > 0 and CURBSIDE_RATE_LIMIT_BURST >= 1');
  return {
    audiences,
    tenants,
    openIdMetadataUrl:
      str(env, 'CURBSIDE_OPENID_METADATA_URL') ??
      'https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration',
    mcpHttp: str(env, 'CURBSIDE_MCP_HTTP') === 'true',
    rateLimit: { perMinute, burst },
  };
}

/**
 * Refuses a non-loopback bind without Bot Framework auth, unless CURBSIDE_ALLOW_ANONYMOUS_NETWORK=true says it is meant.
 * Here, not in server.ts, so `npm start` refuses before loading the server's packages.
 */
export function assertExposureAllowed(config: Pick<Config, 'bot' | 'host'>, host = config.host): void {
  if (isLoopbackBind(host) || config.bot.id || config.bot.allowAnonymousNetwork) return;
  throw new ConfigError(
    `HOST=${host} would let anyone who can reach this machine use the bot without authentication. Set BOT_ID (and BOT_PASSWORD) ` +
      'for Bot Framework auth, bind to 127.0.0.1, or set CURBSIDE_ALLOW_ANONYMOUS_NETWORK=true to accept anonymous network use',
  );
}

/** Loopback binds: only this machine can connect. */
export function isLoopbackBind(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  return list(env, name).map((value) => {
    try {
      return new URL(value).origin.toLowerCase();
    } catch {
      throw new ConfigError(`${name} must list URLs (e.g. https://bots.example.org), got "${value}"`);
    }
  });
}

function loadBotConfig(env: NodeJS.ProcessEnv, host: string): BotConfig {
  const metadata = str(env, 'BOT_OPENID_METADATA_URL');
  const rateLimit = {
    userPerMinute: num(env, 'CURBSIDE_BOT_USER_PER_MINUTE', 20),
    userBurst: num(env, 'CURBSIDE_BOT_USER_BURST', 10),
    conversationPerMinute: num(env, 'CURBSIDE_BOT_CONVERSATION_PER_MINUTE', 60),
    conversationBurst: num(env, 'CURBSIDE_BOT_CONVERSATION_BURST', 20),
  };
  if (
    rateLimit.userPerMinute <= 0 ||
    rateLimit.conversationPerMinute <= 0 ||
    rateLimit.userBurst < 1 ||
    rateLimit.conversationBurst < 1
  ) {
    throw new ConfigError('CURBSIDE_BOT_*_PER_MINUTE must be > 0 and CURBSIDE_BOT_*_BURST >= 1');
  }
  const type = str(env, 'BOT_TYPE') ?? 'MultiTenant';
  const tenantId = str(env, 'BOT_TENANT_ID') ?? '';
  // A single-tenant bot (SingleTenant, UserAssignedMSI) serves its own tenant unless ALLOWED_TENANTS says otherwise.
  const allowedTenants = list(env, 'ALLOWED_TENANTS');
  if (allowedTenants.length === 0 && tenantId && type !== 'MultiTenant') allowedTenants.push(tenantId);
  return {
    id: str(env, 'BOT_ID') ?? '',
    password: str(env, 'BOT_PASSWORD') ?? '',
    type,
    tenantId,
    allowedTenants,
    openIdMetadataUrl: metadata ? https('BOT_OPENID_METADATA_URL', metadata) : null,
    rateLimit,
    connectorTimeoutMs: num(env, 'CURBSIDE_BOT_CONNECTOR_TIMEOUT_MS', 15_000),
    allowAnonymousNetwork: str(env, 'CURBSIDE_ALLOW_ANONYMOUS_NETWORK') === 'true',
    allowedServiceUrls: origins(env, 'BOT_ALLOWED_SERVICE_URLS'),
    allowLoopbackServiceUrls: !str(env, 'BOT_ID') && isLoopbackBind(host),
  };
}

function semanticConfiguration(value: string | null): string | null {
  if (value === null) return 'curbside-semantic';
  return value.toLowerCase() === 'none' ? null : value;
}

/** The model's settings from AZURE_OPENAI_* (null: extractive mode). Model profiles reuse it with their own variables. */
export function loadModelConfig(env: NodeJS.ProcessEnv): AzureOpenAIConfig | null {
  const aoaiEndpoint = str(env, 'AZURE_OPENAI_ENDPOINT');
  if (!aoaiEndpoint) return null;
  modelEndpointAllowed(aoaiEndpoint, str(env, 'AZURE_OPENAI_ALLOW_HTTP'));
  const endpoint = https('AZURE_OPENAI_ENDPOINT', aoaiEndpoint);
  const route = str(env, 'AZURE_OPENAI_ROUTE') ?? (/\/openai\/v1$/i.test(endpoint) ? 'v1' : 'deployment');
  if (route !== 'deployment' && route !== 'v1')
    throw new ConfigError(`AZURE_OPENAI_ROUTE must be "deployment" or "v1", got "${route}"`);
  const effort = str(env, 'AZURE_OPENAI_REASONING_EFFORT');
  if (effort !== null && !['low', 'medium', 'high'].includes(effort))
    throw new ConfigError(`AZURE_OPENAI_REASONING_EFFORT must be low, medium or high, got "${effort}"`);
  const contextWindow =
    str(env, 'AZURE_OPENAI_CONTEXT_WINDOW') === null ? null : num(env, 'AZURE_OPENAI_CONTEXT_WINDOW', 0);
  if (contextWindow !== null && contextWindow <= 0)
    throw new ConfigError('AZURE_OPENAI_CONTEXT_WINDOW must be a number of tokens > 0');
  const reasoningModel = str(env, 'AZURE_OPENAI_REASONING_MODEL') === 'true';
  const cfg: AzureOpenAIConfig = {
    endpoint,
    deployment: str(env, 'AZURE_OPENAI_DEPLOYMENT') ?? 'gpt-4o',
    apiVersion:
      str(env, 'AZURE_OPENAI_API_VERSION') ??
      (reasoningModel ? MODEL_DEFAULTS.reasoningApiVersion : MODEL_DEFAULTS.apiVersion),
    apiKey: str(env, 'AZURE_OPENAI_API_KEY'),
    embeddingDeployment: str(env, 'AZURE_OPENAI_EMBEDDING_DEPLOYMENT'),
    embeddingDimensions: num(env, 'AZURE_OPENAI_EMBEDDING_DIMENSIONS', 1536),
    reasoningModel,
    reasoningCompletionTokens: num(
      env,
      'AZURE_OPENAI_REASONING_COMPLETION_TOKENS',
      MODEL_DEFAULTS.reasoningCompletionTokens,
    ),
    timeoutMs: num(env, 'AZURE_OPENAI_TIMEOUT_MS', 60_000),
    maxRetries: num(env, 'AZURE_OPENAI_MAX_RETRIES', 3),
    turnDeadlineMs: num(env, 'CURBSIDE_TURN_DEADLINE_MS', 25_000),
    structuredOutput: str(env, 'AZURE_OPENAI_STRUCTURED_OUTPUT') === 'true',
    route,
    streaming: str(env, 'AZURE_OPENAI_STREAMING') !== 'false',
    reasoningEffort: effort as AzureOpenAIConfig['reasoningEffort'],
    contextWindowTokens: contextWindow,
    expectedModel: str(env, 'AZURE_OPENAI_EXPECTED_MODEL'),
  };
  if (cfg.turnDeadlineMs <= 0 || cfg.turnDeadlineMs > MAX_TURN_DEADLINE_MS) {
    throw new ConfigError(
      `CURBSIDE_TURN_DEADLINE_MS must be > 0 and <= ${MAX_TURN_DEADLINE_MS} (Teams ends a stream after 2 minutes)`,
    );
  }
  return cfg;
}

/** Profile variables: CURBSIDE_MODEL_PROFILE_<NAME>_<SETTING> stands for AZURE_OPENAI_<SETTING> (ENDPOINT, DEPLOYMENT, ROUTE, ...). */
const PROFILE_PREFIX = 'CURBSIDE_MODEL_PROFILE_';

/** Names of the model profiles defined in the environment (lower case), e.g. ["current", "healthcare"]. */
export function modelProfileNames(env: NodeJS.ProcessEnv = process.env): string[] {
  const names = new Set<string>();
  for (const key of Object.keys(env)) {
    const m = new RegExp(`^${PROFILE_PREFIX}(.+)_ENDPOINT$`).exec(key);
    if (m && str(env, key)) names.add(m[1]!.toLowerCase());
  }
  return [...names].sort();
}

/**
 * A named model profile, for comparing models side by side (`eval answers --model A --model B`): "default" is AZURE_OPENAI_*,
 * "extractive" is no model, any other NAME reads CURBSIDE_MODEL_PROFILE_<NAME>_* (settings it does not give, such as
 * timeouts, the turn deadline and the loopback-test allowance, come from AZURE_OPENAI_* / CURBSIDE_*; keys and endpoints
 * never do). Returns the config with that model in place of AZURE_OPENAI_*.
 */
export function loadModelProfile(name: string, env: NodeJS.ProcessEnv = process.env): Config {
  const base = loadConfig(env);
  const key = name.trim().toLowerCase();
  if (key === 'default') {
    if (!base.azureOpenAI) throw new ConfigError('Model profile "default" needs AZURE_OPENAI_ENDPOINT');
    return base;
  }
  if (key === 'extractive') return { ...base, azureOpenAI: null };
  const prefix = `${PROFILE_PREFIX}${key.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
  const own = Object.fromEntries(
    Object.entries(env)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [`AZURE_OPENAI_${k.slice(prefix.length)}`, v]),
  );
  if (!str(own, 'AZURE_OPENAI_ENDPOINT')) {
    const known = modelProfileNames(env);
    throw new ConfigError(
      `Model profile "${name}" is not defined: set ${prefix}ENDPOINT (and ${prefix}DEPLOYMENT, ...)` +
        `${known.length ? `; defined: ${known.join(', ')}` : ''}; "default" is AZURE_OPENAI_*, "extractive" is no model`,
    );
  }
  // Endpoint, deployment, key and capabilities are the profile's own; the profile must not inherit another model's key.
  const inherited = Object.fromEntries(
    Object.entries(env).filter(
      ([k]) =>
        !k.startsWith('AZURE_OPENAI_') ||
        ['AZURE_OPENAI_ALLOW_HTTP', 'AZURE_OPENAI_TIMEOUT_MS', 'AZURE_OPENAI_MAX_RETRIES'].includes(k),
    ),
  );
  return { ...base, azureOpenAI: loadModelConfig({ ...inherited, ...own }) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(str(env, 'CURBSIDE_DATA_DIR') ?? path.join(REPO_ROOT, 'data'));
  const guidelines = str(env, 'CURBSIDE_GUIDELINES');
  const guidelinesPaths = (
    guidelines ? guidelines.split(path.delimiter) : [path.join(REPO_ROOT, '..', 'shared', 'guidelines')]
  ).map((p) => path.resolve(p));

  const azureOpenAI = loadModelConfig(env);

  const searchEndpoint = str(env, 'AZURE_SEARCH_ENDPOINT');
  const azureSearch: AzureSearchConfig | null = searchEndpoint
    ? {
        endpoint: https('AZURE_SEARCH_ENDPOINT', searchEndpoint),
        indexName: str(env, 'AZURE_SEARCH_INDEX') ?? 'curbside-guidelines',
        apiKey: str(env, 'AZURE_SEARCH_API_KEY'),
        // "none" turns the semantic ranker off (e.g. a Free-tier service past its monthly semantic quota).
        semanticConfiguration: semanticConfiguration(str(env, 'AZURE_SEARCH_SEMANTIC_CONFIGURATION')),
        rerankerFloor: num(env, 'AZURE_SEARCH_RERANKER_FLOOR', 1.5),
      }
    : null;

  const storageAccount = str(env, 'AZURE_STORAGE_ACCOUNT_NAME');
  const tableEndpoint =
    str(env, 'AZURE_STORAGE_TABLE_ENDPOINT') ??
    (storageAccount ? `https://${storageAccount}.table.core.windows.net` : null);
  const azureStorage: AzureStorageConfig | null = tableEndpoint
    ? {
        tableEndpoint: https('AZURE_STORAGE_TABLE_ENDPOINT', tableEndpoint),
        feedbackTable: str(env, 'AZURE_STORAGE_FEEDBACK_TABLE') ?? 'feedback',
        auditTable: str(env, 'AZURE_STORAGE_AUDIT_TABLE') ?? 'audit',
        stateTable: str(env, 'AZURE_STORAGE_STATE_TABLE') ?? 'conversationstate',
        reviewTable: str(env, 'AZURE_STORAGE_REVIEW_TABLE') ?? 'reviews',
      }
    : null;

  const deidEndpoint = str(env, 'AZURE_DEID_ENDPOINT');
  const azureDeid: AzureDeidConfig | null = deidEndpoint
    ? { endpoint: https('AZURE_DEID_ENDPOINT', deidEndpoint), timeoutMs: num(env, 'AZURE_DEID_TIMEOUT_MS', 5000) }
    : null;
  if (azureDeid && azureDeid.timeoutMs <= 0) throw new ConfigError('AZURE_DEID_TIMEOUT_MS must be > 0');

  const engine = str(env, 'CURBSIDE_RETRIEVAL_ENGINE') ?? (azureSearch ? 'azure' : 'local');
  if (engine !== 'local' && engine !== 'azure')
    throw new ConfigError(`CURBSIDE_RETRIEVAL_ENGINE must be "local" or "azure", got "${engine}"`);
  if (engine === 'azure' && !azureSearch)
    throw new ConfigError('CURBSIDE_RETRIEVAL_ENGINE=azure needs AZURE_SEARCH_ENDPOINT');

  const host = str(env, 'HOST') ?? (str(env, 'BOT_ID') ? '0.0.0.0' : '127.0.0.1');
  return {
    guidelinesPaths,
    indexPath: path.resolve(str(env, 'CURBSIDE_INDEX') ?? path.join(dataDir, 'index.sqlite')),
    azureOpenAI,
    azureSearch,
    azureStorage,
    azureDeid,
    retrievalEngine: engine,
    bot: loadBotConfig(env, host),
    port: num(env, 'PORT', 3978),
    host,
    publicBaseUrl: str(env, 'CURBSIDE_PUBLIC_URL'),
    dataDir,
    playgroundPort: num(env, 'PLAYGROUND_PORT', 56150),
    api: loadApiConfig(env),
    review: loadReviewConfig(env),
    library: {
      dir: path.resolve(str(env, 'CURBSIDE_LIBRARY_DIR') ?? path.join(dataDir, 'library')),
      staleAfterYears: num(env, 'CURBSIDE_STALE_AFTER_YEARS', 5),
      defaultSets: str(env, 'CURBSIDE_DEFAULT_SETS') ? list(env, 'CURBSIDE_DEFAULT_SETS') : ['all'],
      admins: list(env, 'CURBSIDE_LIBRARY_ADMINS'),
    },
  };
}

function loadReviewConfig(env: NodeJS.ProcessEnv): ReviewConfig {
  const share = (name: string, fallback: number) => {
    const v = num(env, name, fallback);
    if (v < 0 || v > 1) throw new ConfigError(`${name} must be between 0 and 1, got ${v}`);
    return v;
  };
  const retentionDays = num(env, 'CURBSIDE_RETENTION_DAYS', REVIEW_SETTINGS.retentionDays);
  if (!(retentionDays > 0)) throw new ConfigError('CURBSIDE_RETENTION_DAYS must be > 0');
  const channelId = str(env, 'CURBSIDE_REVIEW_CHANNEL_ID');
  const serviceUrl = str(env, 'CURBSIDE_REVIEW_SERVICE_URL');
  if (channelId && !serviceUrl)
    throw new ConfigError(
      'CURBSIDE_REVIEW_CHANNEL_ID needs CURBSIDE_REVIEW_SERVICE_URL (the Teams service URL of that team)',
    );
  return {
    sampleThumbsUp: share('CURBSIDE_REVIEW_SAMPLE_UP', REVIEW_SETTINGS.sampleThumbsUp),
    sampleRefusals: share('CURBSIDE_REVIEW_SAMPLE_REFUSALS', REVIEW_SETTINGS.sampleRefusals),
    retentionDays,
    purgeIntervalHours: REVIEW_SETTINGS.purgeIntervalHours,
    reviewerRole: str(env, 'CURBSIDE_REVIEWER_ROLE') ?? 'Curbside.Reviewer',
    adminRole: str(env, 'CURBSIDE_ADMIN_ROLE') ?? 'Curbside.Admin',
    channel:
      channelId && serviceUrl ? { conversationId: channelId, serviceUrl, tenantId: str(env, 'BOT_TENANT_ID') } : null,
  };
}

/** Where `curbside azure preflight` looks: the subscription and region the deployment will use (env/.env.<env>). */
export interface DeploymentTarget {
  subscriptionId: string | null;
  location: string | null;
  /** AZURE_RESOURCE_MANAGER_ENDPOINT (default https://management.azure.com; sovereign clouds differ). */
  armEndpoint: string;
}

export function loadDeploymentTarget(env: NodeJS.ProcessEnv = process.env): DeploymentTarget {
  return {
    subscriptionId: str(env, 'AZURE_SUBSCRIPTION_ID'),
    location: str(env, 'AZURE_LOCATION'),
    armEndpoint: https(
      'AZURE_RESOURCE_MANAGER_ENDPOINT',
      str(env, 'AZURE_RESOURCE_MANAGER_ENDPOINT') ?? 'https://management.azure.com',
    ),
  };
}
