// The wire contract of the HTTP API and the MCP tools, written once in zod: it validates input (clear 400s / tool errors),
// becomes the MCP tools' input/output schemas, and is converted into the OpenAPI document. The type checks at the bottom
// keep it identical to the domain types in src/answer/types.ts.
import { z } from 'zod/v4';
import type { CitedAnswer } from '../answer/types.js';
import { VERDICTS, type ReviewItem } from '../review/review-item.js';

export const MAX_QUESTION_CHARS = 4000;
export const MAX_HISTORY_TURNS = 12;
export const MAX_QUERY_CHARS = 500;
export const MAX_TOP = 20;
export const DEFAULT_TOP = 8;

const nullableString = (description: string) => z.string().nullable().describe(description);
const nullableInt = (description: string) => z.number().int().nullable().describe(description);

// ---- input ----

export const conversationTurnSchema = z.object({
  role: z.enum(['user', 'assistant']).describe('Who said it.'),
  text: z.string().min(1).max(MAX_QUESTION_CHARS).describe('What was said; de-identified by the server before use.'),
});

/** The part of the library to draw on: a team's sets (plus "all"), and whether superseded editions count. */
const libraryScopeShape = {
  sets: z
    .array(z.string().trim().min(1).max(60))
    .max(20)
    .optional()
    .describe(
      'Only documents in these library sets (plus "all"), e.g. ["cardiology"], as a Teams team mapped to them sees. Omit for every set.',
    ),
  includeSuperseded: z
    .boolean()
    .optional()
    .describe('Also older editions that a newer edition of the same guideline superseded (left out by default).'),
};

export const askInputShape = {
  question: z
    .string()
    .trim()
    .min(3, 'question must have at least 3 characters')
    .max(MAX_QUESTION_CHARS, `question must have at most ${MAX_QUESTION_CHARS} characters`)
    .describe(
      'The clinical case question in plain language, e.g. "67M with T2DM and CKD, eGFR 38, on metformin: what should I add for glycaemic control?". ' +
        'Include age, sex, conditions, medications and key labs when they matter. Identifiers (names, dates, record numbers, ' +
        'phone numbers, addresses) are removed by the server before anything else sees the text, but do not add them.',
    ),
  history: z
    .array(conversationTurnSchema)
    .max(MAX_HISTORY_TURNS)
    .optional()
    .describe('Earlier turns of the same conversation, oldest first, for follow-up questions. Optional.'),
  ...libraryScopeShape,
};
export const askInputSchema = z.object(askInputShape);
export type AskInput = z.infer<typeof askInputSchema>;

const searchFilterShape = {
  guideline: z
    .string()
    .trim()
    .min(2)
    .max(200)
    .optional()
    .describe(
      'Only passages from guidelines whose title or file name contains this text, e.g. "diabetes", "USPSTF", "hypertension".',
    ),
  strength: z
    .string()
    .trim()
    .min(2)
    .max(60)
    .optional()
    .describe(
      'Only recommendations of exactly this strength or grade, e.g. "Strong for", "Weak against", "Grade A", "Grade B".',
    ),
  minYear: z.number().int().min(1900).max(2100).optional().describe('Only guidelines published in or after this year.'),
  kind: z
    .enum(['recommendation', 'text'])
    .optional()
    .describe('"recommendation" for numbered recommendations only, "text" for narrative/evidence text only.'),
  ...libraryScopeShape,
};

export const searchInputShape = {
  query: z
    .string()
    .trim()
    .min(2, 'query must have at least 2 characters')
    .max(MAX_QUERY_CHARS, `query must have at most ${MAX_QUERY_CHARS} characters`)
    .describe(
      'Keywords or a short question, e.g. "SGLT2 inhibitor CKD", "statin primary prevention age 40-75". De-identified by the server.',
    ),
  top: z
    .number()
    .int()
    .min(1)
    .max(MAX_TOP)
    .default(DEFAULT_TOP)
    .describe(`How many passages to return (1-${MAX_TOP}).`),
  ...searchFilterShape,
};
export const searchInputSchema = z.object(searchInputShape);
export type SearchInput = z.infer<typeof searchInputSchema>;

// ---- output ----

