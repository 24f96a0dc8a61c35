import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { SUBSCRIPTIONS_API } from "./api-versions.js";
import type { ResolveOptions } from "./types.js";

interface SubscriptionJson {
  subscriptionId?: string;
  tenantId?: string;
}

/** The ids of every subscription the caller can see (`GET /subscriptions`, following nextLink). */
export async function visibleSubscriptions(ctx: Context, options: ResolveOptions): Promise<string[]> {
  const ids: string[] = [];
  let path: string | undefined = "/subscriptions";
  while (path !== undefined) {
    const page: { body: { value?: SubscriptionJson[]; nextLink?: string } } = await ctx.arm.send({
      method: "GET",
      path,
      apiVersion: SUBSCRIPTIONS_API,
      operation: options.operation,
      ...(options.signal && { signal: options.signal }),
    });
    for (const sub of page.body.value ?? []) if (sub.subscriptionId) ids.push(sub.subscriptionId);
    path = page.body.nextLink ?? undefined;
  }
  return ids;
}

/** The Entra ID tenant a subscription belongs to (`GET /subscriptions/{id}`). */
export async function subscriptionTenant(
  ctx: Context,
  subscriptionId: string,
  options: ResolveOptions = { operation: `read subscription ${subscriptionId}` },
): Promise<string> {
  const scope = `/subscriptions/${subscriptionId}`;
  const response = await ctx.arm.send<SubscriptionJson>({
    method: "GET",
    path: scope,
    apiVersion: SUBSCRIPTIONS_API,
    operation: options.operation,
    scope,
    ...(options.signal && { signal: options.signal }),
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
  return tenantId;
}
