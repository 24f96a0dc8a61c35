import type { ArmResponse } from "../arm/types.js";
import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { clusterId, type ClusterRef } from "../ids.js";
import { MANAGED_CLUSTERS_API } from "./api-versions.js";
import { responseInfo } from "./response-info.js";
import type { ClusterInfo, Puller, ResolveOptions } from "./types.js";

/** The parts of a managedCluster resource this library reads. */
export interface ManagedClusterJson {
  id?: string;
  name?: string;
  location?: string;
  properties?: {
    provisioningState?: string;
    fqdn?: string;
    dnsPrefix?: string;
    kubernetesVersion?: string;
    agentPoolProfiles?: { count?: number }[];
    identityProfile?: { kubeletidentity?: { objectId?: string; clientId?: string; resourceId?: string } };
    servicePrincipalProfile?: { clientId?: string };
  };
}

/** One GET of a managed cluster; a 404 is returned (status 404) for the caller to word, not thrown. */
export async function readManagedCluster(ctx: Context, id: string, options: ResolveOptions): Promise<ArmResponse<ManagedClusterJson>> {
  return ctx.arm.send<ManagedClusterJson>({
    method: "GET",
    path: id,
    apiVersion: MANAGED_CLUSTERS_API,
    operation: options.operation,
    scope: id,
    allowStatus: [404],
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
}

/** The NotFound error of a cluster GET answered 404. */
export function clusterNotFound(response: ArmResponse, id: string, ref: { name: string; resourceGroup: string; subscriptionId: string }, operation: string): AksAcrError {
  return new AksAcrError("NotFound", {
    operation,
    scope: id,
    reason: `no managed cluster "${ref.name}" in resource group "${ref.resourceGroup}" of subscription ${ref.subscriptionId}`,
    fix: "Check the name and resource group, or the subscription (az aks list -o table lists the clusters you can see)",
    response: responseInfo(response, { method: "GET", url: id }),
  });
}

/** Reads a managed cluster with one GET and works out which identity its nodes pull images as. */
export async function resolveCluster(ctx: Context, ref: ClusterRef, options: ResolveOptions): Promise<ClusterInfo> {
  const { operation } = options;
  const subscriptionId = ref.subscriptionId ?? ctx.subscriptionId(operation);
  const id = clusterId(subscriptionId, ref.resourceGroup, ref.name);
  const response = await readManagedCluster(ctx, id, options);
  if (response.status === 404) throw clusterNotFound(response, id, { ...ref, subscriptionId }, operation);
  const body = response.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AksAcrError("UnexpectedResponse", {
      operation,
      scope: id,
      reason: `ARM answered the cluster GET with ${body === null ? "null" : typeof body} instead of a managed cluster`,
      fix: "Check that the cloud's resourceManager endpoint is ARM, then try again",
      response: responseInfo(response, { method: "GET", url: id }),
    });
  }
  const properties = body.properties ?? {};
  return {
    id: body.id ?? id,
    subscriptionId,
    resourceGroup: ref.resourceGroup,
    name: body.name ?? ref.name,
    location: body.location ?? "",
    provisioningState: properties.provisioningState ?? "Unknown",
    fqdn: properties.fqdn,
    puller: pullerOf(body, id, operation),
    raw: body as Record<string, unknown>,
  };
}

/**
 * Nodes pull as the kubelet identity when the cluster has one (managed-identity clusters); a
 * service-principal cluster's nodes pull as that service principal.
 */
export function pullerOf(cluster: ManagedClusterJson, id: string, operation: string): Puller {
  const kubelet = cluster.properties?.identityProfile?.kubeletidentity;
  const unreadable = (field: string, value: unknown): AksAcrError =>
    new AksAcrError("UnexpectedResponse", {
      operation,
      scope: id,
      reason: `the cluster's ${field} is ${JSON.stringify(value)}, not an Entra ID object or client id`,
      fix: "Check that the cloud's resourceManager endpoint is ARM, then try again",
    });
  for (const field of ["objectId", "clientId"] as const) {
    const value: unknown = kubelet?.[field];
    if (value !== undefined && value !== null && typeof value !== "string") throw unreadable(`kubeletidentity.${field}`, value);
  }
  if (kubelet?.objectId && kubelet.clientId) {
    return {
      kind: "kubeletIdentity",
      objectId: kubelet.objectId,
      clientId: kubelet.clientId,
      resourceId: kubelet.resourceId ?? "",
      reason: "the cluster uses managed identities, so its nodes pull images as the kubelet identity (properties.identityProfile.kubeletidentity)",
    };
  }
  const clientId: unknown = cluster.properties?.servicePrincipalProfile?.clientId;
  if (clientId !== undefined && clientId !== null && typeof clientId !== "string") throw unreadable("servicePrincipalProfile.clientId", clientId);
  if (typeof clientId === "string" && clientId !== "" && clientId.toLowerCase() !== "msi") {
    return {
      kind: "servicePrincipal",
      clientId,
      reason: "the cluster runs as a service principal (properties.servicePrincipalProfile.clientId), so its nodes pull images as that service principal",
    };
  }
  throw new AksAcrError("UnexpectedResponse", {
    operation,
    scope: id,
    reason: "the cluster has neither a kubelet identity nor a service principal, so there is no identity to grant pull access to",
    fix: "Wait until the cluster finishes provisioning (az aks show --query provisioningState), then try again",
  });
}
