/**
 * Pacing: requests leave at the rate ARM will accept them, so a caller's plain `Promise.all` over
 * hundreds of operations succeeds instead of collecting 429s. ARM limits each principal per
 * subscription (or tenant) and per operation type with a token bucket (reads 250 refilled at 25/s,
 * writes and deletes 200 at 10/s) and reports what is left in
 * `x-ms-ratelimit-remaining-subscription-{reads,writes,deletes}`. This policy keeps an estimate of
 * each bucket from those headers, spends a token per request sent, waits for the refill when the
 * estimate runs dry, stops a bucket until `Retry-After` when ARM answers 429, and bounds the
 * requests in flight across the client.
 */
import { AbortError } from "@azure/abort-controller";
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { AksAcrError } from "../errors.js";
import { serverRetryDelayMs } from "./retry.js";

export const pacingPolicyName = "aksAcrPacingPolicy";

/** ARM's operation types, each with its own bucket. */
export type OperationType = "reads" | "writes" | "deletes";

/** How the client paces its requests; the defaults are ARM's published limits. */
export interface PacingOptions {
  /** Requests in flight at once across the client, to any host. @default 32 */
  maxConcurrentRequests?: number;
  /** Requests in flight at once per bucket before its first answer told how full it is. @default 16 */
  maxUnknownBucketRequests?: number;
  /** Tokens per second each bucket regains. @default { reads: 25, writes: 10, deletes: 10 } */
  refillPerSecond?: Partial<Record<OperationType, number>>;
  /** `false` sends every request at once (the in-flight limit included), as before pacing. @default true */
  enabled?: boolean;
}

/** ARM's refill rates (learn.microsoft.com, "Understand how Azure Resource Manager throttles requests"). */
export const ARM_REFILL_PER_SECOND: Readonly<Record<OperationType, number>> = { reads: 25, writes: 10, deletes: 10 };

const DEFAULTS = { maxConcurrentRequests: 32, maxUnknownBucketRequests: 16 };

const groups = new WeakMap<PipelineRequest, string>();

/**
 * Names the operation a request belongs to ("attach registry r to cluster c"). Waiting requests
 * are served operation by operation, so when hundreds of operations start at once each finishes
 * its reads and moves on to its write, instead of every operation's first read going first.
 */
export function setPacingGroup(request: PipelineRequest, operation: string): void {
  groups.set(request, operation);
}

/** GET/HEAD read; DELETE deletes; PUT, PATCH and POST write. */
export function operationTypeOf(method: string): OperationType {
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD") return "reads";
  return m === "DELETE" ? "deletes" : "writes";
}

