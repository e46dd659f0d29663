// What stands between an authenticated Bot Framework activity and the bot: the tenant allow-list, per-user and
// per-conversation rate limits, one trace id per turn, an audit record per turn (ids, sources, mode, latency; never text),
// and a count of turns in flight so a shutdown can let them finish. Door-specific only in that it reads activity fields.
import type { TurnContext } from 'botbuilder';
import type { BotConfig } from '../config.js';
import { log } from '../log.js';
import type { AuditStatus, AuditStore } from './audit.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { runInTurn } from './turn-context.js';

export const TENANT_REFUSAL =
  'Sorry: this Curbside deployment serves its own organisation only, and your organisation is not on its list. Ask your Teams administrator which clinical decision support tools are available to you.';

export function rateLimitReply(retryAfterSeconds: number): string {
  return `You are sending questions faster than I can answer them well. Please wait about ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'} and ask again; nothing was lost.`;
}

export interface BotGuard {
  /** Runs one turn through the checks; `next` (the bot) runs only when they pass. */
  run(context: TurnContext, next: () => Promise<unknown>): Promise<void>;
  /**
   * Counts a request as in flight until `fn` settles. The door wraps the whole HTTP exchange in it, not just the turn: with
   * expectReplies the replies are written after the turn returns, and a shutdown must not cut them off.
   */
  track<T>(fn: () => Promise<T>): Promise<T>;
  /** Requests being served right now. */
  readonly inFlight: number;
  /** Resolves true once no turn is in flight, or false when `timeoutMs` passes first. */
  drain(timeoutMs: number): Promise<boolean>;
}

export interface BotGuardOptions {
  audit: AuditStore;
  /** Replace the limiters (tests of refill use an injected clock). */
  userLimiter?: RateLimiter;
  conversationLimiter?: RateLimiter;
}

/** The caller's tenant as Teams sends it (channelData.tenant.id), else the conversation's. */
export function activityTenant(context: TurnContext): string | null {
  const a = context.activity;
  const fromChannel = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  if (typeof fromChannel === 'string' && fromChannel) return fromChannel;
  const fromConversation = (a.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  return typeof fromConversation === 'string' && fromConversation ? fromConversation : null;
}

function auditAction(context: TurnContext): string {
  const a = context.activity;
  return a.type === 'invoke' ? `invoke ${a.name ?? ''}`.trim() : a.type;
}

export function createBotGuard(config: BotConfig, options: BotGuardOptions): BotGuard {
  const allowed = new Set(config.allowedTenants.map((t) => t.toLowerCase()));
  const users =
    options.userLimiter ??
    createRateLimiter({ perMinute: config.rateLimit.userPerMinute, burst: config.rateLimit.userBurst });
  const conversations =
    options.conversationLimiter ??
    createRateLimiter({ perMinute: config.rateLimit.conversationPerMinute, burst: config.rateLimit.conversationBurst });
  let inFlight = 0;
  let idle: (() => void)[] = [];

  const record = async (
    context: TurnContext,
    traceId: string,
    started: number,
    status: AuditStatus,
    answer: { mode: string; model?: string | null; sources: string[]; redactions: number } | null,
  ) => {
    try {
      await options.audit.record({
        door: 'teams',
        action: auditAction(context),
        caller: context.activity.from?.aadObjectId ?? 'anonymous',
        tenant: activityTenant(context),
        status,
        mode: answer?.mode ?? null,
        model: answer?.model ?? null,
        sources: answer?.sources ?? [],
        redactions: answer?.redactions ?? null,
        traceId,
        latencyMs: Date.now() - started,
      });
    } catch (err) {
      // An audit write that fails must be visible to operators, and must not cost the clinician the answer.
      log.error({ err: (err as Error)?.message }, 'audit record failed');
    }
  };

  async function guarded(context: TurnContext, next: () => Promise<unknown>): Promise<void> {
    await runInTurn(async (scope) => {
      const started = Date.now();
      const a = context.activity;
      const isMessage = a.type === 'message';
      const tenant = activityTenant(context);
      if (allowed.size > 0 && !(tenant && allowed.has(tenant.toLowerCase()))) {
        log.warn({ activity: a.type, tenantKnown: tenant !== null }, 'tenant not allowed');
        await record(context, scope.traceId, started, 'forbidden', null);
        if (isMessage) await context.sendActivity(TENANT_REFUSAL);
        else if (a.type === 'invoke')
          await context.sendActivity({
            type: 'invokeResponse',
            value: { status: 403, body: { error: 'tenant_not_allowed' } },
          });
        return;
      }
      if (isMessage) {
        const user = users.take(a.from?.aadObjectId ?? a.from?.id ?? 'unknown');
        const conversation = user.allowed ? conversations.take(a.conversation?.id ?? 'unknown') : user;
        if (!conversation.allowed) {
          log.warn(
            { scope: user.allowed ? 'conversation' : 'user', retryAfterSeconds: conversation.retryAfterSeconds },
            'turn rate-limited',
          );
          await record(context, scope.traceId, started, 'rate_limited', null);
          await context.sendActivity(rateLimitReply(conversation.retryAfterSeconds));
          return;
        }
      }
      try {
        await next();
      } catch (err) {
        await record(context, scope.traceId, started, 'error', scope.answer);
        throw err;
      }
      // Only message turns and invokes are worth an audit row; typing, conversation updates and the like are not calls.
      if (isMessage || a.type === 'invoke')
        await record(context, scope.traceId, started, scope.answer?.refused ? 'refused' : 'ok', scope.answer);
    });
  }

  return {
    run: guarded,
    async track(fn) {
      inFlight++;
      try {
        return await fn();
      } finally {
        inFlight--;
        if (inFlight === 0) for (const wake of idle.splice(0)) wake();
      }
    },
    get inFlight() {
      return inFlight;
    },
    drain(timeoutMs) {
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          idle = idle.filter((w) => w !== wake);
          resolve(false);
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        idle.push(wake);
      });
    },
  };
}
