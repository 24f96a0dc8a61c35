/**
 * ARM's request limits as ARM models them since 2024: a token bucket per subscription (or tenant,
 * for requests outside one), per principal and per operation type. Each request takes a token;
 * an empty bucket answers 429; tokens come back at a fixed rate up to the bucket's size. Every
 * answer reports what is left in `x-ms-ratelimit-remaining-subscription-{reads,writes,deletes}`
 * (`…-tenant-…` outside a subscription), which is what a well-behaved client paces itself by.
 */

/** Which bucket a request draws from. */
export type OperationType = "reads" | "writes" | "deletes";

/** One bucket's shape. */
export interface BucketLimit {
  /** Tokens when full: the burst allowed. */
  bucketSize: number;
  /** Tokens returned per second. */
  refillPerSecond: number;
}

/** The limits of each operation type; ARM's published defaults unless given. */
export type TokenBucketLimits = Record<OperationType, BucketLimit>;

/** ARM's subscription and tenant limits (learn.microsoft.com, "Understand how Azure Resource Manager throttles requests"). */
export const ARM_TOKEN_BUCKETS: TokenBucketLimits = {
  reads: { bucketSize: 250, refillPerSecond: 25 },
  writes: { bucketSize: 200, refillPerSecond: 10 },
  deletes: { bucketSize: 200, refillPerSecond: 10 },
};

/** What one request drew. */
export interface Draw {
  /** False when the bucket was empty: the request is to be answered 429. */
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Milliseconds until the next token, when not allowed. */
  retryAfterMs: number;
  /** The header that reports `remaining`. */
  header: string;
}

/** The token buckets of one fake Azure. */
export interface RateLimiter {
  /** Takes a token for a request (`enforce: false` counts it even when the bucket is empty, and never refuses). */
  draw(request: { method: string; subscriptionId: string | undefined; principalId: string }, enforce: boolean): Draw;
  /** Refills every bucket (the world was reset). */
  reset(): void;
}

/** GET/HEAD read, DELETE deletes, everything else (PUT, PATCH, POST actions) writes. */
export function operationTypeOf(method: string): OperationType {
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD") return "reads";
  return m === "DELETE" ? "deletes" : "writes";
}

/** The header ARM reports a bucket's remaining tokens in. */
export function remainingHeaderName(type: OperationType, level: "subscription" | "tenant"): string {
  return `x-ms-ratelimit-remaining-${level}-${type}`;
}

/**
 * The headers a response carries for a draw: the remaining count and, on a refusal, `Retry-After`
 * in whole seconds (ARM's unit). The one function that gives these headers their values.
 */
export function rateLimitHeaders(draw: Draw): Record<string, string> {
  return {
    [draw.header]: String(draw.remaining),
    ...(draw.allowed ? {} : { "retry-after": String(Math.max(1, Math.ceil(draw.retryAfterMs / 1000))) }),
  };
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets on the world's clock, made on first use: a million idle principals cost nothing. */
export function createRateLimiter(now: () => number, limits: Partial<TokenBucketLimits> = {}): RateLimiter {
  const shapes: TokenBucketLimits = { ...ARM_TOKEN_BUCKETS, ...limits };
  for (const [type, shape] of Object.entries(shapes)) validate(type, shape);
  const buckets = new Map<string, Bucket>();
  return {
    draw({ method, subscriptionId, principalId }, enforce) {
      const type = operationTypeOf(method);
      const shape = shapes[type];
      const level = subscriptionId === undefined ? "tenant" : "subscription";
      const key = `${level} ${(subscriptionId ?? "").toLowerCase()} ${principalId.toLowerCase()} ${type}`;
      const at = now();
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = { tokens: shape.bucketSize, updatedAt: at }));
      bucket.tokens = Math.min(shape.bucketSize, bucket.tokens + (Math.max(0, at - bucket.updatedAt) / 1000) * shape.refillPerSecond);
      bucket.updatedAt = at;
      const header = remainingHeaderName(type, level);
      if (bucket.tokens >= 1 || !enforce) {
        bucket.tokens = Math.max(0, bucket.tokens - 1);
        return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterMs: 0, header };
      }
      const retryAfterMs = shape.refillPerSecond > 0 ? ((1 - bucket.tokens) / shape.refillPerSecond) * 1000 : Number.POSITIVE_INFINITY;
      return { allowed: false, remaining: 0, retryAfterMs, header };
    },
    reset: () => buckets.clear(),
  };
}

function validate(type: string, shape: BucketLimit): void {
  for (const [name, value] of Object.entries(shape)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new Error(`Failed to set the ${type} token bucket: ${name} must be a number ≥ 0, not ${String(value)}. Please pass e.g. { bucketSize: 200, refillPerSecond: 10 }.`);
    }
  }
}
