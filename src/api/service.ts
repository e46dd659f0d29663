// What the HTTP API and the MCP tools do, once: rate-limit the caller, validate, de-identify, call the domain core, audit.
// The doors only translate their wire format to these calls and back (HTTP status codes, MCP tool results).
import type { z } from 'zod/v4';
import type { CitedAnswer } from '../answer/types.js';
import type { AnswerPipeline } from '../answer/pipeline.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { AuditStatus, AuditStore } from '../ops/audit.js';
import type { RateLimiter } from '../ops/rate-limit.js';
import { log } from '../log.js';
import crypto from 'node:crypto';
import { hasRole, type Caller } from './entra.js';
import { answerRecordOf, parseGold, type ReviewItem } from '../review/review-item.js';
import { exportCases, resolveGold } from '../review/review-cases.js';
import { collectQualityReport, parseSince, type QualityReport } from '../review/quality-report.js';
import { ReviewNotFoundError, type ReviewQueue } from '../review/review-queue.js';
import {
  askInputSchema,
  describeIssues,
  feedbackInputSchema,
  labelInputSchema,
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

export class NotFoundError extends Error {}

/** The caller lacks the app role a route needs. */
export class ForbiddenError extends Error {}

export interface ApiServiceDeps {
  retriever: Retriever;
  pipeline: AnswerPipeline;
  audit: AuditStore;
  limiter: RateLimiter;
  /** Records answers for feedback and keeps the review queue; without it feedback and reviews are not offered. */
  review?: ReviewQueue;
  /** App role names for the review routes (config.review). */
  roles?: { reviewerRole: string; adminRole: string };
}

/** An API caller's answers are theirs to rate: the opaque key their answer records carry (a hash, never the oid itself). */
export function callerKey(caller: Caller): string {
  return crypto
    .createHash('sha256')
    .update(`api:${caller.tenant ?? ''}/${caller.id}`)
    .digest('hex')
    .slice(0, 16);
}

export interface ApiService {
  ask(ctx: CallContext, input: unknown): Promise<CitedAnswer>;
  search(ctx: CallContext, input: unknown): Promise<SearchResult>;
  listGuidelines(ctx: CallContext): Promise<GuidelineList>;
  feedback(ctx: CallContext, input: unknown): Promise<{ feedbackId: number; traceId: string; reviewId: string | null }>;
  listReviews(ctx: CallContext, status: string | undefined): Promise<{ count: number; items: ReviewItem[] }>;
  getReview(ctx: CallContext, id: string): Promise<ReviewItem>;
  labelReview(ctx: CallContext, id: string, input: unknown): Promise<ReviewItem>;
  /** Labelled items as JSONL eval cases. */
  exportReviews(ctx: CallContext): Promise<{ jsonl: string; cases: number; skipped: number }>;
  /** The quality report over the last `sinceMs` (admin role). */
  qualityReport(ctx: CallContext, since: string | undefined): Promise<QualityReport>;
  /** For refusals that happen at the door before a service call (authentication). */
  recordRejected(
    ctx: Omit<CallContext, 'caller'> & { caller: Caller | null },
    status: AuditStatus,
    httpStatus: number,
  ): Promise<void>;
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
  const { retriever, pipeline, audit, limiter, review } = deps;
  const roles = deps.roles ?? { reviewerRole: 'Curbside.Reviewer', adminRole: 'Curbside.Admin' };

  const queue = (): ReviewQueue => {
    if (!review) throw new NotFoundError('Feedback and reviews are not enabled on this server.');
    return review;
  };
  const requireRole = (ctx: CallContext, role: string) => {
    if (!hasRole(ctx.caller, role))
      throw new ForbiddenError(`This needs the app role "${role}"; ask an administrator to assign it to you.`);
  };

  const record = async (ctx: CallContext, started: number, outcome: Outcome) => {
    const latencyMs = Date.now() - started;
    try {
      await audit.record({
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
      throw new Error('The audit log could not be written; the request was not completed.', { cause: err });
    }
    log.info(
      {
        door: ctx.door,
        action: ctx.action,
        status: outcome.status,
        sources: outcome.sources?.length ?? 0,
        traceId: outcome.traceId,
        ms: latencyMs,
      },
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
      await record(ctx, started, { status: 'rate_limited' });
      throw new RateLimitedError(decision.retryAfterSeconds);
    }
    let parsed: I;
    if (schema) {
      const check = schema.safeParse(input);
      if (!check.success) {
        await record(ctx, started, { status: 'invalid' });
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
      await record(ctx, started, {
        status:
          err instanceof ForbiddenError
            ? 'forbidden'
            : err instanceof NotFoundError || err instanceof InvalidInputError
              ? 'invalid'
              : 'error',
      });
      throw err;
    }
    await record(ctx, started, done.outcome);
    return done.result;
  }

  return {
    ask(ctx, input) {
      return guarded(ctx, askInputSchema, input, async ({ question, history, sets, includeSuperseded }) => {
        // The pipeline de-identifies the question and every history turn before anything else sees them.
        const onStatus = ctx.onStatus;
        const started = Date.now();
        const answer = await pipeline.answer({
          question,
          history,
          scope: { ...(sets ? { sets } : {}), ...(includeSuperseded ? { includeSuperseded } : {}) },
          signal: ctx.signal,
          onProgress: onStatus ? (event) => event.type === 'status' && onStatus(event.message) : undefined,
        });
        if (review) {
          // For feedback by trace id (POST /api/feedback) and the review queue; a failure here costs the feedback, not the answer.
          const record = answerRecordOf(answer, {
            door: ctx.door,
            messageId: answer.traceId,
            conversationKey: callerKey(ctx.caller),
            history: history ?? [],
            latencyMs: Date.now() - started,
          });
          await review
            .answered(record)
            .catch((err: unknown) =>
              log.warn(
                { traceId: answer.traceId, err: (err as Error)?.message },
                'could not record answer for feedback',
              ),
            );
        }
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
      return guarded(
        ctx,
        searchInputSchema,
        input,
        async ({ query, top, guideline, strength, minYear, kind, sets, includeSuperseded }) => {
          // The pipeline's de-identifier (local, plus the remote pass when configured): the query may leave for Azure AI Search.
          const clean = (await pipeline.deidentifier.deidentify([query], ctx.signal)).results[0]!;
          const redactions = clean.entities.length;
          const hits = await retriever.search(clean.text, {
            top,
            filters: { guideline, strength, minYear, kind, sets, includeSuperseded },
          });
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
        },
      );
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

    feedback(ctx, input) {
      return guarded(ctx, feedbackInputSchema, input, async ({ traceId, rating, comment }) => {
        const answer = await queue().feedback.findAnswer({ traceId });
        // Only the caller who asked rates an answer; someone else's trace id looks like an unknown one.
        if (!answer || answer.conversationKey !== callerKey(ctx.caller))
          throw new NotFoundError(
            `No answer with traceId "${traceId}" was given to you (or it is older than the retention period).`,
          );
        const done = await queue().feedbackGiven({
          traceId,
          reaction: rating === 'down' ? 'dislike' : 'like',
          comment: comment ?? '',
        });
        return {
          result: { feedbackId: done.feedback.id, traceId, reviewId: done.review?.id ?? null },
          outcome: { status: 'ok', traceId },
        };
      });
    },

    listReviews(ctx, status) {
      return guarded(ctx, null, undefined, async () => {
        requireRole(ctx, roles.reviewerRole);
        if (status !== undefined && status !== 'open' && status !== 'labelled')
          throw new InvalidInputError([{ path: 'status', message: 'status is open or labelled' }]);
        const items = await queue().list({ status });
        return { result: { count: items.length, items }, outcome: { status: 'ok' } };
      });
    },

    getReview(ctx, id) {
      return guarded(ctx, null, undefined, async () => {
        requireRole(ctx, roles.reviewerRole);
        const item = await queue().get(id);
        if (!item) throw new NotFoundError(`No review item "${id}".`);
        return { result: item, outcome: { status: 'ok', traceId: item.traceId } };
      });
    },

    labelReview(ctx, id, input) {
      return guarded(ctx, labelInputSchema, input, async ({ verdict, gold, note }) => {
        requireRole(ctx, roles.reviewerRole);
        let resolved = null;
        if (gold !== undefined) {
          const parsed = parseGold(gold);
          resolved = parsed ? await resolveGold(retriever, parsed) : null;
          if (!resolved)
            throw new InvalidInputError([
              {
                path: 'gold',
                message: `"${gold}" is not a recommendation in the index (FILE#REC, e.g. VADoDCOPDCPGFinal508.pdf#8)`,
              },
            ]);
        }
        try {
          const item = await queue().label(
            id,
            { verdict, gold: resolved, note },
            { by: ctx.caller.id, tenant: ctx.caller.tenant, door: ctx.door, audit },
          );
          return { result: item, outcome: { status: 'ok', traceId: item.traceId } };
        } catch (err) {
          if (err instanceof ReviewNotFoundError) throw new NotFoundError(err.message);
          throw err;
        }
      });
    },

    exportReviews(ctx) {
      return guarded(ctx, null, undefined, async () => {
        requireRole(ctx, roles.reviewerRole);
        const { cases, skipped } = await exportCases(queue());
        const jsonl = cases.map((c) => JSON.stringify(c)).join('\n') + (cases.length ? '\n' : '');
        return { result: { jsonl, cases: cases.length, skipped: skipped.length }, outcome: { status: 'ok' } };
      });
    },

    qualityReport(ctx, since) {
      return guarded(ctx, null, undefined, async () => {
        requireRole(ctx, roles.adminRole);
        const sinceMs = parseSince(since ?? '30d');
        if (sinceMs === null)
          throw new InvalidInputError([
            { path: 'since', message: 'since is a number of hours, days or weeks, e.g. 24h, 30d, 2w' },
          ]);
        return { result: await collectQualityReport(queue(), sinceMs), outcome: { status: 'ok' } };
      });
    },

    async recordRejected(ctx, status, httpStatus) {
      try {
        await audit.record({
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
