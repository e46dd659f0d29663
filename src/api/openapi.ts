// The OpenAPI 3.0 description of the HTTP API, generated from the same zod schemas that validate requests, so the document
// cannot drift from the code. 3.0 (not 3.1) because Microsoft 365 Copilot API plugins read 3.0 descriptions.
import { z } from 'zod/v4';
import {
  askInputSchema,
  citedAnswerSchema,
  errorSchema,
  feedbackInputSchema,
  feedbackResultSchema,
  guidelineListSchema,
  labelInputSchema,
  reviewItemSchema,
  reviewListSchema,
  searchInputShape,
  searchResultSchema,
} from './schemas.js';
import {
  addInputSchema,
  LIBRARY_UPLOAD,
  libraryAddResultSchema,
  libraryDiffSchema,
  libraryListSchema,
  retireInputSchema,
  setsInputSchema,
} from './library-routes.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiOptions {
  /** `servers[0].url`: the public base URL, or a placeholder such as `${{OPENAPI_SERVER_URL}}`. */
  serverUrl: string;
  /** "bearer": Entra ID access token; "oauth2": authorization-code flow against Entra (for Copilot plugins); "none": loopback dev. */
  auth: 'bearer' | 'oauth2' | 'none';
  /** For "oauth2": authorize/token endpoint tenant segment and the scope to request. */
  oauth2?: { tenant: string; scope: string };
  /** Also describe feedback and the reviewer routes (the served document; not the Copilot plugin's). */
  review?: { reviewerRole: string; adminRole: string };
  /** Describe the library administration routes (default true; the Copilot plugin's copy leaves them out). */
  admin?: boolean;
}

const SAFE_INT = Number.MAX_SAFE_INTEGER;

