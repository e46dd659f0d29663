// The Azure AI Search index that mirrors the local passage index: one document per passage (same ids, same citation
// metadata) plus one small "guideline" manifest document per source file, which keeps the file's sha256 in the index
// itself so `curbside azure push` can skip unchanged files from any machine, and which lists the guidelines cheaply.
import type { SearchField, SearchIndex } from '@azure/search-documents';
import type { AzureSearchConfig } from '../config.js';
import type { GuidelineMeta, GuidelineSummary, Passage, PassageKind } from '../knowledge/passage.js';
import type { LibraryStatus } from '../retrieval/library.js';

export const VECTOR_FIELD = 'content_vector';
export const VECTOR_PROFILE = 'curbside-vector-profile';
export const VECTOR_ALGORITHM = 'curbside-hnsw';
/** Kind of the per-file manifest documents; every passage query excludes it. */
export const MANIFEST_KIND = 'guideline';
export const PASSAGE_KINDS_FILTER = `kind ne '${MANIFEST_KIND}'`;

export interface SearchDocument {
  /** Index key: base64url of the passage id (keys allow only letters, digits, '_', '-', '='). */
  id: string;
  chunk_id: string;
  doc_id: string;
  kind: PassageKind | typeof MANIFEST_KIND;
  title: string;
  publisher: string | null;
  version: string | null;
  year: number | null;
  source: string;
  page: number | null;
  section: string | null;
  recommendation: string | null;
  strength: string | null;
  content: string;
  content_vector?: number[] | null;
  /** Teams/Entra groups allowed to see this guideline; empty = everyone. */
  groups: string[];
  /**
   * Library status of the guideline (src/retrieval/library.ts): superseded editions are left out of answers unless asked
   * for, retired ones always. Null in documents pushed before the field existed: counted as current.
   */
  status?: LibraryStatus | null;
  /** On a superseded guideline's manifest: the document id of the edition that replaced it. */
  superseded_by?: string | null;
  /** sha256 of the source file the passage came from. */
  file_sha: string;
  passage_count: number | null;
  recommendation_count: number | null;
}

/** Fields a query returns (the vector is never read back). */
export const RETRIEVABLE_FIELDS = [
  'id',
  'chunk_id',
  'doc_id',
  'kind',
  'title',
  'publisher',
  'version',
  'year',
  'source',
  'page',
  'section',
  'recommendation',
  'strength',
  'content',
  'groups',
  'status',
  'superseded_by',
  'file_sha',
  'passage_count',
  'recommendation_count',
] as const satisfies readonly (keyof SearchDocument)[];

