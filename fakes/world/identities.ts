/**
 * User-assigned managed identities and the principals behind every managed identity: creating an
 * identity creates its service principal in Entra ID, deleting it deletes the principal (its role
 * assignments stay behind, as in Azure, and then name a principal that no longer exists).
 */
import { newGuid, userAssignedIdentityId } from "./ids.js";
import { addPrincipal } from "./seed.js";
import type { Principal, RoleAssignment, UserAssignedIdentity } from "./types.js";
import { key, type World } from "./world.js";

export interface NewIdentityInput {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** @default the resource group's location, else "westeurope" */
  location?: string;
  tags?: Record<string, string>;
}

/** Names ARM accepts for a user-assigned identity: 3–128 characters, starting with a letter or digit. */
export const IDENTITY_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;

export function newUserAssignedIdentity(world: World, input: NewIdentityInput): UserAssignedIdentity {
  const tenantId = world.subscriptions.get(input.subscriptionId.toLowerCase())?.tenantId ?? "";
  const group = world.resourceGroups.get(key(`/subscriptions/${input.subscriptionId}/resourceGroups/${input.resourceGroup}`));
  const principal = addPrincipal(world, {
    type: "ManagedIdentity",
    displayName: input.name,
    tenantId,
    clientId: newGuid(),
    unreplicatedAttempts: world.knobs.identityReplicationAttempts,
  });
  const identity: UserAssignedIdentity = {
    id: userAssignedIdentityId(input.subscriptionId, input.resourceGroup, input.name),
    subscriptionId: input.subscriptionId,
    resourceGroup: input.resourceGroup,
    name: input.name,
    location: (input.location ?? group?.location ?? "westeurope").toLowerCase().replace(/\s+/g, ""),
    tags: input.tags ?? {},
    principalId: principal.objectId,
    clientId: principal.clientId ?? "",
    tenantId,
  };
  world.userAssignedIdentities.set(key(identity.id), identity);
  return identity;
}

export function findUserAssignedIdentity(world: World, id: string): UserAssignedIdentity | undefined {
  return world.userAssignedIdentities.get(key(id));
}

/** Removes the identity and deletes its principal; role assignments naming it are left, orphaned. */
export function deleteUserAssignedIdentity(world: World, identity: UserAssignedIdentity): void {
  world.userAssignedIdentities.delete(key(identity.id));
  deletePrincipal(world, identity.principalId);
}

/** Marks a principal deleted in Entra ID (it stays in the map so old assignments can still name it). */
export function deletePrincipal(world: World, objectId: string): void {
  const principal = world.principals.get(objectId.toLowerCase());
  if (principal) principal.deleted = true;
}

/**
 * The `principalType` ARM shows on an assignment: the stored type, or "Unknown" once the principal
 * was deleted from the directory — how orphaned assignments are told apart.
 */
export function assignmentPrincipalType(world: World, assignment: RoleAssignment): Principal["type"] | "Unknown" | undefined {
  const principal = world.principals.get(assignment.principalId.toLowerCase());
  if (principal?.deleted) return "Unknown";
  return assignment.principalType;
}
