import { managedClusterId, newGuid, randomHex } from "./ids.js";
import { addPrincipal } from "./seed.js";
import type { ManagedCluster, ProvisioningState } from "./types.js";
import { key, type World } from "./world.js";

export interface NewClusterInput {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** @default the resource group's location, else "westeurope" */
  location?: string;
  /** @default "managed" */
  identity?: "managed" | "servicePrincipal";
  /** For service-principal clusters: an existing application's client id; a new principal is made when omitted. */
  servicePrincipalClientId?: string;
  /** @default derived from the name, resource group and subscription, as az does */
  dnsPrefix?: string;
  /** @default "1.31" */
  kubernetesVersion?: string;
  /** @default 3 */
  nodeCount?: number;
  /** @default "Standard_DS2_v2" */
  vmSize?: string;
  /** @default "Succeeded" */
  provisioningState?: ProvisioningState;
  tags?: Record<string, string>;
}

/**
 * Adds a managed cluster to the world with the identity that pulls its images: a kubelet managed
 * identity (which, like a fresh Entra ID object, answers PrincipalNotFound for
 * `knobs.identityReplicationAttempts` role-assignment writes) or a service principal.
 */
export function newCluster(world: World, input: NewClusterInput): ManagedCluster {
  const { subscriptionId, resourceGroup, name } = input;
  const tenantId = world.subscriptions.get(subscriptionId.toLowerCase())?.tenantId ?? "";
  const groupLocation = world.resourceGroups.get(key(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`))?.location;
  const location = input.location ?? groupLocation ?? "westeurope";
  const nodeResourceGroup = `MC_${resourceGroup}_${name}_${location}`;
  const dnsPrefix = input.dnsPrefix ?? `${name.slice(0, 10)}-${resourceGroup.slice(0, 16)}-${subscriptionId.slice(0, 6)}`.replace(/[^a-zA-Z0-9-]/g, "");
  const cluster: ManagedCluster = {
    id: managedClusterId(subscriptionId, resourceGroup, name),
    subscriptionId,
    resourceGroup,
    name,
    location,
    identityKind: input.identity ?? "managed",
    dnsPrefix,
    fqdn: `${dnsPrefix}-${randomHex(8)}.hcp.${location}.azmk8s.io`,
    kubernetesVersion: input.kubernetesVersion ?? "1.31",
    nodeCount: input.nodeCount ?? 3,
    vmSize: input.vmSize ?? "Standard_DS2_v2",
    provisioningState: input.provisioningState ?? "Succeeded",
    nodeResourceGroup,
    tags: input.tags ?? {},
  };
  if (cluster.identityKind === "managed") {
    const kubelet = addPrincipal(world, {
      type: "ManagedIdentity",
      displayName: `${name}-agentpool`,
      tenantId,
      clientId: newGuid(),
      unreplicatedAttempts: world.knobs.identityReplicationAttempts,
    });
    cluster.kubeletIdentity = {
      clientId: kubelet.clientId ?? "",
      objectId: kubelet.objectId,
      resourceId: `/subscriptions/${subscriptionId}/resourcegroups/${nodeResourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-agentpool`,
    };
  } else {
    const existing = input.servicePrincipalClientId
      ? [...world.principals.values()].find((p) => p.clientId?.toLowerCase() === input.servicePrincipalClientId?.toLowerCase())
      : undefined;
    const principal = existing ?? addPrincipal(world, { type: "ServicePrincipal", displayName: name, tenantId, clientId: input.servicePrincipalClientId ?? newGuid(), unreplicatedAttempts: 0 });
    cluster.servicePrincipalClientId = principal.clientId ?? "";
  }
  world.clusters.set(key(cluster.id), cluster);
  return cluster;
}
