// The Azure AI Search engine: hybrid retrieval (keyword query with the same clinical expansion as the local engine,
// plus a vector query on the embedded question; the service fuses both with RRF), then the semantic ranker when
// configured. Hits the reranker scores below config.azureSearch.rerankerFloor are dropped so weak passages are not cited.
import type { SearchClient, SearchOptions as AzureSearchOptions } from '@azure/search-documents';
import { odata } from '@azure/search-documents';
import type { Config } from '../config.js';
import type { AzureDeps } from '../azure/credentials.js';
import { createEmbedder, type Embedder } from '../azure/embeddings.js';
import { allDocuments, createSearchClient, describeSearchError, requireSearchConfig } from '../azure/search-client.js';
import {
  documentPassage,
  MANIFEST_KIND,
  manifestSummary,
  PASSAGE_KINDS_FILTER,
  RETRIEVABLE_FIELDS,
  VECTOR_FIELD,
  type SearchDocument,
} from '../azure/search-schema.js';
import type { GuidelineSummary } from '../knowledge/passage.js';
import { log } from '../log.js';
import { SHARED_SET, type LibraryScope } from './library.js';
import { planQuery } from './query.js';
import { RecommendationUnitIndex, UNIT_TUNING, type UnitTuning } from './recommendation-units.js';
import type { Retriever, SearchFilters, SearchHit, SearchOptions, Supersession } from './retriever.js';

const DEFAULT_TOP = 10;
/** Nearest neighbours fed to fusion: the semantic ranker re-reads the top 50 fused results, so give it 50. */
const VECTOR_NEIGHBOURS = 50;
/** The guideline list changes only on push; a few minutes of staleness is harmless. */
const GUIDELINE_CACHE_MS = 5 * 60_000;
/**
 * A clinician is waiting: one retry and a short timeout for the query vector, after which the search goes on without it
 * (keyword + semantic ranking).
 */
const QUERY_EMBEDDING = { maxRetries: 1, timeoutMs: 5000 };
/** One turn may search the same text more than once (rewrite, follow-ups): keep recent query vectors. */
const QUERY_VECTOR_CACHE_SIZE = 200;

export interface AzureRetrieverDeps extends AzureDeps {
  /**
   * Groups (e.g. the Teams team's Entra group ids) whose restricted guidelines this retriever may return.
   * Guidelines pushed without groups are visible to everyone; restricted ones only to their groups.
   */
  groups?: string[];
}

/** Keyword query in the service's simple syntax: the question's content words, its multi-word concepts as phrases, and
 * the lexicon's other names for each concept (the same plan the local engine uses), OR-ed. */
export function keywordQuery(question: string): string {
  const parts = planQuery(question, 'full').map((t) =>
    t.tokens.length > 1 ? `"${t.tokens.join(' ')}"` : t.tokens[0]!,
  );
  return [...new Set(parts)].join(' ');
}

/** OData filter for SearchFilters; `doc_id` values come from the guideline list (substring match on title or file). */
export function filterExpression(filters: SearchFilters, docIds: string[] | null, groups: string[]): string {
  const clauses = [PASSAGE_KINDS_FILTER];
  if (docIds) clauses.push(odata`search.in(doc_id, ${docIds.join('|')}, '|')`);
  if (filters.strength) clauses.push(odata`strength eq ${filters.strength}`);
  if (filters.minYear !== undefined) clauses.push(`year ge ${Math.trunc(filters.minYear)}`);
  if (filters.kind) clauses.push(odata`kind eq ${filters.kind}`);
  clauses.push(statusFilter(filters));
  clauses.push(aclFilter(teamGroups(groups, filters)));
  return clauses.map((c) => `(${c})`).join(' and ');
}

/**
 * Retired guidelines never, superseded editions only when asked for (as the local engine). Documents pushed before the
 * status field existed have none, which `ne` lets through: they count as current.
 */
export function statusFilter(scope: LibraryScope): string {
  return scope.includeSuperseded ? "status ne 'retired'" : "status ne 'superseded' and status ne 'retired'";
}

/**
 * A team's library sets are pushed as groups (`azure push`): a restricted document is visible when one of its groups is
 * among the retriever's groups or the team's sets ("all" included); documents pushed without groups are open to all.
 */