interface Bucket {
  /** Tokens estimated at `at`; undefined until an answer reported them. */
  tokens: number | undefined;
  /** The most tokens an answer ever reported, plus one: the bucket holds no more than it did full. */
  ceiling: number;
  at: number;
  inFlight: number;
  /** Nothing leaves before this instant (ARM answered 429 with Retry-After). */
  closedUntil: number;
  /** Requests waiting for a token: by operation (the one that started first goes first), then arrival. */
  queue: Array<{ admit: () => void; rank: number }>;
  /** The timer set for the next token, while requests wait. */
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A counting semaphore whose waiters are served in arrival order. */
function semaphore(limit: number): { acquire(signal?: AbortSignal): Promise<void>; release(): void } {
  let free = limit;
  const queue: Array<() => void> = [];
  return {
    async acquire(signal) {
      if (free > 0 && queue.length === 0) {
        free--;
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const index = queue.indexOf(wake);
          if (index >= 0) queue.splice(index, 1);
          reject(Object.assign(new Error("The wait for a free request slot was aborted."), { name: "AbortError" }));
        };
        const wake = (): void => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        queue.push(wake);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    release() {
      const next = queue.shift();
      if (next) next();
      else free++;
    },
  };
}

/**
 * The pacing policy for one client; `armHost` tells ARM's requests (paced per bucket) from the
 * others (Microsoft Graph, which only count against the in-flight limit). A 429 closes its bucket
 * for `Retry-After`, but never longer than `maxHoldMs` (the retry policy's `maxRetryDelayInMs`),
 * so the pacer cannot wait longer than the caller allowed any single retry to.
 */
export function pacingPolicy(armHost: string, options: PacingOptions = {}, maxHoldMs = Number.POSITIVE_INFINITY): PipelinePolicy {
  const settings = validPacingOptions(options);
  const refill = { ...ARM_REFILL_PER_SECOND, ...settings.refillPerSecond };
  const slots = semaphore(settings.maxConcurrentRequests);
  const buckets = new Map<string, Bucket>();
  const host = armHost.toLowerCase();
  const ranks = new Map<string, number>();
  let nextRank = 0;
  /** The order operations started in; requests without a group rank by arrival. */
  const rankOf = (request: PipelineRequest): number => {
    const group = groups.get(request);
    if (group === undefined) return nextRank++;
    let rank = ranks.get(group);
    if (rank === undefined) {
      // Bounded: a long-lived client forgets old operations (their requests are long done).
      if (ranks.size >= 10_000) ranks.clear();
      ranks.set(group, (rank = nextRank++));
    }
    return rank;
  };

  const bucketOf = (request: PipelineRequest): { key: string; type: OperationType } | undefined => {
    const url = new URL(request.url);
    if (url.host.toLowerCase() !== host) return undefined;
    const type = operationTypeOf(request.method);
    const subscription = /^\/+subscriptions\/([^/]+)/i.exec(url.pathname)?.[1]?.toLowerCase() ?? "tenant";
    return { key: `${subscription} ${type}`, type };
  };
  const stateOf = (key: string): Bucket => {
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = { tokens: undefined, ceiling: 0, at: Date.now(), inFlight: 0, closedUntil: 0, queue: [], timer: undefined }));
    return bucket;
  };
  const estimate = (bucket: Bucket, type: OperationType, now: number): number | undefined =>
    bucket.tokens === undefined ? undefined : Math.min(bucket.ceiling, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * refill[type]);
  /** Admits one request if the bucket allows it now: spends its token and counts it in flight. */
  const admitOne = (bucket: Bucket, type: OperationType, now: number): boolean => {
    if (now < bucket.closedUntil) return false;
    const tokens = estimate(bucket, type, now);
    if (tokens === undefined ? bucket.inFlight >= settings.maxUnknownBucketRequests : tokens < 1) return false;
    if (tokens !== undefined) {
      bucket.tokens = tokens - 1;
      bucket.at = now;
    }
    bucket.inFlight++;
    return true;
  };

  /**
   * Admits waiting requests in arrival order while the bucket allows, then sets one timer for when
   * the next token is due: one wake-up per token, not one per waiter.
   */
  const pump = (bucket: Bucket, type: OperationType): void => {
    const now = Date.now();
    while (bucket.queue.length > 0 && admitOne(bucket, type, now)) bucket.queue.shift()?.admit();
    if (bucket.queue.length === 0 || bucket.timer !== undefined) return;
    const tokens = estimate(bucket, type, now);
    // An unknown bucket waits for an answer (which pumps again), not for the clock.
    const wait = now < bucket.closedUntil ? bucket.closedUntil - now : tokens === undefined ? undefined : Math.ceil(((1 - tokens) / refill[type]) * 1000);
    if (wait === undefined) return;
    bucket.timer = setTimeout(() => {
      bucket.timer = undefined;
      pump(bucket, type);
    }, Math.max(1, wait));
  };

