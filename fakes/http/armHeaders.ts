/**
 * The headers ARM puts on every answer besides `x-ms-request-id`: the correlation id (the caller's,
 * when it sent one), an echo of the caller's `x-ms-client-request-id`, and the remaining-requests
 * counters of ARM's throttling (`x-ms-ratelimit-remaining-subscription-reads|writes|deletes`, or the
 * tenant's for requests outside a subscription), as the recordings show them.
 */
import { randomUUID } from "node:crypto";
import type { World } from "../world/world.js";

/** What a rate-limit header function sees about one answered request. */
export interface RateLimitContext {
  /** The fake's world (its clock, its subscriptions). */
  world: World;
  /** HTTP method of the request. */
  method: string;
  /** The subscription the path names, if any. */
  subscriptionId: string | undefined;
  /** Object id of the caller, once the token was read. */
  callerObjectId: string | undefined;
}

/** Produces the `x-ms-ratelimit-remaining-*` headers of one answer; a limiter replaces the default through `hooks.rateLimitHeaders`. */
export type RateLimitHeaders = (ctx: RateLimitContext) => Record<string, string>;

/** Which of ARM's counters a method spends. */
export function rateLimitKind(method: string): "reads" | "writes" | "deletes" {
  const verb = method.toUpperCase();
  if (verb === "GET" || verb === "HEAD") return "reads";
  return verb === "DELETE" ? "deletes" : "writes";
}

/** Full buckets: the values recorded against an idle subscription (writes 799 in the 2025 recordings). */
const FULL: Record<ReturnType<typeof rateLimitKind>, string> = { reads: "3749", writes: "799", deletes: "799" };

/** The default: every bucket full, as an idle subscription shows them. */
export const fullRateLimitHeaders: RateLimitHeaders = ({ method, subscriptionId }) => {
  const kind = rateLimitKind(method);
  return { [`x-ms-ratelimit-remaining-${subscriptionId ? "subscription" : "tenant"}-${kind}`]: FULL[kind] };
};

/** Adds ARM's standard headers to an answer, leaving any a route or fault rule already set. */
export function withArmHeaders(response: Response, request: Request, rateLimit: Record<string, string>): Response {
  const headers = new Headers(response.headers);
  if (!headers.has("x-ms-correlation-request-id")) headers.set("x-ms-correlation-request-id", request.headers.get("x-ms-correlation-request-id") ?? randomUUID());
  const clientRequestId = request.headers.get("x-ms-client-request-id");
  if (clientRequestId && !headers.has("x-ms-client-request-id")) headers.set("x-ms-client-request-id", clientRequestId);
  let limited = false;
  headers.forEach((_, name) => (limited ||= name.startsWith("x-ms-ratelimit-remaining-")));
  if (!limited) for (const [name, value] of Object.entries(rateLimit)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
