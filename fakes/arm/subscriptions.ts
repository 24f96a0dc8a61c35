import { subscriptionNotFound } from "../http/armErrors.js";
import { page } from "../http/paging.js";
import { json } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { isParentScope } from "../world/authorization.js";
import type { Subscription } from "../world/types.js";

export function renderSubscription(s: Subscription): Record<string, unknown> {
  return {
    id: `/subscriptions/${s.id}`,
    subscriptionId: s.id,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: "Enabled",
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
    authorizationSource: "RoleBased",
    managedByTenants: [],
  };
}

/** A caller sees the subscriptions of its tenant where it holds a role, in the subscription or at `/`. */
function visible(ctx: RouteContext, s: Subscription): boolean {
  if (s.tenantId.toLowerCase() !== ctx.caller.tenantId.toLowerCase()) return false;
  const scope = `/subscriptions/${s.id}`;
  return ctx.world.roleAssignments
    .ofPrincipal(ctx.caller.objectId)
    .some((a) => isParentScope(a.scope, scope) || isParentScope(scope, a.scope));
}

/** One pass over the caller's own assignments, not one per subscription: O(S + A_caller). */
function visibleSubscriptionKeys(ctx: RouteContext): { all: boolean; keys: Set<string> } {
  const keys = new Set<string>();
  let all = false;
  for (const a of ctx.world.roleAssignments.ofPrincipal(ctx.caller.objectId)) {
    const sub = /^\/subscriptions\/([^/]+)/i.exec(a.scope)?.[1];
    if (sub) keys.add(sub.toLowerCase());
    else if (a.scope.replace(/\/+$/, "") === "") all = true;
  }
  return { all, keys };
}

function list(ctx: RouteContext): Response {
  const { all, keys } = visibleSubscriptionKeys(ctx);
  const tenant = ctx.caller.tenantId.toLowerCase();
  const value = [...ctx.world.subscriptions.values()]
    .filter((s) => s.tenantId.toLowerCase() === tenant && (all || keys.has(s.id.toLowerCase())))
    .map(renderSubscription);
  return page(ctx, value, { count: { type: "Total", value: value.length } });
}

function get(ctx: RouteContext): Response {
  const id = ctx.params.subscriptionId ?? "";
  const subscription = ctx.world.subscriptions.get(id.toLowerCase());
  if (!subscription || !visible(ctx, subscription)) return subscriptionNotFound(id);
  return json(200, renderSubscription(subscription));
}

export const routes: Route[] = [
  { method: "GET", pattern: /^\/subscriptions$/i, operation: "Subscriptions_List", handle: list },
  { method: "GET", pattern: /^\/subscriptions\/(?<subscriptionId>[^/]+)$/i, operation: "Subscriptions_Get", handle: get },
];
