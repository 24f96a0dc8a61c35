/**
 * The built-in roles that matter for pulling from a registry, and which of them the registry
 * honours in each `roleAssignmentMode`. One table, so attach, detach, list and check agree.
 */

/**
 * A registry's `properties.roleAssignmentMode`: `LegacyRegistryPermissions` honours AcrPull;
 * `AbacRepositoryPermissions` honours only the Container Registry Repository roles.
 */
export type RoleAssignmentMode = "AbacRepositoryPermissions" | "LegacyRegistryPermissions";

export interface BuiltInRole {
  /** The role definition GUID (the same in every subscription and cloud). */
  id: string;
  name: string;
  /** Whether the role lets its holder pull images, per registry mode. */
  pulls: Record<RoleAssignmentMode, boolean>;
  /** Whether the role does more than pull (push, delete, manage): detach leaves such roles unless asked. */
  broader: boolean;
}

// Legacy registries authorise pulls by the control-plane action registries/pull/read (so any role with
// "*/read" pulls); ABAC registries only by the repositories/content/read data action, which the
// Repository roles carry and AcrPull, Owner, Contributor and Reader do not.
const abacOnly = { AbacRepositoryPermissions: true, LegacyRegistryPermissions: false } as const;
const legacyOnly = { AbacRepositoryPermissions: false, LegacyRegistryPermissions: true } as const;

/** Role definition GUID of the built-in AcrPull role. */
export const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
/** Role definition GUID of Container Registry Repository Reader, the pull role of ABAC registries. */
export const REPOSITORY_READER = "b93aa761-3e63-49ed-ac28-beffa264f7ac";

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { id: ACR_PULL, name: "AcrPull", pulls: legacyOnly, broader: false },
  { id: REPOSITORY_READER, name: "Container Registry Repository Reader", pulls: abacOnly, broader: false },
  { id: "8311e382-0749-4cb8-b61a-304f252e45ec", name: "AcrPush", pulls: legacyOnly, broader: true },
  { id: "2a1e307c-b015-4ebd-883e-5b7698a07328", name: "Container Registry Repository Writer", pulls: abacOnly, broader: true },
  { id: "3bc748fc-213d-45c1-8d91-9da5725539b9", name: "Container Registry Repository Contributor", pulls: abacOnly, broader: true },
  { id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", name: "Owner", pulls: legacyOnly, broader: true },
  { id: "b24988ac-6180-42a0-ab88-20f7382dd24c", name: "Contributor", pulls: legacyOnly, broader: true },
  { id: "acdd72a7-3385-48ef-bd42-f606fba81ae7", name: "Reader", pulls: legacyOnly, broader: true },
  { id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", name: "User Access Administrator", pulls: legacyOnly, broader: true },
  { id: "f58310d9-a9f6-439a-9e8d-f62e7b41a168", name: "Role Based Access Control Administrator", pulls: legacyOnly, broader: true },
  { id: "c2f4ef07-c644-48eb-af81-4b1b4947fb11", name: "AcrDelete", pulls: { AbacRepositoryPermissions: false, LegacyRegistryPermissions: false }, broader: true },
];

/** The roles that can write role assignments, named in PermissionDenied errors. */
export const ROLE_ASSIGNMENT_WRITERS = ["Owner", "User Access Administrator", "Role Based Access Control Administrator"] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFINITION_ID = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})$/i;

/** The built-in role with this GUID, if it is one this library knows. */
export function builtInRoleById(id: string): BuiltInRole | undefined {
  const lower = id.toLowerCase();
  return BUILT_IN_ROLES.find((role) => role.id === lower);
}

/** The built-in role with this name (case-insensitive; spaces optional), if it is one this library knows. */
export function builtInRoleByName(name: string): BuiltInRole | undefined {
  const wanted = squash(name);
  return BUILT_IN_ROLES.find((role) => squash(role.name) === wanted);
}

/**
 * The role GUID a user wrote: a known built-in name, a GUID, or a full roleDefinitionId.
 * Returns undefined for anything else (an unknown name), so the caller can report it.
 */
export function roleGuid(role: string): string | undefined {
  const trimmed = role.trim();
  if (GUID.test(trimmed)) return trimmed.toLowerCase();
  const fromId = DEFINITION_ID.exec(trimmed)?.[1];
  if (fromId !== undefined && GUID.test(fromId)) return fromId.toLowerCase();
  return builtInRoleByName(trimmed)?.id;
}

/** The GUID at the end of a roleDefinitionId. */
export function roleGuidOfDefinitionId(roleDefinitionId: string): string {
  return (roleDefinitionId.split("/").pop() ?? roleDefinitionId).toLowerCase();
}

/** A role's display name: its built-in name, else its GUID. */
export function roleDisplayName(guid: string): string {
  return builtInRoleById(guid)?.name ?? guid;
}

/** `/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}` as ARM expects it in a PUT. */
export function roleDefinitionId(subscriptionId: string, guid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

/** The pull role for a registry mode: Repository Reader where ABAC is on (AcrPull is ignored there), else AcrPull. */
export function defaultPullRole(mode: RoleAssignmentMode): BuiltInRole {
  const id = mode === "AbacRepositoryPermissions" ? REPOSITORY_READER : ACR_PULL;
  return builtInRoleById(id) as BuiltInRole;
}

/** Whether this role lets its holder pull in some registry mode (unknown roles: false). */
export function roleGrantsPull(guid: string): boolean {
  const role = builtInRoleById(guid);
  return role !== undefined && (role.pulls.AbacRepositoryPermissions || role.pulls.LegacyRegistryPermissions);
}

/** Whether holding this role lets a principal pull from a registry in this mode (unknown roles: false). */
export function rolePullsIn(guid: string, mode: RoleAssignmentMode): boolean {
  return builtInRoleById(guid)?.pulls[mode] ?? false;
}

function squash(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}
