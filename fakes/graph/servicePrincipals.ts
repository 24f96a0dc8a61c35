import { json } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import type { Principal } from "../world/types.js";
import { GRAPH_V1, graphNotFound, isServicePrincipal, renderDirectoryObject, renderServicePrincipal } from "./render.js";

/** Live principals of the caller's tenant: Graph only sees its own directory. */
function directory(ctx: RouteContext): Principal[] {
  const tenant = ctx.caller.tenantId.toLowerCase();
  return [...ctx.world.principals.values()].filter((p) => !p.deleted && p.tenantId.toLowerCase() === tenant);
}

const byObjectId = (ctx: RouteContext, id: string): Principal | undefined =>
  directory(ctx).find((p) => p.objectId.toLowerCase() === id.toLowerCase());

function getById(ctx: RouteContext): Response {
  const id = ctx.params.id ?? "";
  const found = byObjectId(ctx, id);
  return found && isServicePrincipal(found) ? json(200, renderServicePrincipal(found)) : graphNotFound(id);
}

function getByAppId(ctx: RouteContext): Response {
  const appId = (ctx.params.appId ?? "").toLowerCase();
  const found = directory(ctx).find((p) => isServicePrincipal(p) && p.clientId?.toLowerCase() === appId);
  return found ? json(200, renderServicePrincipal(found)) : graphNotFound(ctx.params.appId ?? "");
}

/** `$filter=appId eq '…'` or `servicePrincipalNames/any(c:c eq '…')` (the form az uses). */
function list(ctx: RouteContext): Response {
  const filter = ctx.url.searchParams.get("$filter") ?? "";
  const wanted = (/^appId\s+eq\s+'([^']*)'$/i.exec(filter) ?? /^servicePrincipalNames\/any\(\w+:\w+\s+eq\s+'([^']*)'\)$/i.exec(filter))?.[1];
  const all = directory(ctx).filter(isServicePrincipal);
  if (filter && wanted === undefined) {
    return json(400, { error: { code: "Request_UnsupportedQuery", message: `Unsupported query: the fake Graph does not understand $filter=${filter}.` } });
  }
  const value = wanted === undefined ? all : all.filter((p) => p.clientId?.toLowerCase() === wanted.toLowerCase());
  return json(200, { "@odata.context": `${GRAPH_V1}/$metadata#servicePrincipals`, value: value.map(renderServicePrincipal) });
}

function getDirectoryObject(ctx: RouteContext): Response {
  const id = ctx.params.id ?? "";
  const found = byObjectId(ctx, id);
  return found ? json(200, { "@odata.context": `${GRAPH_V1}/$metadata#directoryObjects/$entity`, ...renderDirectoryObject(found) }) : graphNotFound(id);
}

/** `POST /directoryObjects/getByIds {ids, types?}`: the objects that exist, unknown ids left out. */
function getByIds(ctx: RouteContext): Response {
  const ids = (ctx.body as { ids?: unknown } | undefined)?.ids;
  const found = (Array.isArray(ids) ? ids : []).flatMap((id) => (typeof id === "string" ? (byObjectId(ctx, id) ?? []) : []));
  return json(200, { "@odata.context": `${GRAPH_V1}/$metadata#directoryObjects`, value: found.map(renderDirectoryObject) });
}

export const routes: Route[] = [
  { method: "GET", pattern: /^\/v1\.0\/servicePrincipals$/i, operation: "Graph_ServicePrincipals_List", handle: list },
  { method: "GET", pattern: /^\/v1\.0\/servicePrincipals\(appId='(?<appId>[^']*)'\)$/i, operation: "Graph_ServicePrincipals_GetByAppId", handle: getByAppId },
  { method: "GET", pattern: /^\/v1\.0\/servicePrincipals\/(?<id>[^/]+)$/i, operation: "Graph_ServicePrincipals_Get", handle: getById },
  { method: "GET", pattern: /^\/v1\.0\/directoryObjects\/(?<id>[^/]+)$/i, operation: "Graph_DirectoryObjects_Get", handle: getDirectoryObject },
  { method: "POST", pattern: /^\/v1\.0\/directoryObjects\/getByIds$/i, operation: "Graph_DirectoryObjects_GetByIds", handle: getByIds },
];
