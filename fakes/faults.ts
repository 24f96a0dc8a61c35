/**
 * Deterministic fault rules, answered in ARM's dialect: throttling, 5xx, dropped connections,
 * latency, PrincipalNotFound, AuthorizationFailed, long-running operations that fail, are canceled
 * or run long, and a per-minute write limit. A rule runs as a `beforeRoute` hook, after the token
 * was read and before the route answers; drops are finished by `wrap`, around the dispatcher,
 * because a dropped connection has no HTTP answer at all.
 */
import { shapeOperationOf } from "./arm/operations.js";
import { seededRandom } from "./faults/prng.js";
import { actionOf, principalNotFound, scopeOf, serverError, throttled } from "./faults/responses.js";
import type { FaultRule, FaultRuleView, Faults, RateLimit } from "./faults/types.js";
import { authorizationFailed } from "./http/armErrors.js";
import { createRateLimiter, rateLimitHeaders, type Draw, type RateLimiter } from "./http/rateLimit.js";
import type { BeforeRouteHook, Dispatch, RequestInfo } from "./http/dispatch.js";
import type { Journal } from "./journal.js";
import type { World } from "./world/world.js";

export type { FaultRule, FaultRuleView, Faults, RateLimit } from "./faults/types.js";

/** The fault rules plus the two places they plug into the dispatcher. */
export interface FaultEngine extends Faults {
  readonly hook: BeforeRouteHook;
  /** Turns the answers of dropped requests into network errors, and records them with status 0. */
  wrap(dispatch: Dispatch): Dispatch;
}

interface RuleEntry {
  id: string;
  kind: "rule";
  rule: FaultRule;
  times: number;
  seen: number;
  fired: number;
  random: (() => number) | undefined;
}

interface BucketEntry {
  id: string;
  kind: "tokenBucket";
  limit: RateLimit;
  limiter: RateLimiter;
  seen: number;
  fired: number;
}

interface LimitEntry {
  id: string;
  kind: "rateLimit";
  limit: RateLimit;
  windowStart: number;
  writes: number;
  seen: number;
  fired: number;
}

const EFFECTS = ["throttle", "status", "drop", "principalNotFound", "authorizationFailed", "fail", "canceled", "polls"] as const;
const WRITES = new Set(["PUT", "PATCH", "DELETE", "POST"]);
const WINDOW_MS = 60_000;

