import { invalidRequestContent } from "../http/armErrors.js";
import { authorize } from "../http/authorize.js";
import { page } from "../http/paging.js";
import { armError, json, noContent } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { missingResourceAt } from "../http/scopes.js";
import { assignmentsAtOrAbove, assignmentsRelatedTo } from "../world/authorization.js";
import { assignmentPrincipalType } from "../world/identities.js";
import { isGuid, normaliseScope, roleAssignmentId, roleDefinitionId } from "../world/ids.js";
import { addRoleAssignment } from "../world/seed.js";
import type { Principal, RoleAssignment } from "../world/types.js";
import type { World } from "../world/world.js";

const PREFIX = "/providers/Microsoft\\.Authorization/roleAssignments";
const ONE = new RegExp(`^(?<scope>.*)${PREFIX}/(?<name>[^/]+)$`, "i");
const LIST = new RegExp(`^(?<scope>.*)${PREFIX}$`, "i");

/** The principal types a role assignment reports; a managed identity is a service principal there. */
const wireType = (type: Principal["type"] | undefined): string | undefined => (type === "ManagedIdentity" ? "ServicePrincipal" : type);

/**
 * ARM's JSON for an assignment, with the explicit nulls ARM sends (as in the Azure CLI's recorded sessions).
 * `readScope` is where it was read: ARM renders the role definition id under that scope's
 * subscription, even for assignments inherited from `/`. A principal deleted from the directory
 * shows as `principalType: "Unknown"`.
 */
export function renderRoleAssignment(world: World, a: RoleAssignment, readScope: string = a.scope): Record<string, unknown> {
  const stored = assignmentPrincipalType(world, a);
  const principalType = stored === "Unknown" ? stored : wireType(stored);
  return {
    properties: {
      roleDefinitionId: roleDefinitionId(readScope, a.roleDefinitionName),
      principalId: a.principalId,
      ...(principalType ? { principalType } : {}),
      scope: a.scope,
      condition: a.condition ?? null,
      conditionVersion: a.condition ? "2.0" : null,
      createdOn: a.createdOn,
      updatedOn: a.createdOn,
      createdBy: a.createdBy || null,
      updatedBy: a.createdBy || null,
      delegatedManagedIdentityResourceId: null,
      description: a.description ?? null,
    },
    id: roleAssignmentId(a.scope, a.name),
    type: "Microsoft.Authorization/roleAssignments",
    name: a.name,
  };
}

const scopeOf = (ctx: RouteContext): string => normaliseScope(ctx.params.scope ?? "/");

function findAt(world: World, scope: string, name: string): RoleAssignment | undefined {
  const found = world.roleAssignments.get(name.toLowerCase());
  return found && found.scope.toLowerCase() === scope.toLowerCase() ? found : undefined;
}

function get(ctx: RouteContext): Response {
  const scope = scopeOf(ctx);
  const name = ctx.params.name ?? "";
  const refused = authorize(ctx, "Microsoft.Authorization/roleAssignments/read", scope);
  if (refused) return refused;
  const found = findAt(ctx.world, scope, name);
  if (!found) return armError(404, "RoleAssignmentNotFound", `The role assignment '${name}' is not found.`);
  return json(200, renderRoleAssignment(ctx.world, found, scope));
}

interface CreateBody {
  properties?: { roleDefinitionId?: unknown; principalId?: unknown; principalType?: unknown; condition?: unknown; description?: unknown };
}

