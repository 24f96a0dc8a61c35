import { listAll } from "../arm/paging.js";
import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { SUBSCRIPTIONS_API } from "./api-versions.js";
import type { ResolveOptions } from "./types.js";

interface SubscriptionJson {
  subscriptionId?: string;
  tenantId?: string;
}

/**
 * Tenants of subscriptions, per client, as answers already told them (the subscription list, a
 * Resource Graph row): a subscription never moves tenant, so the same-tenant check need not ask again.
 */
const knownTenants = new WeakMap<Context, Map<string, string>>();

/** Records that `subscriptionId` belongs to `tenantId`, as an answer said. */
export function rememberTenant(ctx: Context, subscriptionId: string, tenantId: string): void {
  if (!subscriptionId || !tenantId) return;
  let tenants = knownTenants.get(ctx);
  if (!tenants) knownTenants.set(ctx, (tenants = new Map()));
  tenants.set(subscriptionId.toLowerCase(), tenantId);
}

/** The tenant of a subscription if an earlier answer told it. */
export function knownTenant(ctx: Context, subscriptionId: string): string | undefined {
  return knownTenants.get(ctx)?.get(subscriptionId.toLowerCase());
}

/** The ids of every subscription the caller can see (`GET /subscriptions`, following nextLink); their tenants are remembered. */
export async function visibleSubscriptions(ctx: Context, options: ResolveOptions): Promise<string[]> {
  const { items } = await listAll<SubscriptionJson>(ctx.arm, {
    method: "GET",
    path: "/subscriptions",
    apiVersion: SUBSCRIPTIONS_API,
    operation: options.operation,
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  const ids: string[] = [];
  for (const sub of items) {
    if (!sub.subscriptionId) continue;
    ids.push(sub.subscriptionId);
    if (sub.tenantId) rememberTenant(ctx, sub.subscriptionId, sub.tenantId);
  }
  return ids;
}

/** The Entra ID tenant a subscription belongs to: from an earlier answer, else `GET /subscriptions/{id}`. */
export async function subscriptionTenant(
  ctx: Context,
  subscriptionId: string,
  options: ResolveOptions = { operation: `read subscription ${subscriptionId}` },
): Promise<string> {
  const known = knownTenant(ctx, subscriptionId);
  if (known !== undefined) return known;
  const scope = `/subscriptions/${subscriptionId}`;
  const response = await ctx.arm.send<SubscriptionJson>({
    method: "GET",
    path: scope,
    apiVersion: SUBSCRIPTIONS_API,
    operation: options.operation,
    scope,
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  const tenantId = response.body.tenantId;
  if (!tenantId) {
    throw new AksAcrError("UnexpectedResponse", {
      operation: options.operation,
      scope,
      reason: "the subscription's answer has no tenantId",
      fix: "Check that the ARM endpoint is Azure Resource Manager (the cloud option)",
    });
  }
  rememberTenant(ctx, subscriptionId, tenantId);
  return tenantId;
}