/** Draft-7 JSON Schema (as zod emits it) to the OpenAPI 3.0 schema dialect: `nullable` instead of a "null" type, no `const`. */
export function toOpenApiSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toOpenApiSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === 'propertyNames') continue;
    if (key === 'const') out.enum = [value];
    else if ((key === 'minimum' && value === -SAFE_INT) || (key === 'maximum' && value === SAFE_INT)) continue;
    else out[key] = toOpenApiSchema(value);
  }
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.some(isNullType)) {
    const rest = anyOf.filter((s) => !isNullType(s));
    delete out.anyOf;
    if (rest.length === 1 && rest[0] && typeof rest[0] === 'object' && !Array.isArray(rest[0]))
      Object.assign(out, rest[0]);
    else out.anyOf = rest;
    out.nullable = true;
    // OpenAPI 3.0.3: an enum must list null itself for null to be valid.
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

function isNullType(s: Json): boolean {
  return s !== null && typeof s === 'object' && !Array.isArray(s) && s.type === 'null';
}

function schema(zodSchema: z.ZodType, io: 'input' | 'output'): Json {
  return toOpenApiSchema(z.toJSONSchema(zodSchema, { target: 'draft-7', io }) as Json);
}

const errorResponses = (codes: number[]): JsonObject => {
  const text: Record<number, string> = {
    400: 'The request is invalid; `issues` says which field and why.',
    401: 'No valid Entra ID bearer token.',
    403: 'The caller is not allowed (tenant not allow-listed, or a non-local caller while authentication is not configured).',
    404: 'No such item (or it is older than the retention period).',
    413: 'The request body is too large.',
    409: 'The library is kept in the local index, and this server answers from Azure AI Search.',
    415: 'The request body is not JSON.',
    429: 'Too many requests from this caller; retry after the number of seconds in the Retry-After header.',
    500: 'Internal error.',
  };
  const out: JsonObject = {};
  for (const code of codes) {
    const response: JsonObject = {
      description: text[code] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    if (code === 429)
      response.headers = { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } };
    out[String(code)] = response;
  }
  return out;
};

const searchParameterNames: Record<string, keyof typeof searchInputShape> = {
  q: 'query',
  top: 'top',
  guideline: 'guideline',
  strength: 'strength',
  minYear: 'minYear',
  kind: 'kind',
  sets: 'sets',
  includeSuperseded: 'includeSuperseded',
};

export function buildOpenApiDocument(options: OpenApiOptions): JsonObject {
  const parameters: Json[] = Object.entries(searchParameterNames).map(([name, field]) => {
    const fieldSchema = schema(searchInputShape[field], 'input') as JsonObject;
    const { description = null, ...rest } = fieldSchema;
    return { name, in: 'query', required: name === 'q', description, schema: rest };
  });

  const securitySchemes: JsonObject = {};
  let security: Json[] = [];
  if (options.auth === 'bearer') {
    securitySchemes.entraId = {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'Microsoft Entra ID access token for this API.',
    };
    security = [{ entraId: [] }];
  } else if (options.auth === 'oauth2') {
    const { tenant, scope } = options.oauth2 ?? { tenant: 'organizations', scope: 'access_as_user' };
    securitySchemes.entraId = {
      type: 'oauth2',
      description: 'Microsoft Entra ID (authorization code flow).',
      flows: {
        authorizationCode: {
          authorizationUrl: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`,
          tokenUrl: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`,
          refreshUrl: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`,
          scopes: { [scope]: 'Ask Curbside questions and search guidelines as the signed-in user.' },
        },
      },
    };
    security = [{ entraId: [scope] }];
  }

  const adminNote = `Admin role only: the ${options.review?.adminRole ?? 'Curbside.Admin'} app role, or an object id in CURBSIDE_LIBRARY_ADMINS (a loopback caller when Entra ID is not configured). Changes are audited.`;
  const json = (ref: string): JsonObject => ({
    'application/json': { schema: { $ref: `#/components/schemas/${ref}` } },
  });
  const fields = schema(addInputSchema, 'input') as JsonObject;
  const uploadSchema: JsonObject = {
    ...fields,
    required: ['file'],
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description: `The document, at most ${LIBRARY_UPLOAD.maxBytes / 1024 / 1024} MB; its file name becomes the document id.`,
      },
      ...(fields.properties as JsonObject),
    },
  };
  const libraryPaths: JsonObject = {
    '/api/library': {
      get: {
        operationId: 'listLibrary',
        summary:
          'Library administration: every document with its family, edition, status and sets; the sets; team mappings',
        description: adminNote,
        responses: {
          '200': { description: 'The library.', content: json('LibraryList') },
          ...errorResponses([401, 403, 409, 500]),
        },
      },
    },
    '/api/library/documents': {
      post: {
        operationId: 'addDocument',
        summary:
          'Library administration: add a document (PDF, Markdown, text, Word .docx or HTML) with its sets, as `curbside library add`',
        description: `${adminNote} The file is kept in the library folder under its own name (its document id) and ingested; a newer edition of a family supersedes the older one. A file that cannot be read is a 400 and changes nothing.`,
        requestBody: { required: true, content: { 'multipart/form-data': { schema: uploadSchema } } },
        responses: {
          '201': {
            description: 'The document as added, and the editions it superseded.',
            content: json('LibraryAddResult'),
          },
          ...errorResponses([400, 401, 403, 409, 413, 500]),
          '415': {
            description: 'The request body is not multipart/form-data.',
            content: json('Error'),
          },
        },
      },
    },
    '/api/library/retire': {
      post: {
        operationId: 'retireDocument',
        summary: 'Library administration: retire a document (left out of answers and searches), or bring it back',
        description: adminNote,
        requestBody: { required: true, content: json('RetireRequest') },
        responses: {
          '200': { description: 'The document as it is now.', content: json('LibraryEntry') },
          ...errorResponses([400, 401, 403, 409, 415, 500]),
        },
      },
    },
    '/api/library/sets': {
      post: {
        operationId: 'setLibrarySets',
        summary: "Library administration: a document's sets, or the sets a Teams team, channel or user draws on",
        description: adminNote,
        requestBody: { required: true, content: json('SetsRequest') },
        responses: { '200': { description: 'What was set.' }, ...errorResponses([400, 401, 403, 409, 415, 500]) },
      },
    },
    '/api/library/diff': {
      get: {
        operationId: 'diffEditions',
        summary: 'Library administration: recommendations added, removed, re-graded or reworded between two editions',
        description: adminNote,
        parameters: [
          {
            name: 'family',
            in: 'query',
            required: true,
            description: 'The guideline family, or title words naming it.',
            schema: { type: 'string' },
          },
          {
            name: 'older',
            in: 'query',
            required: false,
            description: 'Document id of the older edition (default: the one the current edition replaced).',
            schema: { type: 'string' },
          },
          {
            name: 'newer',
            in: 'query',
            required: false,
            description: 'Document id of the newer edition (default: the current one).',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': { description: 'The changes.', content: json('LibraryDiff') },
          ...errorResponses([400, 401, 403, 409, 500]),
        },
      },
    },
  };

  return {
    openapi: '3.0.3',
    info: {
      title: 'Curbside API',
      version: '0.1.0',
      description:
        "Answers clinicians' case questions from clinical practice guidelines (VA/DoD, USPSTF, CDC, NHLBI) with numbered citations " +
        '(guideline, version, section, page, verbatim quote), and searches the guideline text. Input is de-identified by the server ' +
        'before use and never stored; calls are rate-limited per caller and audited without their text.',
    },
    servers: [{ url: options.serverUrl }],
    ...(security.length > 0 ? { security } : {}),
    paths: {
      '/api/ask': {
        post: {
          operationId: 'askCaseQuestion',
          summary: 'Answer a clinical case question with guideline citations',
          description:
            'Use for a clinical question about a patient or scenario. Returns a markdown answer with [n] markers; each citation gives ' +
            'the guideline title, version, section, page, strength and a verbatim quote. Show urgentMessage first when urgent is true.',
          requestBody: { required: true, content: json('AskRequest') },
          responses: {
            '200': { description: 'The cited answer.', content: json('CitedAnswer') },
            ...errorResponses([400, 401, 403, 413, 415, 429, 500]),
          },
        },
      },
      '/api/search': {
        get: {
          operationId: 'searchGuidelines',
          summary: 'Search guideline passages',
          description:
            'Full-text search over the guidelines. Returns verbatim passages, best first, with title, version, section, page and strength.',
          parameters,
          responses: {
            '200': { description: 'Matching passages.', content: json('SearchResult') },
            ...errorResponses([400, 401, 403, 429, 500]),
          },
        },
      },
      ...(options.review ? reviewPaths(options.review, json) : {}),
      '/api/guidelines': {
        get: {
          operationId: 'listGuidelines',
          summary: 'List the indexed guidelines',
          description:
            'Titles, publishers, versions, years and passage counts of the guidelines Curbside answers from.',
          responses: {
            '200': { description: 'The guidelines.', content: json('GuidelineList') },
            ...errorResponses([401, 403, 429, 500]),
          },
        },
      },
      ...(options.admin === false ? {} : libraryPaths),
    },
    components: {
      schemas: {
        ...(options.admin === false
          ? {}
          : {
              LibraryList: schema(libraryListSchema, 'output'),
              LibraryEntry: schema(libraryListSchema.shape.documents.element, 'output'),
              LibraryDiff: schema(libraryDiffSchema, 'output'),
              LibraryAddResult: schema(libraryAddResultSchema, 'output'),
              RetireRequest: schema(retireInputSchema, 'input'),
              SetsRequest: schema(setsInputSchema, 'input'),
            }),
        AskRequest: schema(askInputSchema, 'input'),
        CitedAnswer: schema(citedAnswerSchema, 'output'),
        SearchResult: schema(searchResultSchema, 'output'),
        GuidelineList: schema(guidelineListSchema, 'output'),
        Error: schema(errorSchema, 'output'),
        ...(options.review
          ? {
              FeedbackRequest: schema(feedbackInputSchema, 'input'),
              FeedbackResult: schema(feedbackResultSchema, 'output'),
              LabelRequest: schema(labelInputSchema, 'input'),
              ReviewItem: schema(reviewItemSchema, 'output'),
              ReviewList: schema(reviewListSchema, 'output'),
            }
          : {}),
      },
      ...(Object.keys(securitySchemes).length > 0 ? { securitySchemes } : {}),
    },
  };
}

/** Feedback (any caller of /api/ask) and the review queue (Entra app role `reviewerRole`; any loopback caller in local mode). */
function reviewPaths(
  roles: { reviewerRole: string; adminRole: string },
  json: (ref: string) => JsonObject,
): JsonObject {
  const reviewer = `Needs the Entra app role "${roles.reviewerRole}" on the token (403 without it).`;
  const idParameter = {
    name: 'id',
    in: 'path',
    required: true,
    description: 'The review item id.',
    schema: { type: 'string' },
  };
  return {
    '/api/feedback': {
      post: {
        operationId: 'giveFeedback',
        summary: 'Thumbs up or down on an answer, by its traceId',
        description:
          'Ties the rating to exactly that answer (only the caller who asked can rate it). Every thumbs-down goes to review.',
        requestBody: { required: true, content: json('FeedbackRequest') },
        responses: {
          '200': { description: 'Stored.', content: json('FeedbackResult') },
          ...errorResponses([400, 401, 403, 404, 413, 415, 429, 500]),
        },
      },
    },
    '/api/reviews': {
      get: {
        operationId: 'listReviews',
        summary: 'The review queue, newest first',
        description: reviewer,
        parameters: [
          { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['open', 'labelled'] } },
        ],
        responses: {
          '200': { description: 'Review items.', content: json('ReviewList') },
          ...errorResponses([400, 401, 403, 429, 500]),
        },
      },
    },
    '/api/reviews/{id}': {
      get: {
        operationId: 'getReview',
        summary: 'One review item',
        description: reviewer,
        parameters: [idParameter],
        responses: {
          '200': { description: 'The item.', content: json('ReviewItem') },
          ...errorResponses([401, 403, 404, 429, 500]),
        },
      },
    },
    '/api/reviews/{id}/label': {
      post: {
        operationId: 'labelReview',
        summary: 'Record a verdict (and the right recommendation) for a review item',
        description: `${reviewer} Who labelled, what and when goes to the audit log.`,
        parameters: [idParameter],
        requestBody: { required: true, content: json('LabelRequest') },
        responses: {
          '200': { description: 'The labelled item.', content: json('ReviewItem') },
          ...errorResponses([400, 401, 403, 404, 413, 415, 429, 500]),
        },
      },
    },
    '/api/reviews/export': {
      get: {
        operationId: 'exportReviewCases',
        summary: 'Labelled items as JSONL eval cases (the schema of cases-dev), for `curbside eval answers --cases`',
        description: reviewer,
        responses: {
          '200': {
            description: 'One case per line.',
            content: { 'application/x-ndjson': { schema: { type: 'string' } } },
          },
          ...errorResponses([401, 403, 429, 500]),
        },
      },
    },
    '/admin/quality': {
      get: {
        operationId: 'qualityReport',
        summary: 'The quality report as an HTML page (charts), or JSON with ?format=json',
        description: `Needs the Entra app role "${roles.adminRole}" on the token (403 without it). Query: since (e.g. 30d).`,
        parameters: [
          { name: 'since', in: 'query', required: false, schema: { type: 'string', example: '30d' } },
          { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['html', 'json'] } },
        ],
        responses: {
          '200': {
            description: 'The report.',
            content: {
              'text/html': { schema: { type: 'string' } },
              'application/json': { schema: { type: 'object' } },
            },
          },
          ...errorResponses([400, 401, 403, 429, 500]),
        },
      },
    },
  };
}