export function documentKey(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function manifestKey(docId: string): string {
  return `g_${documentKey(docId)}`;
}

export function buildIndexDefinition(search: AzureSearchConfig, dimensions: number): SearchIndex {
  const text = (name: string, extra: Partial<SearchField> = {}): SearchField =>
    ({
      name,
      type: 'Edm.String',
      searchable: false,
      filterable: true,
      facetable: false,
      sortable: false,
      ...extra,
    }) as SearchField;
  const int = (name: string, extra: Partial<SearchField> = {}): SearchField =>
    ({ name, type: 'Edm.Int32', filterable: true, facetable: false, sortable: false, ...extra }) as SearchField;
  const english = { searchable: true, analyzerName: 'en.microsoft' } as Partial<SearchField>;
  const fields: SearchField[] = [
    text('id', { key: true, sortable: true }),
    text('chunk_id'),
    text('doc_id', { facetable: true }),
    text('kind', { facetable: true }),
    text('title', { ...english, facetable: true, sortable: true }),
    text('publisher', { ...english, facetable: true }),
    text('version'),
    int('year', { facetable: true, sortable: true }),
    text('source', { facetable: true }),
    int('page'),
    text('section', { ...english, filterable: false }),
    text('recommendation'),
    // Searchable so the semantic ranker may read it as a keyword field (SEMANTIC_FIELDS); the keyword analyzer keeps the
    // label one token, so "Strong for" adds nothing to BM25 for ordinary words such as "for".
    text('strength', { facetable: true, searchable: true, analyzerName: 'keyword' } as Partial<SearchField>),
    text('content', { ...english, filterable: false }),
    {
      name: VECTOR_FIELD,
      type: 'Collection(Edm.Single)',
      searchable: true,
      hidden: true,
      vectorSearchDimensions: dimensions,
      vectorSearchProfileName: VECTOR_PROFILE,
    },
    { name: 'groups', type: 'Collection(Edm.String)', filterable: true, facetable: true },
    text('status', { facetable: true }),
    text('superseded_by', { filterable: false }),
    text('file_sha'),
    int('passage_count', { filterable: false }),
    int('recommendation_count', { filterable: false }),
  ];
  const index: SearchIndex = {
    name: search.indexName,
    fields,
    vectorSearch: {
      algorithms: [
        {
          name: VECTOR_ALGORITHM,
          kind: 'hnsw',
          parameters: { metric: 'cosine', m: 4, efConstruction: 400, efSearch: 500 },
        },
      ],
      profiles: [{ name: VECTOR_PROFILE, algorithmConfigurationName: VECTOR_ALGORITHM }],
    },
  };
  if (search.semanticConfiguration) {
    index.semanticSearch = {
      defaultConfigurationName: search.semanticConfiguration,
      configurations: [
        {
          name: search.semanticConfiguration,
          prioritizedFields: {
            titleField: { name: semanticField(fields, SEMANTIC_FIELDS.title) },
            contentFields: SEMANTIC_FIELDS.content.map((n) => ({ name: semanticField(fields, n) })),
            keywordsFields: SEMANTIC_FIELDS.keywords.map((n) => ({ name: semanticField(fields, n) })),
          },
        },
      ],
    };
  }
  return index;
}

/** Fields the semantic ranker reads. The service requires each to be a searchable, retrievable string (else 400 on PUT). */
export const SEMANTIC_FIELDS = { title: 'title', content: ['content'], keywords: ['section', 'strength'] } as const;

/** Why a field may not be used by a semantic configuration, or null when it may (the service's rule). */
export function semanticFieldProblem(
  field: (Pick<SearchField, 'name' | 'type'> & { searchable?: boolean; hidden?: boolean }) | undefined,
  name: string,
): string | null {
  if (!field) return `field '${name}' does not exist`;
  if (field.type !== 'Edm.String' && field.type !== 'Collection(Edm.String)')
    return `field '${name}' is ${field.type}, not a string`;
  if (!field.searchable) return `field '${name}' is not searchable`;
  if (field.hidden) return `field '${name}' is not retrievable`;
  return null;
}

/** Valid by construction: building the definition fails here, not at the service, if a semantic field breaks the rule. */
function semanticField(fields: SearchField[], name: string): string {
  const problem = semanticFieldProblem(fields.find((f) => f.name === name) as never, name);
  if (problem)
    throw new Error(`Semantic configuration: ${problem}; semantic fields must be searchable, retrievable strings.`);
  return name;
}

/** Where a guideline stands in the library, as pushed with each of its documents. */
export interface PushedStatus {
  status: LibraryStatus;
  supersededBy: string | null;
}

export function passageDocument(
  passage: Passage,
  fileSha: string,
  groups: string[],
  vector: number[] | null,
  library: PushedStatus = { status: 'current', supersededBy: null },
): SearchDocument {
  return {
    id: documentKey(passage.id),
    chunk_id: passage.id,
    doc_id: passage.docId,
    kind: passage.kind,
    title: passage.title,
    publisher: passage.publisher,
    version: passage.version,
    year: passage.year,
    source: passage.source,
    page: passage.page,
    section: passage.section,
    recommendation: passage.recommendation,
    strength: passage.strength,
    content: passage.text,
    ...(vector ? { content_vector: vector } : {}),
    groups,
    status: library.status,
    file_sha: fileSha,
    passage_count: null,
    recommendation_count: null,
  };
}

export function manifestDocument(
  docId: string,
  meta: GuidelineMeta,
  fileSha: string,
  groups: string[],
  passages: Passage[],
  library: PushedStatus = { status: 'current', supersededBy: null },
): SearchDocument {
  return {
    id: manifestKey(docId),
    chunk_id: '',
    doc_id: docId,
    kind: MANIFEST_KIND,
    title: meta.title,
    publisher: meta.publisher,
    version: meta.version,
    year: meta.year,
    source: meta.source,
    page: null,
    section: null,
    recommendation: null,
    strength: null,
    content: '',
    groups,
    status: library.status,
    superseded_by: library.supersededBy,
    file_sha: fileSha,
    passage_count: passages.length,
    recommendation_count: passages.filter((p) => p.kind === 'recommendation').length,
  };
}

export function documentPassage(doc: SearchDocument): Passage {
  return {
    id: doc.chunk_id,
    docId: doc.doc_id,
    title: doc.title,
    publisher: doc.publisher ?? null,
    version: doc.version ?? null,
    year: doc.year ?? null,
    source: doc.source,
    page: doc.page ?? null,
    section: doc.section ?? null,
    recommendation: doc.recommendation ?? null,
    strength: doc.strength ?? null,
    kind: doc.kind === 'recommendation' ? 'recommendation' : 'text',
    text: doc.content,
  };
}

export function manifestSummary(doc: SearchDocument): GuidelineSummary {
  return {
    docId: doc.doc_id,
    title: doc.title,
    publisher: doc.publisher ?? null,
    version: doc.version ?? null,
    year: doc.year ?? null,
    source: doc.source,
    passages: doc.passage_count ?? 0,
    recommendations: doc.recommendation_count ?? 0,
    // The file lives on the machine that pushed it, not next to the service.
    path: null,
  };
}
