// A loopback "Azure": the fake AI Search service and the fake Azure OpenAI (embeddings), both over HTTPS with their
// own self-signed certificates, plus the config and deps that point Curbside's real SDK clients at them.
import type { AccessToken, TokenCredential } from '@azure/identity';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import type { AzureDeps } from '../../src/azure/credentials.js';
import { startFakeAzureOpenAI, type FakeAzureOpenAI, type RecordedRequest } from './fake-azure-openai.js';
import { startFakeAzureSearch, type FakeAzureSearch, type FakeAzureSearchOptions } from './fake-azure-search.js';

export const TEST_DIMENSIONS = 64;
export const SEARCH_KEY = 'search-admin-key-for-tests';
export const OPENAI_KEY = 'openai-key-for-tests';
export const BEARER_TOKEN = 'entra-token-for-tests';

/** A deterministic bag-of-words embedding: texts sharing words are close, so vector search ranks meaningfully. */
export function bagOfWordsEmbedding(text: string, dimensions = TEST_DIMENSIONS): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (w.length < 3) continue;
    let h = 2166136261;
    for (const ch of w) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    v[Math.abs(h) % dimensions]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function embeddingReply(req: RecordedRequest) {
  const input: string[] = Array.isArray(req.body?.input) ? req.body.input : [String(req.body?.input ?? '')];
  const dims = Number(req.body?.dimensions) || 1536;
  return {
    json: {
      object: 'list',
      model: req.deployment,
      data: input.map((text, index) => ({ object: 'embedding', index, embedding: bagOfWordsEmbedding(text, dims) })),
      usage: { prompt_tokens: input.length, total_tokens: input.length },
    },
  };
}

/** A TokenCredential that hands out a fixed token: the SDK's bearer policy still does the real work. */
export function staticTokenCredential(token = BEARER_TOKEN): TokenCredential & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      calls.push(Array.isArray(scopes) ? scopes : [scopes]);
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

export interface LoopbackAzure {
  search: FakeAzureSearch;
  openai: FakeAzureOpenAI;
  /** Env vars for the API-key configuration (what a child process gets). */
  env: Record<string, string>;
  config(overrides?: Record<string, string>): Config;
  /** Trust both self-signed certificates. */
  deps: AzureDeps;
  /** A file holding both certificates, for NODE_EXTRA_CA_CERTS in child processes. */
  caFile: string;
  close(): Promise<void>;
}

export async function startLoopbackAzure(searchOptions: FakeAzureSearchOptions = {}): Promise<LoopbackAzure> {
  const search = await startFakeAzureSearch({ apiKey: SEARCH_KEY, bearerTokens: [BEARER_TOKEN], ...searchOptions });
  const openai = await startFakeAzureOpenAI({
    https: true,
    respond: (req) => (req.kind === 'embeddings' ? embeddingReply(req) : { content: 'OK' }),
  });
  const ca = `${search.ca}\n${openai.ca}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-azure-ca-'));
  const caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(caFile, ca);
  const env: Record<string, string> = {
    AZURE_SEARCH_ENDPOINT: search.endpoint,
    AZURE_SEARCH_INDEX: 'guidelines-test',
    AZURE_SEARCH_API_KEY: SEARCH_KEY,
    AZURE_OPENAI_ENDPOINT: openai.endpoint,
    AZURE_OPENAI_API_KEY: OPENAI_KEY,
    AZURE_OPENAI_EMBEDDING_DEPLOYMENT: 'text-embedding-3-small',
    AZURE_OPENAI_EMBEDDING_DIMENSIONS: String(TEST_DIMENSIONS),
    AZURE_OPENAI_MAX_RETRIES: '2',
    CURBSIDE_RETRIEVAL_ENGINE: 'azure',
  };
  return {
    search,
    openai,
    env,
    config: (overrides = {}) => loadConfig({ ...env, ...overrides }),
    deps: { ca },
    caFile,
    async close() {
      await Promise.all([search.close(), openai.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ManagedIdentityEndpoint {
  /** Env vars App Service sets for its managed identity; DefaultAzureCredential picks them up. */
  env: { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  /** Resources tokens were asked for. */
  resources: string[];
  close(): Promise<void>;
}

/**
 * The App Service managed-identity token endpoint (IDENTITY_ENDPOINT/IDENTITY_HEADER, api-version 2019-08-01) on loopback,
 * so a child process's real DefaultAzureCredential gets its tokens the way it does in production.
 */
export async function startManagedIdentityEndpoint(token = BEARER_TOKEN): Promise<ManagedIdentityEndpoint> {
  const header = `identity-header-${Math.random().toString(36).slice(2)}`;
  const resources: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.headers['x-identity-header'] !== header) {
      res.writeHead(401).end();
      return;
    }
    const resource = url.searchParams.get('resource') ?? '';
    resources.push(resource);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        access_token: token,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource,
        token_type: 'Bearer',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: { IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`, IDENTITY_HEADER: header },
    resources,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
