import type { ManagedClusterJson } from "../resolve/cluster.js";
import type { ClusterSummary } from "./types.js";

export type { ManagedClusterJson };

/** Where a cluster is, once its reference has been parsed and its subscription settled. */
export interface LocatedCluster {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** A managedCluster resource in the shape this library returns. */
export function toClusterSummary(json: ManagedClusterJson, cluster: LocatedCluster): ClusterSummary {
  const properties = json.properties ?? {};
  const kubelet = properties.identityProfile?.kubeletidentity;
  return {
    id: json.id ?? cluster.id,
    subscriptionId: cluster.subscriptionId,
    resourceGroup: cluster.resourceGroup,
    name: json.name ?? cluster.name,
    location: json.location ?? "",
    provisioningState: properties.provisioningState ?? "Unknown",
    fqdn: properties.fqdn,
    dnsPrefix: properties.dnsPrefix,
    kubernetesVersion: properties.kubernetesVersion,
    nodeCount: (properties.agentPoolProfiles ?? []).reduce((sum, pool) => sum + (pool.count ?? 0), 0),
    kubeletIdentity:
      kubelet?.objectId && kubelet.clientId ? { objectId: kubelet.objectId, clientId: kubelet.clientId } : undefined,
    raw: json,
  };
}

/** How a user writes this cluster's reference in code, for fixes in error messages. */
export function clusterLabel(cluster: LocatedCluster): string {
  return `{ resourceGroup: "${cluster.resourceGroup}", name: "${cluster.name}" }`;
}
