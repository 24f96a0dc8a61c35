/**
 * Microsoft.ManagedIdentity/userAssignedIdentities: create or update, get, list (by resource group
 * and by subscription) and delete. Creating one creates its service principal in the directory;
 * deleting it deletes the principal and leaves its role assignments orphaned, as in Azure.
 */
import { resourceNotFound } from "../http/armErrors.js";
import { authorize } from "../http/authorize.js";
import { page } from "../http/paging.js";
import { armError, json, noContent } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { hasAction } from "../world/authorization.js";
import { userAssignedIdentityId } from "../world/ids.js";
import { IDENTITY_NAME_PATTERN, deleteUserAssignedIdentity, findUserAssignedIdentity, newUserAssignedIdentity } from "../world/identities.js";
import type { UserAssignedIdentity } from "../world/types.js";
import { key } from "../world/world.js";

export const IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";

export function renderUserAssignedIdentity(identity: UserAssignedIdentity): Record<string, unknown> {
  return {
    id: identity.id,
    name: identity.name,
    type: IDENTITY_TYPE,
    location: identity.location,
    tags: identity.tags,
    properties: { tenantId: identity.tenantId, principalId: identity.principalId, clientId: identity.clientId },
  };
}

function idOf(ctx: RouteContext): string {
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  return userAssignedIdentityId(subscriptionId, resourceGroup, name);
}

const notFound = (ctx: RouteContext): Response => resourceNotFound(IDENTITY_TYPE, ctx.params.name ?? "", ctx.params.resourceGroup ?? "");

function get(ctx: RouteContext): Response {
  const refused = authorize(ctx, `${IDENTITY_TYPE}/read`, idOf(ctx));
  if (refused) return refused;
  const identity = findUserAssignedIdentity(ctx.world, idOf(ctx));
  return identity ? json(200, renderUserAssignedIdentity(identity)) : notFound(ctx);
}

function put(ctx: RouteContext): Response {
  const refused = authorize(ctx, `${IDENTITY_TYPE}/write`, idOf(ctx));
  if (refused) return refused;
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  if (!IDENTITY_NAME_PATTERN.test(name)) {
    return armError(400, "InvalidResourceName", `Resource name '${name}' is invalid. The name can contain only letters, numbers, underscores and hyphens, must start with a letter or number, and be 3 to 128 characters long.`);
  }
  const body = ctx.body as { location?: unknown; tags?: unknown } | undefined;
  if (typeof body?.location !== "string" || !body.location) return armError(400, "LocationRequired", "The location property is required for this definition.");
  const tags = typeof body.tags === "object" && body.tags !== null ? (body.tags as Record<string, string>) : undefined;
  const existing = findUserAssignedIdentity(ctx.world, idOf(ctx));
  if (existing) {
    if (tags) existing.tags = tags;
    return json(200, renderUserAssignedIdentity(existing));
  }
  const created = newUserAssignedIdentity(ctx.world, { subscriptionId, resourceGroup, name, location: body.location, ...(tags ? { tags } : {}) });
  return json(201, renderUserAssignedIdentity(created));
}

function remove(ctx: RouteContext): Response {
  const refused = authorize(ctx, `${IDENTITY_TYPE}/delete`, idOf(ctx));
  if (refused) return refused;
  const identity = findUserAssignedIdentity(ctx.world, idOf(ctx));
  if (!identity) return noContent();
  deleteUserAssignedIdentity(ctx.world, identity);
  return new Response(null, { status: 200 });
}

function list(ctx: RouteContext): Response {
  const subscriptionId = key(ctx.params.subscriptionId ?? "");
  const resourceGroup = ctx.params.resourceGroup === undefined ? undefined : key(ctx.params.resourceGroup);
  const value = [...ctx.world.userAssignedIdentities.values()]
    .filter((i) => key(i.subscriptionId) === subscriptionId && (resourceGroup === undefined || key(i.resourceGroup) === resourceGroup))
    .filter((i) => hasAction(ctx.world, ctx.caller.objectId, i.id, `${IDENTITY_TYPE}/read`))
    .map(renderUserAssignedIdentity);
  return page(ctx, value);
}

const SUB = "^/subscriptions/(?<subscriptionId>[^/]+)";
const GROUP = `${SUB}/resourceGroups/(?<resourceGroup>[^/]+)`;
const PROVIDER = "/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities";
const ONE = new RegExp(`${GROUP}${PROVIDER}/(?<name>[^/]+)$`, "i");

export const routes: Route[] = [
  { method: "GET", pattern: ONE, operation: "UserAssignedIdentities_Get", handle: get },
  { method: "PUT", pattern: ONE, operation: "UserAssignedIdentities_CreateOrUpdate", handle: put },
  { method: "DELETE", pattern: ONE, operation: "UserAssignedIdentities_Delete", handle: remove },
  { method: "GET", pattern: new RegExp(`${GROUP}${PROVIDER}$`, "i"), operation: "UserAssignedIdentities_ListByResourceGroup", handle: list },
  { method: "GET", pattern: new RegExp(`${SUB}${PROVIDER}$`, "i"), operation: "UserAssignedIdentities_ListBySubscription", handle: list },
];
