import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { clusterId, type ClusterRef } from "../ids.js";
import { MANAGED_CLUSTERS_API } from "./api-versions.js";
import { responseInfo } from "./response-info.js";
import type { ClusterInfo, Puller, ResolveOptions } from "./types.js";

interface ManagedClusterJson {
  id?: string;
  name?: string;
  location?: string;
  properties?: {
    provisioningState?: string;
    fqdn?: string;
    identityProfile?: { kubeletidentity?: { objectId?: string; clientId?: string; resourceId?: string } };
    servicePrincipalProfile?: { clientId?: string };
  };
}

/** Reads a managed cluster with one GET and works out which identity its nodes pull images as. */
export async function resolveCluster(ctx: Context, ref: ClusterRef, options: ResolveOptions): Promise<ClusterInfo> {
  const { operation, signal } = options;
  const subscriptionId = ref.subscriptionId ?? ctx.subscriptionId(operation);
  const id = clusterId(subscriptionId, ref.resourceGroup, ref.name);
  const response = await ctx.arm.send<ManagedClusterJson>({
    method: "GET",
    path: id,
    apiVersion: MANAGED_CLUSTERS_API,
    operation,
    scope: id,
    allowStatus: [404],
    ...(signal && { signal }),
  });
  if (response.status === 404) {
    throw new AksAcrError("NotFound", {
      operation,
      scope: id,
      reason: `no managed cluster "${ref.name}" in resource group "${ref.resourceGroup}" of subscription ${subscriptionId}`,
      fix: "Check the name and resource group, or the subscription (az aks list -o table lists the clusters you can see)",
      response: responseInfo(response, { method: "GET", url: id }),
    });
  }
  const body = response.body;
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
function pullerOf(cluster: ManagedClusterJson, id: string, operation: string): Puller {
  const kubelet = cluster.properties?.identityProfile?.kubeletidentity;
  if (kubelet?.objectId && kubelet.clientId) {
    return {
      kind: "kubeletIdentity",
      objectId: kubelet.objectId,
      clientId: kubelet.clientId,
      resourceId: kubelet.resourceId ?? "",
      reason: "the cluster uses managed identities, so its nodes pull images as the kubelet identity (properties.identityProfile.kubeletidentity)",
    };
  }
  const clientId = cluster.properties?.servicePrincipalProfile?.clientId;
  if (clientId && clientId.toLowerCase() !== "msi") {
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