function teamGroups(groups: string[], scope: LibraryScope): string[] {
  return scope.sets ? [...new Set([...groups, SHARED_SET, ...scope.sets])] : groups;
}

function aclFilter(groups: string[]): string {
  const open = 'not groups/any()';
  // '|' cannot appear in an Entra group id or a team name we would pass; it is the search.in delimiter.
  return groups.length ? `${open} or ${odata`groups/any(g: search.in(g, ${groups.join('|')}, '|'))`}` : open;
}

export class AzureSearchRetriever implements Retriever {
  readonly engine = 'azure' as const;
  private readonly queryVectors = new Map<string, number[]>();

  constructor(
    private readonly config: Config,
    private readonly client: SearchClient<SearchDocument>,
    private readonly embedder: Embedder | null,
    private readonly groups: string[] = [],
  ) {}

  private get searchConfig() {
    return requireSearchConfig(this.config);
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const top = Math.max(1, Math.min(options.top ?? DEFAULT_TOP, 50));
    const searchConfig = this.searchConfig;
    const filters = options.filters ?? {};
    let docIds: string[] | null = null;
    if (filters.guideline) {
      const needle = filters.guideline.toLowerCase();
      docIds = (await this.listGuidelines())
        .filter((g) => g.title.toLowerCase().includes(needle) || g.source.toLowerCase().includes(needle))
        .map((g) => g.docId);
      if (docIds.length === 0) return [];
    }
    const vector = await this.embedQuery(query);
    const semantic = searchConfig.semanticConfiguration;
    const request: AzureSearchOptions<SearchDocument> = {
      top,
      filter: filterExpression(filters, docIds, this.groups),
      select: [...RETRIEVABLE_FIELDS],
      searchMode: 'any',
      ...(vector
        ? {
            vectorSearchOptions: {
              queries: [
                {
                  kind: 'vector',
                  vector,
                  fields: [VECTOR_FIELD],
                  kNearestNeighborsCount: Math.max(VECTOR_NEIGHBOURS, top),
                },
              ],
              filterMode: 'preFilter',
            },
          }
        : {}),
      ...(semantic
        ? {
            queryType: 'semantic',
            // The reranker reads the clinician's own question; the expanded keyword query is for recall only.
            semanticSearchOptions: {
              configurationName: semantic,
              semanticQuery: query,
              errorMode: 'partial',
              maxWaitInMilliseconds: 2500,
            },
          }
        : { queryType: 'simple' }),
    };
    const started = Date.now();
    const response = await this.client.search(keywordQuery(query) || '*', request).catch((err: unknown) => {
      throw describeSearchError(err, searchConfig);
    });
    const hits: { doc: SearchDocument; fused: number; reranker: number | undefined }[] = [];
    for await (const r of response.results) {
      hits.push({ doc: r.document as SearchDocument, fused: r.score, reranker: r.rerankerScore ?? undefined });
      if (hits.length >= top) break;
    }
    // errorMode 'partial': when the semantic ranker is throttled or off, results come back unreranked. Apply the floor
    // only to scores the reranker actually gave; otherwise keep the fused order rather than answer from nothing.
    const reranked = hits.some((h) => h.reranker !== undefined);
    const kept = reranked ? hits.filter((h) => (h.reranker ?? 0) >= searchConfig.rerankerFloor) : hits;
    log.info(
      {
        engine: 'azure',
        hits: hits.length,
        kept: kept.length,
        reranked,
        vector: Boolean(vector),
        ms: Date.now() - started,
      },
      'azure search',
    );
    return kept.map((h) => ({ passage: documentPassage(h.doc), score: reranked ? (h.reranker ?? 0) : h.fused }));
  }

  private async embedQuery(query: string): Promise<number[] | null> {
    if (!this.embedder) return null;
    const cached = this.queryVectors.get(query);
    if (cached) return cached;
    try {
      const [vector] = await this.embedder.embed([query]);
      if (!vector) return null;
      if (this.queryVectors.size >= QUERY_VECTOR_CACHE_SIZE)
        this.queryVectors.delete(this.queryVectors.keys().next().value!);
      this.queryVectors.set(query, vector);
      return vector;
    } catch (err) {
      // Keyword + semantic ranking still answers well; a clinician should not wait on the embedding deployment.
      log.warn(
        { err: err instanceof Error ? err.name : 'error', status: (err as { status?: number }).status },
        'query embedding failed; keyword-only search',
      );
      return null;
    }
  }

