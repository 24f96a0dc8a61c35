import { isParentScope } from "./authorization.js";
import { deleteCluster } from "./clusters.js";
import { deleteUserAssignedIdentity } from "./identities.js";
import type { ResourceGroup } from "./types.js";
import { key, type World } from "./world.js";

/**
 * Deletes a resource group and everything it holds, as ARM does: its clusters (and their node
 * resource groups' identities), registries, user-assigned identities, and every role assignment at
 * the group or below it. Assignments elsewhere that name a deleted identity stay, orphaned.
 */
export function deleteResourceGroup(world: World, group: ResourceGroup): void {
  const inGroup = (resource: { subscriptionId: string; resourceGroup: string }) =>
    key(resource.subscriptionId) === key(group.subscriptionId) && key(resource.resourceGroup) === key(group.name);
  for (const cluster of [...world.clusters.values()].filter(inGroup)) deleteCluster(world, cluster);
  for (const registry of [...world.registries.values()].filter(inGroup)) world.registries.delete(key(registry.id));
  for (const identity of [...world.userAssignedIdentities.values()].filter(inGroup)) deleteUserAssignedIdentity(world, identity);
  for (const assignment of [...world.roleAssignments.values()]) {
    if (isParentScope(group.id, assignment.scope)) world.roleAssignments.delete(assignment.name.toLowerCase());
  }
  world.resourceGroups.delete(key(group.id));
}
