import { normaliseScope, roleAssignmentId, roleDefinitionId } from "./world/ids.js";
import { settleDueOperations } from "./world/operations.js";
import { findRegistryByName, listImages } from "./world/registries.js";
import type { ManagedCluster, Registry } from "./world/types.js";
import type { World } from "./world/world.js";

/** A role assignment as a test wants to see it: ids as ARM renders them, plus the role's name. */
export interface RoleAssignmentView {
  /** ARM id of the assignment. */
  id: string;
  /** Its GUID name. */
  name: string;
  /** The scope it is assigned at. */
  scope: string;
  /** The role definition's ARM id under the assignment's scope. */
  roleDefinitionId: string;
  /** The role's name, e.g. "AcrPull". */
  roleName: string;
  /** Object id of the principal. */
  principalId: string;
  /** "User", "ServicePrincipal", …, as stored; undefined when the principal is unknown to the fake. */
  principalType: string | undefined;
}

/** Read access to what the world holds now (live records for clusters and registries). */
export interface State {
  /** `scope`: exactly at that scope (case-insensitive); `principalId`: for that principal. */
  roleAssignments(filter?: { scope?: string; principalId?: string }): RoleAssignmentView[];
  /** The tags a registry holds, as `repository:tag`, sorted. Throws when no registry has that name. */
  images(registryName: string): string[];
  /** Every managed cluster, as live records. */
  clusters(): ManagedCluster[];
  /** Every registry, as live records (repositories included). */
  registries(): Registry[];
}

export function createState(world: World): State {
  // Operations that progress on the clock complete when read, whether or not anyone polled them.
  const settled = (): World => (settleDueOperations(world), world);
  return {
    roleAssignments(filter = {}) {
      return [...settled().roleAssignments.values()]
        .filter((a) => filter.scope === undefined || a.scope.toLowerCase() === normaliseScope(filter.scope).toLowerCase())
        .filter((a) => filter.principalId === undefined || a.principalId.toLowerCase() === filter.principalId.toLowerCase())
        .map((a) => ({
          id: roleAssignmentId(a.scope, a.name),
          name: a.name,
          scope: a.scope,
          roleDefinitionId: roleDefinitionId(a.scope, a.roleDefinitionName),
          roleName: world.roleDefinitions.get(a.roleDefinitionName)?.roleName ?? a.roleDefinitionName,
          principalId: a.principalId,
          principalType: a.principalType,
        }));
    },
    images(registryName) {
      const registry = findRegistryByName(settled(), registryName);
      if (!registry) throw new Error(`Failed to read images of registry '${registryName}': the fake Azure holds no registry of that name.`);
      return listImages(registry);
    },
    clusters: () => [...settled().clusters.values()],
    registries: () => [...settled().registries.values()],
  };
}