export function createFaults(world: World, journal: Journal, options: { seed?: number } = {}): FaultEngine {
  let entries: Array<RuleEntry | LimitEntry | BucketEntry> = [];
  let counter = 0;
  const dropped = new WeakSet<Request>();
  // Counts every caller's requests even when no limit is enforced, so the remaining-requests
  // headers always tell the truth about the budget a real ARM would be spending.
  const tracking = createRateLimiter(() => world.now());
  const draws = new WeakMap<Request, Draw>();

  const hook: BeforeRouteHook = async (info) => {
    let answer: Response | undefined;
    let delayMs = 0;
    for (const entry of entries) {
      if (entry.kind !== "rule" || !(await matches(entry.rule, info))) continue;
      entry.seen += 1;
      if (answer || !due(entry)) continue;
      entry.fired += 1;
      delayMs += entry.rule.latencyMs ?? 0;
      answer = await effect(entry.rule, info, world, dropped);
    }
    if (!answer) {
      for (const entry of entries) if (entry.kind === "rateLimit") answer ??= limitWrite(entry, info, world);
    }
    if (!answer) answer = drawToken(info);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return answer;
  };

  return {
    hook,
    wrap: (dispatch) => async (request, dispatchOptions) => {
      const response = await dispatch(request, dispatchOptions);
      const draw = draws.get(request);
      if (draw) for (const [name, value] of Object.entries(rateLimitHeaders(draw))) response.headers.set(name, value);
      if (!dropped.has(request)) return response;
      const requestId = response.headers.get("x-ms-request-id");
      const entry = journal.find((e) => e.requestId === requestId);
      if (entry) entry.status = 0;
      return Response.error();
    },
    add(rule) {
      validate(rule);
      const id = `fault-${++counter}`;
      const times = rule.times ?? rule.principalNotFound ?? 1;
      const random = rule.probability === undefined ? undefined : seededRandom(rule.seed ?? options.seed ?? 1);
      entries.push({ id, kind: "rule", rule: { ...rule }, times, seen: 0, fired: 0, random });
      return id;
    },
    rateLimit(limit) {
      if (limit.tokenBucket !== undefined) {
        if (limit.writesPerMinute !== undefined) throw new Error("Failed to add a rate limit: it asks for both tokenBucket and writesPerMinute. Please give one.");
        const id = `fault-${++counter}`;
        const limiter = createRateLimiter(() => world.now(), limit.tokenBucket === true ? {} : limit.tokenBucket);
        entries.push({ id, kind: "tokenBucket", limit: { ...limit }, limiter, seen: 0, fired: 0 });
        return id;
      }
      if (limit.writesPerMinute === undefined || !Number.isInteger(limit.writesPerMinute) || limit.writesPerMinute < 0) {
        throw new Error(`Failed to add a rate limit: writesPerMinute must be a whole number ≥ 0, not ${String(limit.writesPerMinute)}.`);
      }
      const id = `fault-${++counter}`;
      entries.push({ id, kind: "rateLimit", limit: { scope: "Microsoft.Authorization", ...limit, writesPerMinute: limit.writesPerMinute }, windowStart: Number.NEGATIVE_INFINITY, writes: 0, seen: 0, fired: 0 });
      return id;
    },
    list: () => entries.map(view),
    remove(id) {
      const before = entries.length;
      entries = entries.filter((e) => e.id !== id);
      return entries.length < before;
    },
    clear() {
      entries = [];
      tracking.reset();
    },
  };

  /** ARM's own throttling: a token from the caller's bucket, or 429 when an enforced bucket is empty. */
  function drawToken(info: RequestInfo): Response | undefined {
    if (info.host !== "arm" || !info.caller?.objectId) return undefined;
    const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(info.url.pathname)?.[1];
    const request = { method: info.request.method, subscriptionId, principalId: info.caller.objectId };
    const enforced = entries.find((e): e is BucketEntry => e.kind === "tokenBucket");
    const draw = enforced ? enforced.limiter.draw(request, true) : tracking.draw(request, false);
    draws.set(info.request, draw);
    if (!enforced) return undefined;
    enforced.seen += 1;
    if (draw.allowed) return undefined;
    enforced.fired += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil(draw.retryAfterMs / 1000));
    return throttled({ retryAfterSeconds, html: false, subscriptionId: subscriptionId ?? info.caller.tenantId, operation: info.route?.operation ?? info.request.method });
  }
}

function validate(rule: FaultRule): void {
  const effects = EFFECTS.filter((name) => rule[name] !== undefined);
  if (effects.length > 1) {
    throw new Error(`Failed to add a fault rule: it asks for ${effects.join(" and ")}; give one effect per rule (latencyMs may go with any).`);
  }
  if (effects.length === 0 && rule.latencyMs === undefined) {
    throw new Error(`Failed to add a fault rule: it has no effect. Give one of ${EFFECTS.join(", ")} or latencyMs.`);
  }
  for (const [name, value] of [["nth", rule.nth], ["times", rule.times], ["principalNotFound", rule.principalNotFound], ["polls", rule.polls]] as const) {
    if (value !== undefined && !(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= 0))) {
      throw new Error(`Failed to add a fault rule: ${name} must be a whole number ≥ 0 (or Infinity for times), not ${String(value)}.`);
    }
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new Error(`Failed to add a fault rule: probability must be between 0 and 1, not ${String(rule.probability)}.`);
  }
}

