import type { World } from "./world.js";
import type { Permission, RoleAssignment, RoleDefinition } from "./types.js";

/** Azure RBAC's evaluation of role assignments, over the world's records. */

/** True when `parent` is `child` itself or one of its ancestors (`/` is everyone's); case-insensitive. */
export function isParentScope(parent: string, child: string): boolean {
  const p = parent.toLowerCase().replace(/\/+$/, "");
  const c = child.toLowerCase().replace(/\/+$/, "");
  return p === "" || p === c || c.startsWith(`${p}/`);
}

/** ARM's `atScope()`: assignments at the scope and at every parent scope, `/` included. */
export function assignmentsAtOrAbove(world: World, scope: string): RoleAssignment[] {
  return world.roleAssignments.atOrAbove(scope);
}

/** Assignments at the scope, above it and below it: what an unfiltered list returns. */
export function assignmentsRelatedTo(world: World, scope: string): RoleAssignment[] {
  const above = world.roleAssignments.atOrAbove(scope);
  const seen = new Set(above);
  return [...above, ...world.roleAssignments.atOrBelow(scope).filter((a) => !seen.has(a))];
}

/** Every assignment naming the principal. */
export function assignmentsForPrincipal(world: World, principalId: string): RoleAssignment[] {
  return world.roleAssignments.ofPrincipal(principalId);
}

/** A role by GUID or by role name (case-insensitive, as ARM's `roleName eq` filter). */
export function findRole(world: World, nameOrGuid: string): RoleDefinition | undefined {
  const wanted = nameOrGuid.toLowerCase();
  const direct = world.roleDefinitions.get(wanted);
  if (direct) return direct;
  const cached = rolesByName(world).get(wanted);
  // A role renamed in place leaves the cache stale: check the hit, and rebuild on a miss.
  if (cached && cached.roleName.toLowerCase() === wanted && world.roleDefinitions.get(cached.name.toLowerCase()) === cached) return cached;
  byName.delete(world);
  return rolesByName(world).get(wanted);
}

/** Roles by lower-cased name, rebuilt when the set of roles changes (seeding 50k assignments by name must not scan every role each time). */
const byName = new WeakMap<World, { size: number; first: RoleDefinition | undefined; roles: Map<string, RoleDefinition> }>();
function rolesByName(world: World): Map<string, RoleDefinition> {
  const first = world.roleDefinitions.values().next().value;
  const cached = byName.get(world);
  if (cached && cached.size === world.roleDefinitions.size && cached.first === first) return cached.roles;
  const roles = new Map<string, RoleDefinition>();
  for (const role of world.roleDefinitions.values()) if (!roles.has(role.roleName.toLowerCase())) roles.set(role.roleName.toLowerCase(), role);
  byName.set(world, { size: world.roleDefinitions.size, first, roles });
  return roles;
}

/** The permission blocks of every role the principal holds at or above `scope`. */
export function effectivePermissions(world: World, principalId: string, scope: string): Permission[] {
  return world.roleAssignments
    .ofPrincipalAtOrAbove(principalId, scope)
    .flatMap((a) => world.roleDefinitions.get(a.roleDefinitionName.toLowerCase())?.permissions ?? []);
}

/** Whether the principal may perform a control-plane `action` (e.g. `Microsoft.Authorization/roleAssignments/write`) at `scope`. */
export function hasAction(world: World, principalId: string, scope: string, action: string): boolean {
  return effectivePermissions(world, principalId, scope).some((p) => grants(p.actions, p.notActions, action));
}

/** Whether the principal may perform a data-plane `dataAction` (repository content read, …) at `scope`. */
export function hasDataAction(world: World, principalId: string, scope: string, dataAction: string): boolean {
  return effectivePermissions(world, principalId, scope).some((p) => grants(p.dataActions, p.notDataActions, dataAction));
}

/** Within one permission block, an action is granted when an allowed pattern matches and no excluded one does. */
function grants(allowed: string[], excluded: string[], action: string): boolean {
  return allowed.some((pattern) => matches(pattern, action)) && !excluded.some((pattern) => matches(pattern, action));
}

const compiled = new Map<string, RegExp>();

/** RBAC wildcards: `*` matches any run of characters, `/` included; comparison ignores case. */
export function matches(pattern: string, action: string): boolean {
  let regex = compiled.get(pattern);
  if (!regex) {
    const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    regex = new RegExp(`^${source}$`, "i");
    compiled.set(pattern, regex);
  }
  return regex.test(action);
}