export const citationSchema = z.object({
  n: z.number().int().describe('The number used by the [n] marker in the answer text.'),
  passageId: z.string().describe('Stable id of the cited passage.'),
  title: z.string().describe('Guideline title.'),
  source: z.string().describe('File name of the guideline document.'),
  docId: z
    .string()
    .optional()
    .describe('Path of the document under its knowledge base: names the file uniquely; /guidelines/<docId> opens it.'),
  version: nullableString('Guideline version, e.g. "Version 6.0 – 2023".'),
  year: nullableInt('Publication year.'),
  page: nullableInt('PDF page a reader lands on (1-based); null for sources without pages.'),
  section: nullableString('Heading path inside the guideline, outermost first.'),
  recommendation: nullableString('Recommendation number as printed, when the passage is one.'),
  strength: nullableString('Strength of recommendation or grade, e.g. "Strong for", "Grade B".'),
  quote: z.string().describe('Verbatim text from the guideline supporting the statement.'),
});

export const caseFactsSchema = z.object({
  age: nullableInt('Age in years as read from the question ("90 or older" is 90 with ageOver89).'),
  ageOver89: z.boolean(),
  ageTo: z.number().int().optional().describe('Upper end when the question is about an age group ("9-11 yr olds").'),
  sex: z.enum(['male', 'female']).nullable(),
  pregnant: z.boolean().nullable(),
  conditions: z.array(z.string()),
  medications: z.array(z.string()),
  labs: z.record(z.string(), z.string()).describe('Labs and vitals by canonical name, e.g. {"eGFR": "38"}.'),
});

export const citedAnswerSchema = z.object({
  answer: z
    .string()
    .describe('Markdown answer with [n] citation markers. Show it with its citations; do not drop the markers.'),
  mode: z
    .enum(['model', 'extractive'])
    .describe('"model": composed by the language model; "extractive": quoted guideline passages only.'),
  urgent: z.boolean().describe('True when the case describes a possible emergency; show urgentMessage first.'),
  urgentMessage: z.string().nullable(),
  refused: z
    .boolean()
    .describe('True when the question was declined (out of scope or not answerable from the guidelines).'),
  case: caseFactsSchema,
  caseSummary: z.string().describe('One line saying how the case was read, so the clinician can correct it.'),
  redactions: z
    .array(z.object({ type: z.string(), count: z.number().int() }))
    .describe('Kinds and counts of identifiers removed from the question before use.'),
  citations: z.array(citationSchema),
  followUps: z.array(z.string()).describe('Up to 3 suggested follow-up questions.'),
  notes: z.array(z.string()).describe('Operational notes for the user.'),
  traceId: z.string().describe('Correlates logs, audit and feedback for this answer.'),
  deidentifiedQuestion: z
    .string()
    .describe(
      'The question after de-identification: keep this (never the original) as the history turn of a follow-up.',
    ),
  model: z
    .object({
      deployment: z.string().describe('The configured deployment.'),
      reported: z
        .string()
        .nullable()
        .describe('The model name and version the service reported, e.g. "gpt-4o-2024-11-20".'),
      route: z
        .enum(['deployment', 'v1'])
        .describe('How it was reached: the Azure OpenAI deployment route or the OpenAI/v1 route.'),
    })
    .optional()
    .describe('Which model replied this turn; absent when no model was asked.'),
});

export const searchHitSchema = z.object({
  rank: z.number().int().describe('1 for the best match.'),
  score: z.number().describe('Engine score, higher is better; comparable only within one result list.'),
  passageId: z.string(),
  docId: z.string(),
  title: z.string().describe('Guideline title.'),
  publisher: nullableString('Issuing body, e.g. "VA/DoD", "USPSTF".'),
  version: nullableString('Guideline version.'),
  year: nullableInt('Publication year.'),
  source: z.string().describe('File name of the guideline document.'),
  page: nullableInt('PDF page a reader lands on (1-based); null for sources without pages.'),
  section: nullableString('Heading path inside the guideline.'),
  recommendation: nullableString('Recommendation number as printed, when the passage is one.'),
  strength: nullableString('Strength of recommendation or grade.'),
  kind: z.enum(['recommendation', 'text']),
  text: z.string().describe('The passage text, verbatim.'),
});

