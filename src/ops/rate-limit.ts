// Per-caller token buckets, door-agnostic: the HTTP API, MCP and the bot key them by whoever is calling
// (Entra oid, or the remote address for local callers). In-memory, so limits are per process.

export interface RateLimitOptions {
  /** Sustained rate: tokens added per minute. */
  perMinute: number;
  /** Bucket size: how many calls may come back to back after a quiet spell. */
  burst: number;
  /** Buckets untouched this long (and therefore full) are dropped, so memory stays bounded. Default 10 minutes. */
  idleMs?: number;
  /** Clock, injectable so refill behaviour can be tested without waiting. */
  now?: () => number;
}

export interface RateDecision {
  allowed: boolean;
  /** Tokens left after this call (0 when refused). */
  remaining: number;
  /** Whole seconds until the call would be allowed; 0 when allowed. Suitable for a Retry-After header. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  readonly options: Readonly<Required<Omit<RateLimitOptions, 'now'>>>;
  /** Takes `cost` tokens from `key`'s bucket if it has them. */
  take(key: string, cost?: number): RateDecision;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  if (!(options.perMinute > 0)) throw new RangeError('rate limit perMinute must be > 0');
  if (!(options.burst >= 1)) throw new RangeError('rate limit burst must be >= 1');
  const now = options.now ?? Date.now;
  const idleMs = options.idleMs ?? 10 * 60_000;
  const perMs = options.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  let lastSweep = now();

  const sweep = (t: number) => {
    if (t - lastSweep < idleMs) return;
    lastSweep = t;
    for (const [key, bucket] of buckets) if (t - bucket.updatedAt >= idleMs) buckets.delete(key);
  };

  return {
    options: { perMinute: options.perMinute, burst: options.burst, idleMs },
    take(key, cost = 1) {
      const t = now();
      sweep(t);
      const bucket = buckets.get(key) ?? { tokens: options.burst, updatedAt: t };
      bucket.tokens = Math.min(options.burst, bucket.tokens + Math.max(0, t - bucket.updatedAt) * perMs);
      bucket.updatedAt = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= cost) {
        bucket.tokens -= cost;
        return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
      }
      const waitMs = (cost - bucket.tokens) / perMs;
      return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
  };
}
