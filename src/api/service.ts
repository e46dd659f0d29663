// What the HTTP API and the MCP tools do, once: rate-limit the caller, validate, de-identify, call the domain core, audit.
// The doors only translate their wire format to these calls and back (HTTP status codes, MCP tool results).
import type { z } from 'zod/v4';
import type { CitedAnswer } from '../answer/types.js';
import type { AnswerPipeline } from '../answer/pipeline.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { AuditStatus, AuditStore } from '../ops/audit.js';
import type { RateLimiter } from '../ops/rate-limit.js';
import { log } from '../log.js';
import type { Caller } from './entra.js';
import {
  askInputSchema,
  describeIssues,
  searchInputSchema,
  type GuidelineList,
  type SearchResult,
} from './schemas.js';

export interface CallContext {
  caller: Caller;
  /** "http", "mcp-stdio", "mcp-http". */
  door: string;
  /** Route or tool name, for the audit log. */
  action: string;
  signal?: AbortSignal;
  /** Short pipeline status lines ("Searching the guidelines…"), for doors that can show progress. Never user text. */
  onStatus?: (message: string) => void;
}

export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests: try again in ${retryAfterSeconds} s.`);
  }
}

export class InvalidInputError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

export interface ApiServiceDeps {
  retriever: Retriever;
  pipeline: AnswerPipeline;
  audit: AuditStore;
  limiter: RateLimiter;
}

export interface ApiService {
  ask(ctx: CallContext, input: unknown): Promise<CitedAnswer>;
  search(ctx: CallContext, input: unknown): Promise<SearchResult>;
  listGuidelines(ctx: CallContext): Promise<GuidelineList>;
  /** For refusals that happen at the door before a service call (authentication). */
  recordRejected(ctx: Omit<CallContext, 'caller'> & { caller: Caller | null }, status: AuditStatus, httpStatus: number): void;
}

interface Outcome {
  status: AuditStatus;
  sources?: string[];
  mode?: string | null;
  model?: string | null;
  redactions?: number;
  traceId?: string | null;
}

export function createApiService(deps: ApiServiceDeps): ApiService {
  const { retriever, pipeline, audit, limiter } = deps;

  const record = (ctx: CallContext, started: number, outcome: Outcome) => {
    const latencyMs = Date.now() - started;
    try {
      audit.record({
        door: ctx.door,
        action: ctx.action,
        caller: ctx.caller.id,
        tenant: ctx.caller.tenant,
        status: outcome.status,
        mode: outcome.mode ?? null,
        model: outcome.model ?? null,
        sources: outcome.sources ?? [],
        redactions: outcome.redactions ?? null,
        traceId: outcome.traceId ?? null,
        latencyMs,
      });
    } catch (err) {
      // A full disk must not silently turn into unaudited answers: fail the call.
      log.error({ err: err instanceof Error ? err.message : String(err), door: ctx.door }, 'audit write failed');
      throw new Error('The audit log could not be written; the request was not completed.');
    }
    log.info(
      { door: ctx.door, action: ctx.action, status: outcome.status, sources: outcome.sources?.length ?? 0, traceId: outcome.traceId, ms: latencyMs },
      'api call',
    );
  };

  /** Rate limit, validate, run, audit. `run` returns the result and what to audit about it. */
  async function guarded<I, R>(
    ctx: CallContext,
    schema: z.ZodType<I> | null,
    input: unknown,
    run: (parsed: I) => Promise<{ result: R; outcome: Outcome }>,
  ): Promise<R> {
    const started = Date.now();
    const decision = limiter.take(ctx.caller.rateKey);
    if (!decision.allowed) {
      record(ctx, started, { status: 'rate_limited' });
      throw new RateLimitedError(decision.retryAfterSeconds);
    }
    let parsed: I;
    if (schema) {
      const check = schema.safeParse(input);
      if (!check.success) {
        record(ctx, started, { status: 'invalid' });
        throw new InvalidInputError(describeIssues(check.error));
      }
      parsed = check.data;
    } else {
      parsed = input as I;
    }
    let done: { result: R; outcome: Outcome };
    try {
      done = await run(parsed);
    } catch (err) {
      record(ctx, started, { status: 'error' });
      throw err;
    }
    record(ctx, started, done.outcome);
    return done.result;
  }

  return {
    ask(ctx, input) {
      return guarded(ctx, askInputSchema, input, async ({ question, history, sets, includeSuperseded }) => {
        // The pipeline de-identifies the question and every history turn before anything else sees them.
        const onStatus = ctx.onStatus;
        const answer = await pipeline.answer({
          question,
          history,
          scope: { ...(sets ? { sets } : {}), ...(includeSuperseded ? { includeSuperseded } : {}) },
          signal: ctx.signal,
          onProgress: onStatus ? (event) => event.type === 'status' && onStatus(event.message) : undefined,
        });
        return {
          result: answer,
          outcome: {
            status: answer.refused ? 'refused' : 'ok',
            sources: answer.citations.map((c) => c.passageId),
            mode: answer.mode,
            model: answer.model ? (answer.model.reported ?? answer.model.deployment) : null,
            redactions: answer.redactions.reduce((sum, r) => sum + r.count, 0),
            traceId: answer.traceId,
          },
        };
      });
    },

    search(ctx, input) {
      return guarded(ctx, searchInputSchema, input, async ({ query, top, guideline, strength, minYear, kind, sets, includeSuperseded }) => {
        // The pipeline's de-identifier (local, plus the remote pass when configured): the query may leave for Azure AI Search.
        const clean = (await pipeline.deidentifier.deidentify([query], ctx.signal)).results[0]!;
        const redactions = clean.entities.length;
        const hits = await retriever.search(clean.text, { top, filters: { guideline, strength, minYear, kind, sets, includeSuperseded } });
        const results = hits.map((hit, i) => {
          const p = hit.passage;
          return {
            rank: i + 1,
            score: hit.score,
            passageId: p.id,
            docId: p.docId,
            title: p.title,
            publisher: p.publisher,
            version: p.version,
            year: p.year,
            source: p.source,
            page: p.page,
            section: p.section,
            recommendation: p.recommendation,
            strength: p.strength,
            kind: p.kind,
            text: p.text,
          };
        });
        return {
          result: { query: clean.text, redactions, results },
          outcome: { status: 'ok', sources: results.map((r) => r.passageId), redactions },
        };
      });
    },

    listGuidelines(ctx) {
      return guarded(ctx, null, undefined, async () => {
        const all = await retriever.listGuidelines();
        // `path` is a server file-system path: not for callers.
        const guidelines = all.map(({ docId, title, publisher, version, year, source, passages, recommendations }) => ({
          docId,
          title,
          publisher,
          version,
          year,
          source,
          passages,
          recommendations,
        }));
        return { result: { count: guidelines.length, guidelines }, outcome: { status: 'ok' } };
      });
    },

    recordRejected(ctx, status, httpStatus) {
      try {
        audit.record({
          door: ctx.door,
          action: ctx.action,
          caller: ctx.caller?.id ?? 'anonymous',
          tenant: ctx.caller?.tenant ?? null,
          status,
          httpStatus,
          latencyMs: 0,
        });
      } catch (err) {
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'audit write failed');
      }
    },
  };
}
