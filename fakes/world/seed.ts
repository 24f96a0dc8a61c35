import { BUILTIN_ROLES } from "./builtinRoles.js";
import { newGuid, normaliseScope, resourceGroupId } from "./ids.js";
import type { Principal, ResourceGroup, RoleAssignment, Subscription } from "./types.js";
import { key, type World } from "./world.js";

/** Record-level additions to the world, shared by the seeding API and the ARM handlers. */

export function loadBuiltinRoles(world: World): void {
  for (const role of BUILTIN_ROLES) world.roleDefinitions.set(role.name.toLowerCase(), structuredClone(role));
}

export function addSubscription(world: World, input: { subscriptionId: string; tenantId: string; displayName?: string }): Subscription {
  if (!world.tenants.has(input.tenantId.toLowerCase())) world.tenants.set(input.tenantId.toLowerCase(), { id: input.tenantId });
  const subscription: Subscription = {
    id: input.subscriptionId,
    tenantId: input.tenantId,
    displayName: input.displayName ?? `Fake subscription ${input.subscriptionId.slice(0, 8)}`,
  };
  world.subscriptions.set(input.subscriptionId.toLowerCase(), subscription);
  return subscription;
}

export function addResourceGroup(world: World, input: { subscriptionId: string; name: string; location: string }): ResourceGroup {
  const id = resourceGroupId(input.subscriptionId, input.name);
  const group: ResourceGroup = { id, subscriptionId: input.subscriptionId, name: input.name, location: input.location };
  world.resourceGroups.set(key(id), group);
  return group;
}

export function findResourceGroup(world: World, subscriptionId: string, name: string): ResourceGroup | undefined {
  return world.resourceGroups.get(key(resourceGroupId(subscriptionId, name)));
}

export function addPrincipal(world: World, fields: Partial<Omit<Principal, "objectId">> & { tenantId: string; objectId?: string }): Principal {
  const type = fields.type ?? "User";
  const principal: Principal = {
    objectId: fields.objectId ?? newGuid(),
    displayName: fields.displayName ?? `fake ${type.toLowerCase()}`,
    type,
    tenantId: fields.tenantId,
    deleted: fields.deleted ?? false,
    unreplicatedAttempts: fields.unreplicatedAttempts ?? 0,
    ...(fields.clientId ? { clientId: fields.clientId } : type === "User" ? {} : { clientId: newGuid() }),
    ...(fields.secret !== undefined && { secret: fields.secret }),
  };
  world.principals.set(principal.objectId.toLowerCase(), principal);
  return principal;
}

export function addRoleAssignment(
  world: World,
  input: {
    scope: string;
    roleDefinitionName: string;
    principalId: string;
    principalType?: Principal["type"];
    name?: string;
    createdBy: string;
    condition?: string;
    description?: string;
  },
): RoleAssignment {
  const now = new Date(world.now()).toISOString();
  const assignment: RoleAssignment = {
    name: input.name ?? newGuid(),
    scope: normaliseScope(input.scope),
    roleDefinitionName: input.roleDefinitionName.toLowerCase(),
    principalId: input.principalId,
    principalType: input.principalType ?? world.principals.get(input.principalId.toLowerCase())?.type,
    createdOn: now,
    createdBy: input.createdBy,
    ...(input.condition ? { condition: input.condition } : {}),
    ...(input.description ? { description: input.description } : {}),
  };
  world.roleAssignments.set(assignment.name.toLowerCase(), assignment);
  return assignment;
}


