import type { Principal } from "../world/types.js";

/** Microsoft Graph's JSON for directory objects (see arm-recordings/graph-*.json). */

export const GRAPH_V1 = "https://graph.microsoft.com/v1.0";

export function renderServicePrincipal(p: Principal): Record<string, unknown> {
  return {
    id: p.objectId,
    deletedDateTime: null,
    accountEnabled: true,
    alternativeNames: [],
    appDisplayName: p.displayName,
    appId: p.clientId ?? null,
    appOwnerOrganizationId: p.tenantId,
    displayName: p.displayName,
    servicePrincipalNames: p.clientId ? [p.clientId] : [],
    servicePrincipalType: p.type === "ManagedIdentity" ? "ManagedIdentity" : "Application",
    tags: [],
  };
}

export function renderUser(p: Principal): Record<string, unknown> {
  return { id: p.objectId, displayName: p.displayName, userPrincipalName: `${p.objectId.slice(0, 8)}@fake.onmicrosoft.com` };
}

/** A directory object as `directoryObjects` returns it: typed by `@odata.type`. */
export function renderDirectoryObject(p: Principal): Record<string, unknown> {
  if (p.type === "User") return { "@odata.type": "#microsoft.graph.user", ...renderUser(p) };
  if (p.type === "Group") return { "@odata.type": "#microsoft.graph.group", id: p.objectId, displayName: p.displayName };
  return { "@odata.type": "#microsoft.graph.servicePrincipal", ...renderServicePrincipal(p) };
}

export const isServicePrincipal = (p: Principal): boolean => p.type === "ServicePrincipal" || p.type === "ManagedIdentity";

export function graphNotFound(id: string): Response {
  return new Response(
    JSON.stringify({
      error: { code: "Request_ResourceNotFound", message: `Resource '${id}' does not exist or one of its queried reference-property objects are not present.` },
    }),
    { status: 404, headers: { "content-type": "application/json" } },
  );
}
