/**
 * Azure Resource Graph (`POST /providers/Microsoft.ResourceGraph/resources`): one query across
 * every subscription the caller can read, from the same world ARM serves. Tables: `resources`
 * (managed clusters, registries), `resourcecontainers` (subscriptions, resource groups) and
 * `authorizationresources` (role assignments), each row shaped as Resource Graph renders it (type
 * and resource group lower-cased, `tenantId` on every row) and left out when the caller may not
 * read it. Paged with `$skipToken`; queries outside the modelled slice answer 400 naming the construct.
 */
import { armError, json } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { hasAction, isParentScope } from "../world/authorization.js";
import { resourceGroupId, roleAssignmentId } from "../world/ids.js";
import { renderManagedCluster } from "./managedClusters.js";
import { renderRoleAssignment } from "./roleAssignments.js";
import { parseQuery, UnsupportedQueryError, type Row } from "./resourceGraphQuery.js";
import { registryResource } from "./registryResource.js";

interface QueryBody {
  subscriptions?: unknown;
  managementGroups?: unknown;
  query?: unknown;
  options?: { $top?: unknown; $skip?: unknown; $skipToken?: unknown; resultFormat?: unknown; authorizationScopeFilter?: unknown };
}

const MAX_TOP = 1000;
const DEFAULT_TOP = 100;

/** Rows whose properties are rendered only when a query reads them or the answer is serialised. */
function lazyRow(base: Row, properties: () => unknown): Row {
  let rendered: unknown;
  let done = false;
  return Object.defineProperty(base, "properties", {
    enumerable: true,
    get: () => {
      if (!done) {
        rendered = properties();
        done = true;
      }
      return rendered;
    },
  });
}

/** Whether the caller may read a resource; memoised per subscription and action, where most grants sit. */
function readCheck(ctx: RouteContext): (scope: string, subscriptionId: string, action: string) => boolean {
  const bySubscription = new Map<string, boolean>();
  const caller = ctx.caller.objectId;
  const tenant = ctx.caller.tenantId.toLowerCase();
  return (scope, subscriptionId, action) => {
    const subscription = ctx.world.subscriptions.get(subscriptionId.toLowerCase());
    if (!subscription || subscription.tenantId.toLowerCase() !== tenant) return false;
    const memo = `${subscriptionId.toLowerCase()} ${action.toLowerCase()}`;
    let wholeSubscription = bySubscription.get(memo);
    if (wholeSubscription === undefined) bySubscription.set(memo, (wholeSubscription = hasAction(ctx.world, caller, `/subscriptions/${subscriptionId}`, action)));
    return wholeSubscription || hasAction(ctx.world, caller, scope, action);
  };
}

