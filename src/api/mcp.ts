// Curbside as an MCP server: three read-only tools over the same service the HTTP API uses. Transport-agnostic: the CLI
// connects it to stdio, src/api/http.ts to Streamable HTTP. Every tool result carries both text (for models that read
// content) and structuredContent matching the declared outputSchema (for clients that parse it).
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CitedAnswer } from '../answer/types.js';
import { log } from '../log.js';
import type { Caller } from './entra.js';
import { InvalidInputError, RateLimitedError, type ApiService } from './service.js';
import { ServiceUnavailableError } from '../ops/admission.js';
import {
  askInputShape,
  citedAnswerSchema,
  guidelineListSchema,
  searchInputShape,
  searchResultSchema,
  type GuidelineList,
  type SearchResult,
} from './schemas.js';

export const MCP_SERVER_NAME = 'curbside';
export const MCP_SERVER_VERSION = '0.1.0';

const INSTRUCTIONS = [
  'Curbside answers clinical case questions from clinical practice guidelines (VA/DoD CPGs, USPSTF, CDC, NHLBI) with numbered, checkable citations.',
  'Use answer_case_question for a clinical question about a patient or scenario: it returns a cited answer composed only from guideline text.',
  'Use search_guidelines to look up what the guidelines say on a topic, or to read more around a citation: it returns verbatim passages with title, version, section, page and strength.',
  'Use list_guidelines to see which guidelines (and versions) are available before filtering a search by guideline.',
  'All text you send is de-identified by the server before use; still, never include patient names, dates of birth, record numbers or contact details.',
  'When you relay an answer, keep its [n] citation markers with the matching sources and show urgent warnings first. Do not add clinical claims the citations do not support.',
].join('\n');

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

export interface McpContext {
  caller: Caller;
  door: 'mcp-stdio' | 'mcp-http';
}

export function createMcpServer(service: ApiService, context: McpContext): McpServer {
  const server = new McpServer(
    { name: MCP_SERVER_NAME, title: 'Curbside clinical guidelines', version: MCP_SERVER_VERSION },
    { instructions: INSTRUCTIONS, capabilities: { tools: {} } },
  );

  const call = async <R extends object>(
    action: string,
    signal: AbortSignal,
    run: (ctx: { caller: Caller; door: string; action: string; signal: AbortSignal }) => Promise<R>,
    render: (result: R) => string,
  ): Promise<CallToolResult> => {
    try {
      const result = await run({ caller: context.caller, door: context.door, action, signal });
      return {
        content: [{ type: 'text', text: render(result) }],
        structuredContent: result as Record<string, unknown>,
      };
    } catch (err) {
      return toolError(err);
    }
  };

  server.registerTool(
    'answer_case_question',
    {
      title: 'Answer a clinical case question from guidelines',
      description:
        'Answer a clinician\'s case question (e.g. "72F, CKD 3b, AF, on apixaban: how should I manage her BP?") from the indexed clinical ' +
        'practice guidelines. Returns a markdown answer with [n] citation markers, each citation giving guideline title, version, year, ' +
        'section, page, recommendation strength and a verbatim quote; plus how the case was read, urgency flags and follow-up questions. ' +
        'The question is de-identified first and never echoed back. Use search_guidelines instead when you only need source passages.',
      inputSchema: askInputShape,
      outputSchema: citedAnswerSchema,
      annotations: { title: 'Answer case question', ...READ_ONLY },
    },
    async (args, extra) => {
      // Progress notifications keep a client's request timeout alive while a model composes the answer.
      const progressToken = extra._meta?.progressToken;
      const sent: Promise<void>[] = [];
      const onStatus =
        progressToken === undefined
          ? undefined
          : (message: string) => {
              const params = { progressToken, progress: sent.length + 1, message };
              sent.push(extra.sendNotification({ method: 'notifications/progress', params }).catch(() => undefined));
            };
      const result = await call(
        'answer_case_question',
        extra.signal,
        (ctx) => service.ask({ ...ctx, onStatus }, args),
        renderAnswer,
      );
      // Over HTTP the response closes the request's stream: progress must be on the wire before it.
      await Promise.all(sent);
      return result;
    },
  );

  server.registerTool(
    'search_guidelines',
    {
      title: 'Search guideline passages',
      description:
        'Full-text search over the indexed clinical practice guidelines. Returns up to `top` verbatim passages, best first, each with ' +
        'guideline title, publisher, version, year, section, page, recommendation number and strength. Filter by guideline (title or ' +
        'file name substring, see list_guidelines), strength/grade, minimum publication year, or kind (numbered recommendations vs. ' +
        'narrative text). Use short keyword queries; the query is de-identified first.',
      inputSchema: searchInputShape,
      outputSchema: searchResultSchema,
      annotations: { title: 'Search guidelines', ...READ_ONLY },
    },
    async (args, extra) => call('search_guidelines', extra.signal, (ctx) => service.search(ctx, args), renderSearch),
  );

  server.registerTool(
    'list_guidelines',
    {
      title: 'List available guidelines',
      description:
        'List the clinical practice guidelines Curbside can answer from: title, publisher, version, year, file name and how many ' +
        'passages and numbered recommendations were indexed. Use it to check coverage and to pick a "guideline" filter for search_guidelines.',
      outputSchema: guidelineListSchema,
      annotations: { title: 'List guidelines', ...READ_ONLY },
    },
    async (extra) => call('list_guidelines', extra.signal, (ctx) => service.listGuidelines(ctx), renderGuidelines),
  );

  return server;
}

