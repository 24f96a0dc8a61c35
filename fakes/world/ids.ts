import { randomBytes, randomUUID } from "node:crypto";

/** Identifiers the fake hands out, shaped like Azure's. */

export const newGuid = (): string => randomUUID();

export const randomHex = (length: number): string => randomBytes(Math.ceil(length / 2)).toString("hex").slice(0, length);

export const subscriptionScope = (subscriptionId: string): string => `/subscriptions/${subscriptionId}`;

export const resourceGroupId = (subscriptionId: string, resourceGroup: string): string =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

/** AKS renders its ids with a lower-case `resourcegroups` segment (as in real GETs recorded by the Azure CLI's tests). */
export const managedClusterId = (subscriptionId: string, resourceGroup: string, name: string): string =>
  `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`;

/** Microsoft.ManagedIdentity renders its ids with a lower-case `resourcegroups` segment, as AKS does. */
export const userAssignedIdentityId = (subscriptionId: string, resourceGroup: string, name: string): string =>
  `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

/** ARM renders role definition ids under the subscription of the scope they were read at (none at `/`). */
export function roleDefinitionId(scope: string, roleGuid: string): string {
  const subscriptionId = subscriptionOfScope(scope);
  const prefix = subscriptionId ? `/subscriptions/${subscriptionId}` : "";
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

export function roleAssignmentId(scope: string, name: string): string {
  return `${scope === "/" ? "" : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
}

export function subscriptionOfScope(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
}

/** The resource group a scope names, if it is at or below one. */
export function resourceGroupOfScope(scope: string): string | undefined {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(scope)?.[1];
}

/** A scope with `//` runs collapsed, no trailing `/` (except the root `/`). */
export function normaliseScope(scope: string): string {
  const collapsed = `/${scope}`.replace(/\/{2,}/g, "/").replace(/\/+$/, "");
  return collapsed === "" ? "/" : collapsed;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (value: string): boolean => GUID.test(value);