function tablesOf(ctx: RouteContext, inSubscriptions: Set<string> | undefined): (name: string) => Row[] | undefined {
  const world = ctx.world;
  const may = readCheck(ctx);
  const wanted = (subscriptionId: string): boolean => inSubscriptions === undefined || inSubscriptions.has(subscriptionId.toLowerCase());
  const tenantOf = (subscriptionId: string): string => world.subscriptions.get(subscriptionId.toLowerCase())?.tenantId ?? "";
  const built = new Map<string, Row[]>();
  const build: Record<string, () => Row[]> = {
    resources: () => [
      ...[...world.clusters.values()]
        .filter((c) => wanted(c.subscriptionId) && may(c.id, c.subscriptionId, "Microsoft.ContainerService/managedClusters/read"))
        .map((c) => lazyRow(resourceRow(c, "microsoft.containerservice/managedclusters", tenantOf(c.subscriptionId)), () => renderManagedCluster(c)["properties"])),
      ...[...world.registries.values()]
        .filter((r) => wanted(r.subscriptionId) && may(r.id, r.subscriptionId, "Microsoft.ContainerRegistry/registries/read"))
        .map((r) => lazyRow(resourceRow(r, "microsoft.containerregistry/registries", tenantOf(r.subscriptionId), { name: r.sku, tier: r.sku }), () => registryResource(world, r)["properties"])),
    ],
    resourcecontainers: () => [
      ...[...world.subscriptions.values()]
        .filter((s) => wanted(s.id) && visibleSubscription(ctx, s.id, s.tenantId))
        .map((s) => ({
          id: `/subscriptions/${s.id}`, name: s.displayName, type: "microsoft.resources/subscriptions", tenantId: s.tenantId, kind: "", location: "",
          resourceGroup: "", subscriptionId: s.id, managedBy: "", sku: null, plan: null,
          properties: { state: "Enabled", subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" } },
          tags: {}, identity: null, zones: null, extendedLocation: null,
        })),
      ...[...world.resourceGroups.values()]
        .filter((g) => wanted(g.subscriptionId) && may(g.id, g.subscriptionId, "Microsoft.Resources/subscriptions/resourceGroups/read"))
        .map((g) => ({
          id: resourceGroupId(g.subscriptionId, g.name), name: g.name, type: "microsoft.resources/subscriptions/resourcegroups", tenantId: tenantOf(g.subscriptionId),
          kind: "", location: g.location, resourceGroup: g.name.toLowerCase(), subscriptionId: g.subscriptionId, managedBy: "", sku: null, plan: null,
          properties: { provisioningState: "Succeeded" }, tags: {}, identity: null, zones: null, extendedLocation: null,
        })),
    ],
    authorizationresources: () =>
      [...world.roleAssignments.values()]
        .filter((a) => {
          const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(a.scope)?.[1];
          return subscriptionId !== undefined && wanted(subscriptionId) && may(a.scope, subscriptionId, "Microsoft.Authorization/roleAssignments/read");
        })
        .map((a) => {
          const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(a.scope)?.[1] ?? "";
          const resourceGroup = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(a.scope)?.[1] ?? "";
          return {
            id: roleAssignmentId(a.scope, a.name), name: a.name, type: "microsoft.authorization/roleassignments", tenantId: tenantOf(subscriptionId),
            kind: "", location: "", resourceGroup: resourceGroup.toLowerCase(), subscriptionId, managedBy: "", sku: null, plan: null,
            // As ARM renders the assignment (a deleted principal shows as principalType "Unknown").
            properties: renderRoleAssignment(world, a, `/subscriptions/${subscriptionId}`)["properties"],
            tags: null, identity: null, zones: null, extendedLocation: null,
          };
        }),
  };
  return (name) => {
    const make = build[name];
    if (!make) return undefined;
    let rows = built.get(name);
    if (!rows) built.set(name, (rows = make()));
    return rows;
  };
}

function resourceRow(
  r: { id: string; name: string; location: string; resourceGroup: string; subscriptionId: string; tags: Record<string, string> },
  type: string,
  tenantId: string,
  sku: unknown = null,
): Row {
  return {
    id: r.id, name: r.name, type, tenantId, kind: "", location: r.location, resourceGroup: r.resourceGroup.toLowerCase(),
    subscriptionId: r.subscriptionId, managedBy: "", sku, plan: null, tags: r.tags, identity: null, zones: null, extendedLocation: null,
  };
}

/** As `GET /subscriptions` decides: the caller's tenant, and a role somewhere at, above or below it. */
function visibleSubscription(ctx: RouteContext, subscriptionId: string, tenantId: string): boolean {
  if (tenantId.toLowerCase() !== ctx.caller.tenantId.toLowerCase()) return false;
  const scope = `/subscriptions/${subscriptionId}`;
  return ctx.world.roleAssignments.ofPrincipal(ctx.caller.objectId).some((a) => isParentScope(a.scope, scope) || isParentScope(scope, a.scope));
}

function query(ctx: RouteContext): Response {
  const body = (ctx.body ?? {}) as QueryBody;
  if (typeof body.query !== "string" || body.query.trim() === "") return invalid("InvalidQuery", "The request body has no query string.");
  if (body.managementGroups !== undefined) return invalid("UnsupportedByFake", "The fake Azure's Resource Graph does not model management-group scoped queries (managementGroups); pass subscriptions, or none.");
  const options = body.options ?? {};
  const format = options.resultFormat ?? "objectArray";
  if (format !== "objectArray") return invalid("UnsupportedByFake", `The fake Azure's Resource Graph answers resultFormat "objectArray" only, not ${JSON.stringify(format)}.`);
  const top = options.$top === undefined ? DEFAULT_TOP : Number(options.$top);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) return invalid("InvalidQueryOptions", `$top must be a whole number from 1 to ${MAX_TOP}, not ${JSON.stringify(options.$top)}.`);
  const start = offsetOf(options.$skipToken, options.$skip);
  if (start === undefined) return invalid("InvalidSkipToken", `The $skipToken ${JSON.stringify(options.$skipToken)} was not issued by this Resource Graph.`);
  let inSubscriptions: Set<string> | undefined;
  if (body.subscriptions !== undefined) {
    if (!Array.isArray(body.subscriptions) || !body.subscriptions.every((s) => typeof s === "string")) return invalid("InvalidSubscriptions", "subscriptions must be an array of subscription ids.");
    inSubscriptions = new Set((body.subscriptions as string[]).map((s) => s.toLowerCase()));
  }
  let rows: Row[];
  try {
    rows = parseQuery(body.query).run(tablesOf(ctx, inSubscriptions));
  } catch (error) {
    if (!(error instanceof UnsupportedQueryError)) throw error;
    return armError(400, "UnsupportedQuery", `The fake Azure's Resource Graph does not model ${error.construct} in the query: ${body.query}. It serves where / project / union / order by over resources, resourcecontainers and authorizationresources.`);
  }
  const data = rows.slice(start, start + top);
  const more = start + top < rows.length;
  return json(200, {
    totalRecords: rows.length,
    count: data.length,
    data,
    facets: [],
    resultTruncated: "false",
    ...(more && { $skipToken: Buffer.from(JSON.stringify({ offset: start + top })).toString("base64") }),
  });
}

function offsetOf(token: unknown, skip: unknown): number | undefined {
  if (token === undefined || token === null) {
    const n = skip === undefined ? 0 : Number(skip);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  }
  if (typeof token !== "string") return undefined;
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { offset?: unknown };
    return typeof offset === "number" && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}

/** Resource Graph's 400: `BadRequest` with the specific code in `details`. */
function invalid(code: string, message: string): Response {
  return json(400, { error: { code: "BadRequest", message, details: [{ code, message }] } });
}

export const routes: Route[] = [
  { method: "POST", pattern: /^\/providers\/Microsoft\.ResourceGraph\/resources$/i, operation: "Resources_Resources", handle: query },
];
