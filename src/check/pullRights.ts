/**
 * Whether a role lets its holder pull, in a registry's roleAssignmentMode, evaluated the way Azure
 * evaluates permissions: per permission block, actions minus notActions, `*` as a wildcard,
 * case-insensitive. Built-in roles come from the shared table in roles.ts; custom roles from
 * their definitions.
 */
import { builtInRoleById, rolePullsIn, type RoleAssignmentMode } from "../roles.js";

/** The control-plane action that lets a principal pull from a registry in RBAC-only mode. */
export const PULL_ACTION = "Microsoft.ContainerRegistry/registries/pull/read";
/** The data action that lets a principal read repository content; the only pull right ABAC mode honours. */
export const PULL_DATA_ACTION = "Microsoft.ContainerRegistry/registries/repositories/content/read";

/** One permission block of a role definition, as ARM returns it. */
export interface RolePermission {
  actions?: string[];
  notActions?: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

/** True when `pattern` (which may hold `*` wildcards) covers `operation`, ignoring case. */
export function matchesOperation(pattern: string, operation: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "i").test(operation);
}

function allows(granted: string[] | undefined, denied: string[] | undefined, operation: string): boolean {
  const covered = (list: string[] | undefined): boolean => (list ?? []).some((p) => matchesOperation(p, operation));
  return covered(granted) && !covered(denied);
}

/**
 * Whether these permissions let their holder pull in this mode. ABAC-enabled registries honour only
 * the repository data action; RBAC-only registries honour the pull action, and the repository
 * roles' data action as well.
 */
export function permissionsGrantPull(permissions: readonly RolePermission[], mode: RoleAssignmentMode): boolean {
  const data = permissions.some((p) => allows(p.dataActions, p.notDataActions, PULL_DATA_ACTION));
  if (mode === "AbacRepositoryPermissions") return data;
  return data || permissions.some((p) => allows(p.actions, p.notActions, PULL_ACTION));
}

/** What a role means for pulling: known built-in roles by table, others by their permissions. */
export interface RolePullRights {
  roleName: string;
  pulls: Record<RoleAssignmentMode, boolean>;
}

/** The pull rights of a built-in role this library knows, or undefined (its definition must be read). */
export function builtInPullRights(roleGuid: string): RolePullRights | undefined {
  const role = builtInRoleById(roleGuid);
  if (role === undefined) return undefined;
  return {
    roleName: role.name,
    pulls: {
      AbacRepositoryPermissions: rolePullsIn(role.id, "AbacRepositoryPermissions"),
      LegacyRegistryPermissions: rolePullsIn(role.id, "LegacyRegistryPermissions"),
    },
  };
}

/** The pull rights of a role read from its definition. */
export function definitionPullRights(roleName: string, permissions: readonly RolePermission[]): RolePullRights {
  return {
    roleName,
    pulls: {
      AbacRepositoryPermissions: permissionsGrantPull(permissions, "AbacRepositoryPermissions"),
      LegacyRegistryPermissions: permissionsGrantPull(permissions, "LegacyRegistryPermissions"),
    },
  };
}
