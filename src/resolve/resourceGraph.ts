/**
 * Azure Resource Graph: one query across every subscription the caller can read, instead of one
 * request per subscription. `POST /providers/Microsoft.ResourceGraph/resources`, paged with
 * `$skipToken`. Where it is not available to the caller (403, a cloud without the provider) the
 * answer says so, once per client, and callers fall back to a bounded fan-out.
 */
import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { armError, responseInfo } from "./response-info.js";
import type { ResolveOptions } from "./types.js";

/** The api-version of Resource Graph queries. */
export const RESOURCE_GRAPH_API = "2024-04-01";
const PATH = "/providers/Microsoft.ResourceGraph/resources";
/** Resource Graph's largest page. */
const PAGE = 1000;

/** How a cross-subscription question was answered; results that span subscriptions carry it. */
export type LookupMethod =
  | {
      /** One Resource Graph query (paged), whatever the number of subscriptions. */
      via: "resourceGraph";
    }
  | {
      /** `GET /subscriptions`, then requests per subscription, bounded and paced. */
      via: "subscriptions";
      /** Why Resource Graph was not used, e.g. "Resource Graph answered 403 AuthorizationFailed". */
      reason: string;
    };

/** Rows of a query, or why Resource Graph cannot answer this caller. */
export type GraphAnswer<T> = { available: true; rows: T[] } | { available: false; reason: string };

interface GraphPage<T> {
  data?: T[];
  $skipToken?: string;
}

/** Why Resource Graph is unavailable to a context, learnt once: asking again per call would double every fallback. */
const unavailable = new WeakMap<Context, string>();

/** A KQL string literal: quotes and backslashes escaped, so a value can never end the literal early. */
export function kqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Runs a query (all pages); `subscriptions` narrows it, else every subscription the caller can read. */
export async function queryResourceGraph<T>(
  ctx: Context,
  query: string,
  options: ResolveOptions & { subscriptions?: readonly string[] },
): Promise<GraphAnswer<T>> {
  const known = unavailable.get(ctx);
  if (known !== undefined) return { available: false, reason: known };
  const rows: T[] = [];
  let skipToken: string | undefined;
  do {
    const response = await ctx.arm.send<GraphPage<T>>({
      method: "POST",
      path: PATH,
      apiVersion: RESOURCE_GRAPH_API,
      body: {
        ...(options.subscriptions && { subscriptions: options.subscriptions }),
        query,
        options: { resultFormat: "objectArray", $top: PAGE, ...(skipToken !== undefined && { $skipToken: skipToken }) },
      },
      operation: options.operation,
      scope: PATH,
      allowStatus: [400, 403, 404, 501],
      ...(options.abortSignal && { abortSignal: options.abortSignal }),
    });
    if (response.status !== 200) {
      const code = armError(response.body)?.code;
      const notServed = response.status === 403 || response.status === 404 || response.status === 501 || code === "NoRegisteredProviderFound";
      if (!notServed) {
        throw new AksAcrError("RequestFailed", {
          operation: options.operation,
          scope: PATH,
          reason: `Resource Graph refused the query (${response.status}${code ? ` ${code}` : ""}): ${armError(response.body)?.message ?? "no message"}`,
          fix: "This is a bug in aks-acr's query; please report it with the message above",
          response: responseInfo(response, { method: "POST", url: PATH }),
        });
      }
      const reason = `Resource Graph answered ${response.status}${code ? ` ${code}` : ""}`;
      unavailable.set(ctx, reason);
      return { available: false, reason };
    }
    rows.push(...(response.body?.data ?? []));
    skipToken = response.body?.$skipToken ?? undefined;
  } while (skipToken !== undefined);
  return { available: true, rows };
}

/** Runs `tasks` with at most `limit` in flight, in order; a rejection rejects the whole, as Promise.all does. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Requests a fallback fan-out keeps in flight at once: the pacer paces, this keeps a burst small. */
export const FAN_OUT_LIMIT = 8;