  /** Waits, in arrival order, until the bucket can spend a token, then spends it and counts the request in flight. */
  const take = (bucket: Bucket, type: OperationType, signal: AbortSignal | undefined, rank: number): Promise<void> => {
    if (bucket.queue.length === 0 && admitOne(bucket, type, Date.now())) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortError("The wait for ARM's rate limit was aborted."));
        return;
      }
      const onAbort = (): void => {
        const index = bucket.queue.indexOf(entry);
        if (index >= 0) bucket.queue.splice(index, 1);
        reject(new AbortError("The wait for ARM's rate limit was aborted."));
      };
      const admit = (): void => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const entry = { admit, rank };
      // After every entry of the same or an earlier operation: an operation's next request does not queue behind operations that started later.
      let at = bucket.queue.length;
      while (at > 0 && (bucket.queue[at - 1]?.rank ?? 0) > rank) at--;
      bucket.queue.splice(at, 0, entry);
      signal?.addEventListener("abort", onAbort, { once: true });
      pump(bucket, type);
    });
  };

  /** What an answer says about the bucket: its remaining tokens, or (429) that it is empty for a while. */
  const learn = (bucket: Bucket, type: OperationType, response: PipelineResponse): void => {
    const now = Date.now();
    if (response.status === 429) {
      bucket.tokens = 0;
      bucket.ceiling = Math.max(bucket.ceiling, 1);
      bucket.at = now;
      bucket.closedUntil = Math.max(bucket.closedUntil, now + Math.min(serverRetryDelayMs(response.headers) ?? 1000, maxHoldMs));
      return;
    }
    const header = response.headers.get(`x-ms-ratelimit-remaining-subscription-${type}`) ?? response.headers.get(`x-ms-ratelimit-remaining-tenant-${type}`);
    const reported = header === undefined || header.trim() === "" ? Number.NaN : Number(header);
    if (!Number.isFinite(reported) || reported < 0) return;
    bucket.ceiling = Math.max(bucket.ceiling, reported + 1);
    const local = estimate(bucket, type, now);
    // ARM reports whole tokens and may not yet have counted the requests still in flight: its true
    // count lies in [reported − inFlight, reported + 1). Keep the estimate while it lies there too;
    // resetting it to every report would throw away a fraction of a token per answer.
    const low = Math.max(0, reported - bucket.inFlight);
    if (local === undefined || local < low) bucket.tokens = low;
    else if (local >= reported + 1) bucket.tokens = reported;
    else bucket.tokens = local;
    bucket.at = now;
  };

  return {
    name: pacingPolicyName,
    async sendRequest(request, next): Promise<PipelineResponse> {
      const signal = request.abortSignal as AbortSignal | undefined;
      const target = settings.enabled ? bucketOf(request) : undefined;
      const bucket = target && stateOf(target.key);
      if (bucket && target) await take(bucket, target.type, signal, rankOf(request));
      await slots.acquire(signal).catch((error: unknown) => {
        if (bucket) bucket.inFlight--;
        throw error;
      });
      try {
        const response = await next(request);
        if (bucket && target) {
          bucket.inFlight--;
          learn(bucket, target.type, response);
        }
        return response;
      } catch (error) {
        if (bucket) bucket.inFlight--;
        throw error;
      } finally {
        slots.release();
        if (bucket && target) pump(bucket, target.type);
      }
    },
  };
}

function validPacingOptions(options: PacingOptions): Required<Omit<PacingOptions, "refillPerSecond">> & Pick<PacingOptions, "refillPerSecond"> {
  const settings = { ...DEFAULTS, enabled: true, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<Omit<PacingOptions, "refillPerSecond">> & Pick<PacingOptions, "refillPerSecond">;
  const numbers: Array<[string, unknown, boolean]> = [
    ["maxConcurrentRequests", settings.maxConcurrentRequests, true],
    ["maxUnknownBucketRequests", settings.maxUnknownBucketRequests, true],
    ...Object.entries(settings.refillPerSecond ?? {}).map(([type, rate]): [string, unknown, boolean] => [`refillPerSecond.${type}`, rate, false]),
  ];
  for (const [name, value, whole] of numbers) {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || (whole && !Number.isInteger(value))) {
      throw new AksAcrError("InvalidInput", {
        operation: "create the ARM client",
        scope: `pacingOptions.${name}`,
        reason: `pacingOptions.${name} must be a ${whole ? "whole number" : "number"} > 0, not ${JSON.stringify(value) ?? String(value)}`,
        fix: "Pass e.g. pacingOptions: { maxConcurrentRequests: 32 }, or leave pacingOptions out for ARM's limits",
      });
    }
  }
  return settings;
}