  private units: { at: number; key: string; index: RecommendationUnitIndex } | null = null;

  /**
   * The recommendation units, built from every passage this retriever may see (keyset-paged, ACL-filtered), so answers
   * rank the same units as with the local engine. The index changes only on push: rebuilt after GUIDELINE_CACHE_MS.
   */
  async recommendationUnits(
    tuning: UnitTuning = UNIT_TUNING,
    scope: LibraryScope = {},
  ): Promise<RecommendationUnitIndex> {
    const key = JSON.stringify([tuning, scope.sets ?? null, Boolean(scope.includeSuperseded)]);
    if (this.units && this.units.key === key && Date.now() - this.units.at < GUIDELINE_CACHE_MS)
      return this.units.index;
    const searchConfig = this.searchConfig;
    const docs = await allDocuments(
      this.client,
      `(${PASSAGE_KINDS_FILTER}) and (${statusFilter(scope)}) and (${aclFilter(teamGroups(this.groups, scope))})`,
      [...RETRIEVABLE_FIELDS],
    ).catch((err: unknown) => {
      throw describeSearchError(err, searchConfig);
    });
    const index = new RecommendationUnitIndex(
      docs.map((d) => documentPassage(d as SearchDocument)),
      tuning,
    );
    this.units = { at: Date.now(), key, index };
    return index;
  }

  /** One manifest per pushed guideline (title, edition, library status); cached, since they change only on push. */
  private async manifests(): Promise<SearchDocument[]> {
    if (this.manifestCache && Date.now() - this.manifestCache.at < GUIDELINE_CACHE_MS) return this.manifestCache.docs;
    const searchConfig = this.searchConfig;
    const docs = (await allDocuments(
      this.client,
      `(${odata`kind eq ${MANIFEST_KIND}`}) and (${aclFilter(this.groups)})`,
      [...RETRIEVABLE_FIELDS],
    ).catch((err: unknown) => {
      throw describeSearchError(err, searchConfig);
    })) as SearchDocument[];
    this.manifestCache = { at: Date.now(), docs };
    return docs;
  }
  private manifestCache: { at: number; docs: SearchDocument[] } | null = null;

  async listGuidelines(): Promise<GuidelineSummary[]> {
    return (await this.manifests()).map(manifestSummary).sort((a, b) => a.title.localeCompare(b.title));
  }

  /** Superseded editions with the edition that replaced them, from the statuses `azure push` wrote. */
  async supersessions(): Promise<Map<string, Supersession>> {
    const manifests = await this.manifests();
    const byId = new Map(manifests.map((m) => [m.doc_id, m]));
    const edition = (m: SearchDocument) => ({
      docId: m.doc_id,
      title: m.title,
      edition: m.version,
      published: m.year ? String(m.year) : null,
    });
    const out = new Map<string, Supersession>();
    for (const m of manifests) {
      const current = m.status === 'superseded' && m.superseded_by ? byId.get(m.superseded_by) : undefined;
      if (current) out.set(m.doc_id, { old: edition(m), current: edition(current) });
    }
    return out;
  }

  async check(): Promise<void> {
    const searchConfig = this.searchConfig;
    const count = await this.client.getDocumentsCount().catch((err: unknown) => {
      throw describeSearchError(err, searchConfig);
    });
    if (count === 0)
      throw new Error(`Azure AI Search index "${searchConfig.indexName}" is empty: run \`curbside azure push\``);
  }

  async close(): Promise<void> {
    // The SDK clients hold no resources that need closing.
  }
}

export function createAzureSearchRetriever(config: Config, deps: AzureRetrieverDeps = {}): Retriever {
  const search = requireSearchConfig(config);
  return new AzureSearchRetriever(
    config,
    createSearchClient(search, deps),
    createEmbedder(config, deps, QUERY_EMBEDDING),
    deps.groups ?? [],
  );
}