function create(ctx: RouteContext): Response {
  const { world } = ctx;
  const scope = scopeOf(ctx);
  const name = ctx.params.name ?? "";
  const props = (ctx.body as CreateBody | undefined)?.properties;
  if (typeof props?.roleDefinitionId !== "string" || typeof props.principalId !== "string") {
    return invalidRequestContent("properties.roleDefinitionId and properties.principalId are required strings");
  }
  if (!isGuid(name)) {
    return armError(400, "InvalidRoleAssignmentId", `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
  }
  const refused = authorize(ctx, "Microsoft.Authorization/roleAssignments/write", scope) ?? missingResourceAt(world, scope);
  if (refused) return refused;
  const roleGuid = props.roleDefinitionId.split("/").pop()?.toLowerCase() ?? "";
  if (!world.roleDefinitions.has(roleGuid)) {
    return armError(400, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${roleGuid}' does not exist.`);
  }
  const principalId = props.principalId;
  const existing = world.roleAssignments.get(name.toLowerCase());
  if (existing) {
    const same = existing.scope.toLowerCase() === scope.toLowerCase() && existing.roleDefinitionName === roleGuid && existing.principalId.toLowerCase() === principalId.toLowerCase();
    if (same) return json(200, renderRoleAssignment(world, existing, scope));
    return armError(409, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
  }
  const principal = world.principals.get(principalId.toLowerCase());
  if (!principal || principal.deleted || principal.unreplicatedAttempts > 0) {
    if (principal && principal.unreplicatedAttempts > 0) principal.unreplicatedAttempts -= 1;
    return principalNotFound(principalId, ctx.caller.tenantId);
  }
  if (typeof props.principalType === "string" && props.principalType !== wireType(principal.type)) {
    return armError(400, "UnmatchedPrincipalType", `The PrincipalId '${principalId.replace(/-/g, "")}' has type '${wireType(principal.type)}' , which is different from specified PrincipalType '${props.principalType}'.`);
  }
  const duplicate = world.roleAssignments.ofPrincipalAtOrAbove(principalId, scope).find(
    (a) => a.scope.toLowerCase() === scope.toLowerCase() && a.roleDefinitionName === roleGuid && a.principalId.toLowerCase() === principalId.toLowerCase(),
  );
  if (duplicate) return armError(409, "RoleAssignmentExists", "The role assignment already exists.");
  const created = addRoleAssignment(world, {
    scope,
    name,
    roleDefinitionName: roleGuid,
    principalId,
    principalType: principal.type,
    createdBy: ctx.caller.objectId,
    ...(typeof props.condition === "string" ? { condition: props.condition } : {}),
    ...(typeof props.description === "string" ? { description: props.description } : {}),
  });
  return json(201, renderRoleAssignment(world, created, scope));
}

/** ARM's wording, recorded from a real replication-delay failure. */
function principalNotFound(principalId: string, tenantId: string): Response {
  return armError(
    400,
    "PrincipalNotFound",
    `Principal ${principalId.replace(/-/g, "")} does not exist in the directory ${tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
  );
}

function remove(ctx: RouteContext): Response {
  const scope = scopeOf(ctx);
  const refused = authorize(ctx, "Microsoft.Authorization/roleAssignments/delete", scope);
  if (refused) return refused;
  const found = findAt(ctx.world, scope, ctx.params.name ?? "");
  if (!found) return noContent();
  ctx.world.roleAssignments.delete(found.name.toLowerCase());
  return json(200, renderRoleAssignment(ctx.world, found, scope));
}

/** The `$filter` forms ARM accepts: `atScope()`, `principalId eq '…'`, `assignedTo('…')`, joined by `and`. */
function parseFilter(filter: string): { atScope: boolean; principalId?: string } | undefined {
  const result: { atScope: boolean; principalId?: string } = { atScope: false };
  for (const clause of filter.split(/\s+and\s+/i).map((c) => c.trim()).filter(Boolean)) {
    const principal = /^principalId\s+eq\s+'([^']*)'$/i.exec(clause) ?? /^assignedTo\('([^']*)'\)$/i.exec(clause);
    if (/^atScope\(\)$/i.test(clause)) result.atScope = true;
    else if (principal?.[1] !== undefined) result.principalId = principal[1];
    else return undefined;
  }
  return result;
}

function list(ctx: RouteContext): Response {
  const scope = scopeOf(ctx);
  const refused = authorize(ctx, "Microsoft.Authorization/roleAssignments/read", scope);
  if (refused) return refused;
  const raw = ctx.url.searchParams.get("$filter") ?? "";
  const filter = parseFilter(raw);
  if (!filter) return armError(400, "UnsupportedQuery", `The filter '${raw}' is not supported.`);
  const wanted = filter.principalId?.toLowerCase();
  const candidates = filter.atScope
    ? wanted === undefined ? assignmentsAtOrAbove(ctx.world, scope) : ctx.world.roleAssignments.ofPrincipalAtOrAbove(wanted, scope)
    : assignmentsRelatedTo(ctx.world, scope);
  const value = candidates.filter((a) => wanted === undefined || a.principalId.toLowerCase() === wanted).map((a) => renderRoleAssignment(ctx.world, a, scope));
  return page(ctx, value);
}

export const routes: Route[] = [
  { method: "GET", pattern: LIST, operation: "RoleAssignments_ListForScope", handle: list },
  { method: "GET", pattern: ONE, operation: "RoleAssignments_Get", handle: get },
  { method: "PUT", pattern: ONE, operation: "RoleAssignments_Create", handle: create },
  { method: "DELETE", pattern: ONE, operation: "RoleAssignments_Delete", handle: remove },
];
