import { json } from "./respond.js";
import type { RouteContext } from "./route.js";

/** The query parameter the fake's `nextLink`s carry: the index of the first item of the page. */
const SKIP_TOKEN = "$skiptoken";

/**
 * One page of a list, as ARM pages: `{ value, nextLink }`, with `knobs.pageSize` items per page and
 * `nextLink` (an absolute URL with the same query, plus `$skiptoken`) on every page but the last.
 * The whole list is recomputed per page, so items added or removed between pages shift it, as they
 * can in Azure.
 */
export function page<T>(ctx: RouteContext, items: readonly T[], extra: Record<string, unknown> = {}): Response {
  const size = Math.max(1, Math.floor(ctx.world.knobs.pageSize));
  const raw = Number(ctx.url.searchParams.get(SKIP_TOKEN) ?? "0");
  const start = Number.isInteger(raw) && raw > 0 ? raw : 0;
  const value = items.slice(start, start + size);
  const body: Record<string, unknown> = { value, ...extra };
  if (start + size < items.length) {
    const next = new URL(ctx.url.pathname + ctx.url.search, ctx.origin);
    next.searchParams.set(SKIP_TOKEN, String(start + size));
    body.nextLink = next.toString();
  }
  return json(200, body);
}
