import type { FakeAzure } from "../../fakes/index.js";

type ClusterJson = { properties: { identityProfile: { kubeletidentity: { objectId: string } } } };

/**
 * The cluster deleted and created again under the same name, as `az aks delete` + `az aks create`
 * do: AKS deletes the old kubelet identity with the cluster (its assignments stay, naming a
 * principal that no longer exists) and the new cluster gets a new one. Returns the new identity.
 */
export function recreateCluster(azure: FakeAzure, ref: { resourceGroup: string; name: string }): string {
  const id = `/subscriptions/${azure.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${ref.name}`.toLowerCase();
  const old = [...azure.world.clusters.values()].find((c) => c.id.toLowerCase() === id);
  const oldKubelet = old?.kubeletIdentity?.objectId.toLowerCase();
  const principal = oldKubelet === undefined ? undefined : azure.world.principals.get(oldKubelet);
  if (principal) principal.deleted = true;
  for (const [key, cluster] of azure.world.clusters) if (cluster.id.toLowerCase() === id) azure.world.clusters.delete(key);
  return (azure.seed.cluster(ref) as ClusterJson).properties.identityProfile.kubeletidentity.objectId;
}

/** `az acr update --role-assignment-mode rbac-abac`: the registry now honours only the Repository roles. */
export function moveToAbac(azure: FakeAzure, registryName: string): void {
  const registry = [...azure.world.registries.values()].find((r) => r.name.toLowerCase() === registryName.toLowerCase());
  if (!registry) throw new Error(`no registry ${registryName} in the fake`);
  registry.roleAssignmentMode = "AbacRepositoryPermissions";
}
