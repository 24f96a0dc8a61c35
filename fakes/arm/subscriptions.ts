import { subscriptionNotFound } from "../http/armErrors.js";
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
  const caller = ctx.caller.objectId.toLowerCase();
  const scope = `/subscriptions/${s.id}`;
  return [...ctx.world.roleAssignments.values()].some(
    (a) => a.principalId.toLowerCase() === caller && (isParentScope(a.scope, scope) || isParentScope(scope, a.scope)),
  );
}

function list(ctx: RouteContext): Response {
  const value = [...ctx.world.subscriptions.values()].filter((s) => visible(ctx, s)).map(renderSubscription);
  return json(200, { value, count: { type: "Total", value: value.length } });
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
