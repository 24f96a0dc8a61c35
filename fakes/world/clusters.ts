import { managedClusterId, newGuid, randomHex, userAssignedIdentityId } from "./ids.js";
import { deletePrincipal, findUserAssignedIdentity } from "./identities.js";
import { addPrincipal } from "./seed.js";
import type { ClusterIdentity, KubeletIdentity, ManagedCluster, ProvisioningState } from "./types.js";
import { key, type World } from "./world.js";

/** A caller-supplied kubelet identity: its resource id, and the ids when the caller gave them. */
export interface KubeletIdentityInput {
  resourceId: string;
  clientId?: string;
  objectId?: string;
}

export interface NewClusterInput {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** @default the resource group's location, else "westeurope" */
  location?: string;
  /** @default "managed" */
  identity?: "managed" | "servicePrincipal";
  /** For managed clusters: ARM ids of user-assigned control-plane identities; a system-assigned one is made when omitted. */
  userAssignedIdentities?: string[];
  /** For managed clusters: the caller's own kubelet identity; AKS makes one in the node resource group when omitted. */
  kubeletIdentity?: KubeletIdentityInput;
  /** For service-principal clusters: an existing application's client id; a new principal is made when omitted. */
  servicePrincipalClientId?: string;
  /** @default derived from the name, resource group and subscription, as az does */
  dnsPrefix?: string;
  /** @default "1.31" */
  kubernetesVersion?: string;
  /** @default "nodepool1" */
  agentPoolName?: string;
  /** @default 3 */
  nodeCount?: number;
  /** @default "Standard_DS2_v2" */
  vmSize?: string;
  /** @default "Succeeded" */
  provisioningState?: ProvisioningState;
  tags?: Record<string, string>;
}

/**
 * Adds a managed cluster to the world with its identities, as AKS models them: a control-plane
 * identity (system-assigned, with its own principal, or the caller's user-assigned ones) and the
 * kubelet identity that pulls images (the caller's, or one AKS makes, which — like a fresh Entra ID
 * object — answers PrincipalNotFound for `knobs.identityReplicationAttempts` role-assignment writes);
 * or a service principal. User-assigned identities named by the input must exist in the world.
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
    agentPoolName: input.agentPoolName ?? "nodepool1",
    nodeCount: input.nodeCount ?? 3,
    vmSize: input.vmSize ?? "Standard_DS2_v2",
    provisioningState: input.provisioningState ?? "Succeeded",
    nodeResourceGroup,
    tags: input.tags ?? {},
    eTag: newGuid(),
  };
  if (cluster.identityKind === "managed") {
    cluster.identity = controlPlaneIdentity(world, input, tenantId);
    const supplied = input.kubeletIdentity && suppliedKubelet(world, input.kubeletIdentity);
    cluster.kubeletIdentity = supplied ?? managedKubelet(world, { subscriptionId, nodeResourceGroup, name, tenantId });
    cluster.kubeletIdentityManaged = !supplied;
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

function controlPlaneIdentity(world: World, input: NewClusterInput, tenantId: string): ClusterIdentity {
  if (input.userAssignedIdentities?.length) {
    const userAssignedIdentities: NonNullable<ClusterIdentity["userAssignedIdentities"]> = {};
    for (const id of input.userAssignedIdentities) {
      const identity = findUserAssignedIdentity(world, id);
      if (!identity) throw new Error(`Failed to add cluster '${input.name}': no user-assigned identity '${id}' in the world.`);
      userAssignedIdentities[id] = { principalId: identity.principalId, clientId: identity.clientId };
    }
    return { type: "UserAssigned", userAssignedIdentities };
  }
  const principal = addPrincipal(world, { type: "ManagedIdentity", displayName: input.name, tenantId, clientId: newGuid() });
  return { type: "SystemAssigned", principalId: principal.objectId, tenantId };
}

/** The caller's kubelet identity, with the ids of the identity it names when the world holds it. */
function suppliedKubelet(world: World, input: KubeletIdentityInput): KubeletIdentity | undefined {
  const identity = findUserAssignedIdentity(world, input.resourceId);
  if (identity) return { resourceId: input.resourceId, clientId: identity.clientId, objectId: identity.principalId };
  if (input.clientId && input.objectId) return { resourceId: input.resourceId, clientId: input.clientId, objectId: input.objectId };
  return undefined;
}

function managedKubelet(world: World, at: { subscriptionId: string; nodeResourceGroup: string; name: string; tenantId: string }): KubeletIdentity {
  const kubelet = addPrincipal(world, {
    type: "ManagedIdentity",
    displayName: `${at.name}-agentpool`,
    tenantId: at.tenantId,
    clientId: newGuid(),
    unreplicatedAttempts: world.knobs.identityReplicationAttempts,
  });
  return { clientId: kubelet.clientId ?? "", objectId: kubelet.objectId, resourceId: userAssignedIdentityId(at.subscriptionId, at.nodeResourceGroup, `${at.name}-agentpool`) };
}

/**
 * Removes a cluster. The node resource group goes with it, and with it the kubelet identity AKS made
 * and the system-assigned identity; their role assignments stay behind, orphaned, as in Azure. The
 * caller's own identities are the caller's to delete.
 */
export function deleteCluster(world: World, cluster: ManagedCluster): void {
  world.clusters.delete(key(cluster.id));
  if (cluster.kubeletIdentity && cluster.kubeletIdentityManaged) deletePrincipal(world, cluster.kubeletIdentity.objectId);
  if (cluster.identity?.type === "SystemAssigned" && cluster.identity.principalId) deletePrincipal(world, cluster.identity.principalId);
}
