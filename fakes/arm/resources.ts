import { resourceGroupNotFound } from "../http/armErrors.js";
import { authorize } from "../http/authorize.js";
import { page } from "../http/paging.js";
import { armError, json } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { hasAction } from "../world/authorization.js";
import { resourceGroupId } from "../world/ids.js";
import { deleteResourceGroup } from "../world/resourceGroups.js";
import { addResourceGroup, findResourceGroup } from "../world/seed.js";
import type { ResourceGroup } from "../world/types.js";
import { locationHeaders, startOperation } from "./operations.js";
import { registrySystemData } from "./registryResource.js";

/** Resource groups and the generic resource list (Microsoft.Resources). */

export function renderResourceGroup(group: ResourceGroup): Record<string, unknown> {
  return {
    id: resourceGroupId(group.subscriptionId, group.name),
    name: group.name,
    type: "Microsoft.Resources/resourceGroups",
    location: group.location,
    properties: { provisioningState: "Succeeded" },
  };
}

const groupScope = (ctx: RouteContext): string => resourceGroupId(ctx.params.subscriptionId ?? "", ctx.params.resourceGroup ?? "");

function getGroup(ctx: RouteContext): Response {
  const refused = authorize(ctx, "Microsoft.Resources/subscriptions/resourceGroups/read", groupScope(ctx));
  if (refused) return refused;
  const group = findResourceGroup(ctx.world, ctx.params.subscriptionId ?? "", ctx.params.resourceGroup ?? "");
  return group ? json(200, renderResourceGroup(group)) : resourceGroupNotFound(ctx.params.resourceGroup ?? "");
}

/** HEAD answers with status only: 204 when the group exists, 404 when not. */
function checkGroup(ctx: RouteContext): Response {
  const refused = authorize(ctx, "Microsoft.Resources/subscriptions/resourceGroups/read", groupScope(ctx));
  if (refused) return new Response(null, { status: refused.status });
  const group = findResourceGroup(ctx.world, ctx.params.subscriptionId ?? "", ctx.params.resourceGroup ?? "");
  return new Response(null, { status: group ? 204 : 404 });
}

function putGroup(ctx: RouteContext): Response {
  const refused = authorize(ctx, "Microsoft.Resources/subscriptions/resourceGroups/write", groupScope(ctx));
  if (refused) return refused;
  const location = (ctx.body as { location?: unknown } | undefined)?.location;
  if (typeof location !== "string" || !location) {
    return armError(400, "LocationRequired", "The location property is required for this definition.");
  }
  const subscriptionId = ctx.params.subscriptionId ?? "";
  const existing = findResourceGroup(ctx.world, subscriptionId, ctx.params.resourceGroup ?? "");
  if (existing) {
    if (existing.location.toLowerCase() !== location.toLowerCase()) {
      return armError(409, "InvalidResourceGroupLocation", `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`);
    }
    return json(200, renderResourceGroup(existing));
  }
  return json(201, renderResourceGroup(addResourceGroup(ctx.world, { subscriptionId, name: ctx.params.resourceGroup ?? "", location })));
}

/** Deleting a group is long-running: 202 + Location, and the group with everything in it goes when the operation completes. */
function deleteGroup(ctx: RouteContext): Response {
  const refused = authorize(ctx, "Microsoft.Resources/subscriptions/resourceGroups/delete", groupScope(ctx));
  if (refused) return refused;
  const group = findResourceGroup(ctx.world, ctx.params.subscriptionId ?? "", ctx.params.resourceGroup ?? "");
  if (!group) return resourceGroupNotFound(ctx.params.resourceGroup ?? "");
  const op = startOperation(ctx, { kind: "resourceGroupDelete", resourceId: group.id, complete: () => deleteResourceGroup(ctx.world, group) });
  return new Response(null, { status: 202, headers: locationHeaders(ctx, op) });
}

function listGroups(ctx: RouteContext): Response {
  const subscriptionId = (ctx.params.subscriptionId ?? "").toLowerCase();
  const value = [...ctx.world.resourceGroups.values()]
    .filter((g) => g.subscriptionId.toLowerCase() === subscriptionId)
    .filter((g) => hasAction(ctx.world, ctx.caller.objectId, g.id, "Microsoft.Resources/subscriptions/resourceGroups/read"))
    .map(renderResourceGroup);
  return page(ctx, value);
}

interface GenericResource {
  id: string;
  name: string;
  type: string;
  location: string;
  resourceGroup: string;
  subscriptionId: string;
  tags: Record<string, string>;
  sku?: { name: string; tier: string };
  systemData?: Record<string, unknown>;
}