const list = (value: string | readonly string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : (typeof value === "string" ? [value] : [...value]).map((v) => v.toLowerCase());

async function matches(rule: FaultRule, info: RequestInfo): Promise<boolean> {
  const path = info.url.pathname.toLowerCase();
  if (info.host !== (rule.host ?? "arm")) return false;
  if (list(rule.method) && !list(rule.method)?.includes(info.request.method.toLowerCase())) return false;
  const operation = rule.principalNotFound !== undefined ? "RoleAssignments_Create" : rule.operation;
  if (list(operation) && !list(operation)?.includes((info.route?.operation ?? "").toLowerCase())) return false;
  if (rule.resourceType && !`${path}/`.includes(`/providers/${rule.resourceType.toLowerCase()}/`)) return false;
  if (rule.url && !rule.url.test(info.url.pathname)) return false;
  if (rule.scope) {
    const scope = rule.scope.toLowerCase().replace(/\/+$/, "");
    if (path !== scope && !path.startsWith(`${scope}/`)) return false;
  }
  if (rule.principalId !== undefined) return (await principalOf(info.request))?.toLowerCase() === rule.principalId.toLowerCase();
  return true;
}

async function principalOf(request: Request): Promise<string | undefined> {
  try {
    const body = (await request.clone().json()) as { properties?: { principalId?: unknown } };
    return typeof body.properties?.principalId === "string" ? body.properties.principalId : undefined;
  } catch {
    return undefined;
  }
}

function due(entry: RuleEntry): boolean {
  if (entry.seen < (entry.rule.nth ?? 1) || entry.fired >= entry.times) return false;
  return entry.random === undefined || entry.random() < (entry.rule.probability ?? 1);
}

/** What a firing rule does; undefined lets the route answer (latency, reshaped operations, drops after the write). */
async function effect(rule: FaultRule, info: RequestInfo, world: World, dropped: WeakSet<Request>): Promise<Response | undefined> {
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(info.url.pathname)?.[1] ?? "";
  if (rule.throttle !== undefined) {
    const options = rule.throttle === true ? {} : rule.throttle;
    return throttled({ retryAfterSeconds: options.retryAfterSeconds ?? 1, html: options.html ?? false, subscriptionId, operation: info.route?.operation ?? info.request.method });
  }
  if (rule.status !== undefined) return serverError(rule.status, info.url, info.requestId, world.now());
  if (rule.drop !== undefined) {
    dropped.add(info.request);
    return rule.drop === "after" ? undefined : new Response(null, { status: 502 });
  }
  if (rule.principalNotFound !== undefined) return principalNotFound((await principalOf(info.request)) ?? "", info.caller?.tenantId ?? "");
  if (rule.authorizationFailed !== undefined) {
    const action = (rule.authorizationFailed === true ? undefined : rule.authorizationFailed.action) ?? actionOf(info.request.method, info.url.pathname);
    return authorizationFailed(info.caller?.objectId ?? "", action, scopeOf(info.url.pathname));
  }
  if (rule.fail !== undefined || rule.canceled !== undefined) {
    const error = rule.fail === undefined || rule.fail === true ? undefined : rule.fail;
    const status = rule.canceled ? "Canceled" : "Failed";
    const fallback = status === "Canceled"
      ? { code: "OperationCanceled", message: "The operation was canceled." }
      : { code: "InternalOperationError", message: "The operation failed because of an internal error. Please try again later." };
    shapeOperationOf(info.request, { fail: { ...(error ?? fallback), status } });
  }
  if (rule.polls !== undefined) shapeOperationOf(info.request, { polls: rule.polls });
  return undefined;
}

function limitWrite(entry: LimitEntry, info: RequestInfo, world: World): Response | undefined {
  const writesPerMinute = entry.limit.writesPerMinute ?? 0;
  const namespace = (entry.limit.scope ?? "Microsoft.Authorization").toLowerCase();
  if (info.host !== "arm" || !WRITES.has(info.request.method.toUpperCase()) || !info.url.pathname.toLowerCase().includes(`/providers/${namespace}/`)) return undefined;
  entry.seen += 1;
  const now = world.now();
  if (now >= entry.windowStart + WINDOW_MS) {
    entry.windowStart = now;
    entry.writes = 0;
  }
  if (entry.writes < writesPerMinute) {
    entry.writes += 1;
    return undefined;
  }
  entry.fired += 1;
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(info.url.pathname)?.[1] ?? "";
  const retryAfterSeconds = Math.max(1, Math.ceil((entry.windowStart + WINDOW_MS - now) / 1000));
  return throttled({ retryAfterSeconds, html: false, subscriptionId, operation: info.route?.operation ?? info.request.method });
}

function view(entry: RuleEntry | LimitEntry | BucketEntry): FaultRuleView {
  if (entry.kind === "rateLimit" || entry.kind === "tokenBucket") {
    return { id: entry.id, kind: "rateLimit", rule: { ...entry.limit }, seen: entry.seen, fired: entry.fired, remaining: Number.POSITIVE_INFINITY };
  }
  return { id: entry.id, kind: entry.kind, rule: { ...entry.rule }, seen: entry.seen, fired: entry.fired, remaining: Math.max(0, entry.times - entry.fired) };
}