export const searchResultSchema = z.object({
  query: z.string().describe('The query as searched, after de-identification.'),
  redactions: z.number().int().describe('How many identifiers were removed from the query.'),
  results: z.array(searchHitSchema),
});

export const guidelineSchema = z.object({
  docId: z.string(),
  title: z.string(),
  publisher: z.string().nullable(),
  version: z.string().nullable(),
  year: z.number().int().nullable(),
  source: z.string().describe('File name; use it (or a title word) as the "guideline" filter of a search.'),
  passages: z.number().int().describe('Indexed passages.'),
  recommendations: z.number().int().describe('Indexed numbered recommendations.'),
});

export const guidelineListSchema = z.object({
  count: z.number().int(),
  guidelines: z.array(guidelineSchema),
});

// ---- feedback and review (src/review) ----

export const feedbackInputSchema = z.object({
  traceId: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('The traceId of the answer the feedback is about (from POST /api/ask).'),
  rating: z.enum(['up', 'down']).describe('Thumbs up or down.'),
  comment: z
    .string()
    .max(4000)
    .optional()
    .describe('What was wrong or right; de-identified by the server before it is stored.'),
});

export const feedbackResultSchema = z.object({
  feedbackId: z.number().int(),
  traceId: z.string(),
  reviewId: z
    .string()
    .nullable()
    .describe('The review item this feedback made or updated (every thumbs-down; a sample of thumbs-up).'),
});

const verdictSchema = z.enum(VERDICTS).describe("The reviewer's verdict on the answer.");

export const labelInputSchema = z.object({
  verdict: verdictSchema,
  gold: z
    .string()
    .trim()
    .max(300)
    .optional()
    .describe(
      'The recommendation that should have been cited, as FILE#REC (e.g. "VADoDCOPDCPGFinal508.pdf#8"), or FILE.md for a summary.',
    ),
  note: z.string().max(2000).optional().describe('A note for the case file; de-identified before it is stored.'),
});

const reviewCitationSchema = z.object({
  n: z.number().int(),
  passageId: z.string(),
  source: z.string(),
  title: z.string(),
  page: z.number().int().nullable(),
  recommendation: z.string().nullable(),
  strength: z.string().nullable(),
  quote: z.string(),
});

const goldSchema = z.object({
  file: z.string(),
  recommendation: z.string().nullable(),
  strength: z.string().nullable().optional(),
  page: z.number().int().nullable().optional(),
  quote: z.string().nullable().optional(),
});

export const reviewItemSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  reason: z.enum(['thumbs-down', 'thumbs-up-sample', 'refusal-sample']),
  traceId: z.string(),
  door: z.string(),
  mode: z.string(),
  question: z.string().describe('De-identified.'),
  history: z.array(z.string()).describe('Earlier user messages, de-identified, oldest first.'),
  answer: z.string(),
  citations: z.array(reviewCitationSchema),
  refused: z.boolean(),
  urgent: z.boolean(),
  rating: z.enum(['up', 'down']).nullable(),
  comment: z.string().describe('De-identified.'),
  status: z.enum(['open', 'labelled']),
  label: z
    .object({ verdict: verdictSchema, gold: goldSchema.nullable(), note: z.string(), by: z.string(), at: z.string() })
    .nullable(),
});

export const reviewListSchema = z.object({ count: z.number().int(), items: z.array(reviewItemSchema) });

export const errorSchema = z.object({
  error: z.string().describe('Machine-readable code, e.g. "invalid_request", "rate_limited", "invalid_token".'),
  message: z.string().describe('What went wrong and how to fix the request.'),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type SearchResult = z.infer<typeof searchResultSchema>;
export type GuidelineList = z.infer<typeof guidelineListSchema>;
export type ApiError = z.infer<typeof errorSchema>;

// Compile-time guarantee that the wire schema and the domain type describe the same object.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const citedAnswerMatchesDomain: Same<z.infer<typeof citedAnswerSchema>, CitedAnswer> = true;
void citedAnswerMatchesDomain;
const reviewItemMatchesDomain: Same<z.infer<typeof reviewItemSchema>, ReviewItem> = true;
void reviewItemMatchesDomain;

/** Zod issues as `{path, message}` pairs for a 400 body or a tool error. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
}