function allResources(ctx: RouteContext): GenericResource[] {
  const clusters = [...ctx.world.clusters.values()].map((c) => ({
    id: c.id, name: c.name, type: "Microsoft.ContainerService/managedClusters", location: c.location,
    resourceGroup: c.resourceGroup, subscriptionId: c.subscriptionId, tags: c.tags, sku: { name: "Base", tier: "Free" },
  }));
  const registries = [...ctx.world.registries.values()].map((r) => ({
    id: r.id, name: r.name, type: "Microsoft.ContainerRegistry/registries", location: r.location,
    resourceGroup: r.resourceGroup, subscriptionId: r.subscriptionId, tags: r.tags, sku: { name: r.sku, tier: r.sku },
    systemData: registrySystemData(ctx.world, r),
  }));
  const identities = [...ctx.world.userAssignedIdentities.values()].map((i) => ({
    id: i.id, name: i.name, type: "Microsoft.ManagedIdentity/userAssignedIdentities", location: i.location,
    resourceGroup: i.resourceGroup, subscriptionId: i.subscriptionId, tags: i.tags,
  }));
  return [...clusters, ...registries, ...identities];
}

/** The `$filter` clauses ARM's resource list takes here: `resourceType eq '…'` and `name eq '…'`, joined by `and`. */
function parseFilter(filter: string): ((r: GenericResource) => boolean)[] | undefined {
  const tests: ((r: GenericResource) => boolean)[] = [];
  for (const clause of filter.split(/\s+and\s+/i).map((c) => c.trim()).filter(Boolean)) {
    const match = /^(resourceType|name)\s+eq\s+'([^']*)'$/i.exec(clause);
    if (!match) return undefined;
    const field = match[1]?.toLowerCase() === "name" ? "name" : "type";
    const value = (match[2] ?? "").toLowerCase();
    tests.push((r) => r[field].toLowerCase() === value);
  }
  return tests;
}

/** Lists what the caller may read, as ARM does: resources it has no read permission on are left out. */
function listResources(ctx: RouteContext): Response {
  const raw = ctx.url.searchParams.get("$filter") ?? "";
  const tests = parseFilter(raw);
  if (!tests) return armError(400, "InvalidFilterInQueryString", `The $filter '${raw}' is not supported by the fake Azure: use resourceType eq '…' and/or name eq '…'.`);
  const subscriptionId = (ctx.params.subscriptionId ?? "").toLowerCase();
  const resourceGroup = ctx.params.resourceGroup?.toLowerCase();
  const value = allResources(ctx)
    .filter((r) => r.subscriptionId.toLowerCase() === subscriptionId)
    .filter((r) => resourceGroup === undefined || r.resourceGroup.toLowerCase() === resourceGroup)
    .filter((r) => tests.every((test) => test(r)))
    .filter((r) => hasAction(ctx.world, ctx.caller.objectId, r.id, `${r.type}/read`))
    .map(({ id, name, type, location, tags, sku, systemData }) => ({ id, name, type, ...(sku ? { sku } : {}), location, tags, ...(systemData ? { systemData } : {}) }));
  return page(ctx, value);
}

const SUB = "^/subscriptions/(?<subscriptionId>[^/]+)";
const GROUP = `${SUB}/resourceGroups/(?<resourceGroup>[^/]+)`;

export const routes: Route[] = [
  { method: "GET", pattern: new RegExp(`${SUB}/resourceGroups$`, "i"), operation: "ResourceGroups_List", handle: listGroups },
  { method: "GET", pattern: new RegExp(`${GROUP}$`, "i"), operation: "ResourceGroups_Get", handle: getGroup },
  { method: "HEAD", pattern: new RegExp(`${GROUP}$`, "i"), operation: "ResourceGroups_CheckExistence", handle: checkGroup },
  { method: "PUT", pattern: new RegExp(`${GROUP}$`, "i"), operation: "ResourceGroups_CreateOrUpdate", handle: putGroup },
  { method: "DELETE", pattern: new RegExp(`${GROUP}$`, "i"), operation: "ResourceGroups_Delete", handle: deleteGroup },
  { method: "GET", pattern: new RegExp(`${SUB}/resources$`, "i"), operation: "Resources_List", handle: listResources },
  { method: "GET", pattern: new RegExp(`${GROUP}/resources$`, "i"), operation: "Resources_ListByResourceGroup", handle: listResources },
];