function toolError(err: unknown): CallToolResult {
  let text: string;
  if (err instanceof RateLimitedError)
    text = `Rate limited: too many calls. Retry after ${err.retryAfterSeconds} seconds.`;
  else if (err instanceof InvalidInputError) text = err.message;
  else if (err instanceof ServiceUnavailableError)
    text = `${err.message} (retry after ${err.retryAfterSeconds} seconds)`;
  else {
    log.error({ err: err instanceof Error ? err.name : 'unknown' }, 'mcp tool failed');
    text = 'Curbside could not complete this call (internal error). Try again; if it persists, tell the administrator.';
  }
  return { isError: true, content: [{ type: 'text', text }] };
}

function citeLine(parts: (string | number | null | undefined)[]): string {
  return parts.filter((p) => p !== null && p !== undefined && p !== '').join(', ');
}

export function renderAnswer(a: CitedAnswer): string {
  // The pipeline's markdown usually carries the urgent line and case summary itself; add them only when it does not.
  const lines: string[] = [];
  if (a.urgent && a.urgentMessage && !a.answer.includes(a.urgentMessage)) lines.push(`**${a.urgentMessage}**`, '');
  if (a.caseSummary && !a.answer.includes(a.caseSummary)) lines.push(`_${a.caseSummary}_`, '');
  lines.push(a.answer);
  if (a.citations.length > 0) {
    // What each [n] marker points at, with the verbatim quote, for clients that only read text.
    lines.push('', 'Citations:');
    for (const c of a.citations) {
      const where = citeLine([c.title, c.version ?? c.year, c.section, c.page !== null ? `p. ${c.page}` : null]);
      const rec = citeLine([c.recommendation ? `Recommendation ${c.recommendation}` : null, c.strength]);
      lines.push(`[${c.n}] ${where}${rec ? ` (${rec})` : ''}`, `    "${c.quote}"`);
    }
  }
  if (a.notes.length > 0) lines.push('', ...a.notes.map((n) => `Note: ${n}`));
  if (a.followUps.length > 0) lines.push('', 'Follow-up questions:', ...a.followUps.map((f) => `- ${f}`));
  lines.push(
    '',
    `(mode: ${a.mode}${a.model ? `; model ${a.model.reported ?? a.model.deployment}` : ''}; trace ${a.traceId})`,
  );
  return lines.join('\n');
}

export function renderSearch(r: SearchResult): string {
  if (r.results.length === 0)
    return `No guideline passage matched "${r.query}". Try fewer or broader keywords, or remove filters.`;
  const lines = [`${r.results.length} passages for "${r.query}":`];
  for (const h of r.results) {
    const where = citeLine([h.title, h.version ?? h.year, h.section, h.page !== null ? `p. ${h.page}` : null]);
    const rec = citeLine([h.recommendation ? `Recommendation ${h.recommendation}` : null, h.strength]);
    lines.push('', `[${h.rank}] ${where}${rec ? ` (${rec})` : ''} — id ${h.passageId}`, h.text);
  }
  return lines.join('\n');
}

export function renderGuidelines(g: GuidelineList): string {
  const lines = [`${g.count} guidelines indexed:`];
  for (const x of g.guidelines) {
    lines.push(
      `- ${citeLine([x.title, x.publisher, x.version ?? x.year])} [${x.source}]: ${x.passages} passages, ${x.recommendations} recommendations`,
    );
  }
  return lines.join('\n');
}
