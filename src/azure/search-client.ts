// Builds the Azure AI Search clients from config, and the two index-level operations: create-or-update the index
// (idempotent) and a readable readiness probe.
import { isRestError } from '@azure/core-rest-pipeline';
import { odata, SearchClient, SearchIndexClient, type SearchClientOptions } from '@azure/search-documents';
import type { AzureSearchConfig, Config } from '../config.js';
import { ConfigError } from '../config.js';
import { log } from '../log.js';
import { sdkTlsOptions, searchCredential, type AzureDeps } from './credentials.js';
import { buildIndexDefinition, VECTOR_FIELD, type SearchDocument } from './search-schema.js';

/** The service returns at most 1,000 documents per request. */
const PAGE_SIZE = 1000;

export function requireSearchConfig(config: Config): AzureSearchConfig {
  if (!config.azureSearch)
    throw new ConfigError('Azure AI Search is not configured: set AZURE_SEARCH_ENDPOINT (and AZURE_SEARCH_INDEX)');
  return config.azureSearch;
}

/** Per-attempt deadline on every Search call: the SDK has none, so a hung service would hold a clinician's turn forever. */
export const SEARCH_TRY_TIMEOUT_MS = 15_000;

/**
 * The SDK's retry policy per use (429/503 with retry-after are honoured within these bounds). interactive: two quick retries
 * are what a waiting clinician can afford. bulk (`azure push`, eval uploads): nobody waits on one request, and a throttled
 * service needs minutes, not seconds, so more tries and a longer cap (about 4 minutes in all before the push's own rounds).
 */
export const SEARCH_RETRY = {
  interactive: { maxRetries: 2, retryDelayInMs: 400, maxRetryDelayInMs: 4_000 },
  bulk: { maxRetries: 8, retryDelayInMs: 2_000, maxRetryDelayInMs: 60_000 },
} as const;
export type SearchRetryProfile = keyof typeof SEARCH_RETRY;

function clientOptions(deps: AzureDeps, profile: SearchRetryProfile = 'interactive'): SearchClientOptions {
  return {
    ...sdkTlsOptions(deps),
    retryOptions: { ...SEARCH_RETRY[profile] },
    additionalPolicies: [
      {
        position: 'perRetry',
        policy: {
          name: 'curbsideSearchTimeout',
          sendRequest: (request, next) => {
            if (!request.timeout) request.timeout = SEARCH_TRY_TIMEOUT_MS;
            return next(request);
          },
        },
      },
    ],
  };
}

export function createSearchClient(
  search: AzureSearchConfig,
  deps: AzureDeps = {},
  profile: SearchRetryProfile = 'interactive',
): SearchClient<SearchDocument> {
  const { credential, mode } = searchCredential(search.apiKey, deps);
  log.debug({ index: search.indexName, auth: mode, retry: profile }, 'azure search client');
  return new SearchClient<SearchDocument>(search.endpoint, search.indexName, credential, clientOptions(deps, profile));
}

export function createSearchIndexClient(search: AzureSearchConfig, deps: AzureDeps = {}): SearchIndexClient {
  const { credential } = searchCredential(search.apiKey, deps);
  return new SearchIndexClient(search.endpoint, credential, clientOptions(deps));
}

export class IndexSchemaError extends Error {}

export interface EnsureIndexResult {
  created: boolean;
  dimensions: number;
}

/** Creates the index, or updates it in place (new fields, semantic config). Vector dimensions cannot change in place. */
export async function ensureIndex(config: Config, deps: AzureDeps = {}): Promise<EnsureIndexResult> {
  const search = requireSearchConfig(config);
  const dimensions = config.azureOpenAI?.embeddingDimensions ?? 1536;
  const client = createSearchIndexClient(search, deps);
  const existing = await client.getIndex(search.indexName).catch((err: unknown) => {
    if (isRestError(err) && err.statusCode === 404) return null;
    throw describeSearchError(err, search);
  });
  if (existing) {
    const vector = existing.fields.find((f) => f.name === VECTOR_FIELD);
    const current = vector && 'vectorSearchDimensions' in vector ? vector.vectorSearchDimensions : undefined;
    if (current !== undefined && current !== dimensions) {
      throw new IndexSchemaError(
        `index "${search.indexName}" has ${current}-dimension vectors but AZURE_OPENAI_EMBEDDING_DIMENSIONS is ${dimensions}; ` +
          'vector dimensions cannot change in place: use a new AZURE_SEARCH_INDEX name (then push again) or set the dimensions back',
      );
    }
  }
  await client.createOrUpdateIndex(buildIndexDefinition(search, dimensions)).catch((err: unknown) => {
    throw describeSearchError(err, search);
  });
  log.info({ index: search.indexName, created: !existing, dimensions }, 'azure search index ready');
  return { created: !existing, dimensions };
}

/** Turns the service's auth and availability errors into a sentence an admin can act on. */
export function describeSearchError(err: unknown, search: AzureSearchConfig): Error {
  if (!isRestError(err)) return err instanceof Error ? err : new Error(String(err));
  const where = `Azure AI Search ${new URL(search.endpoint).host}, index "${search.indexName}"`;
  const auth = search.apiKey ? 'the AZURE_SEARCH_API_KEY' : 'this identity (DefaultAzureCredential)';
  switch (err.statusCode) {
    case 401:
      return new Error(`${where}: 401 unauthorized: ${auth} was not accepted`);
    case 403:
      return new Error(
        `${where}: 403 forbidden: ${auth} lacks a data-plane role (Search Index Data Reader to query, Search Index Data ` +
          'Contributor to push, Search Service Contributor to create the index), or the service does not allow RBAC',
      );
    case 404:
      return new Error(`${where}: 404 not found: run \`curbside azure index\` first`);
    default:
      return new Error(`${where}: ${err.statusCode ?? 'network'} ${err.message.split('\n')[0]}`);
  }
}

/**
 * Every document matching `filter`, however many: keyset paging on the key (sorted, `id gt last`), which unlike
 * `skip` has no 100,000 ceiling and does not shift when documents change between pages.
 */
export async function allDocuments<K extends keyof SearchDocument>(
  client: SearchClient<SearchDocument>,
  filter: string,
  select: K[],
): Promise<Pick<SearchDocument, K | 'id'>[]> {
  const out: Pick<SearchDocument, K | 'id'>[] = [];
  let last: string | null = null;
  for (;;) {
    const page: Pick<SearchDocument, K | 'id'>[] = [];
    const result = await client.search('*', {
      filter: last === null ? filter : `(${filter}) and ${odata`id gt ${last}`}`,
      select: [...new Set<keyof SearchDocument>(['id', ...select])] as never,
      orderBy: ['id asc'],
      top: PAGE_SIZE,
    });
    for await (const hit of result.results) page.push(hit.document as Pick<SearchDocument, K | 'id'>);
    out.push(...page);
    if (page.length < PAGE_SIZE) return out;
    last = page[page.length - 1]!.id;
  }
}
