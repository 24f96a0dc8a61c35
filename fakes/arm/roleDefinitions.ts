import { page } from "../http/paging.js";
import { armError, json } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { findRole } from "../world/authorization.js";
import { normaliseScope, roleDefinitionId } from "../world/ids.js";
import type { RoleDefinition } from "../world/types.js";

/** When Azure created the built-in roles; they never change in the fake. */
const BUILTIN_CREATED_ON = "2015-02-02T21:55:09.8806423Z";

/** ARM's JSON for a role definition read at `scope` (its id lives under that scope's subscription). */
export function renderRoleDefinition(role: RoleDefinition, scope: string): Record<string, unknown> {
  return {
    properties: {
      roleName: role.roleName,
      type: role.type,
      description: role.description,
      assignableScopes: role.assignableScopes,
      permissions: role.permissions,
      createdOn: BUILTIN_CREATED_ON,
      updatedOn: BUILTIN_CREATED_ON,
      createdBy: null,
      updatedBy: null,
    },
    id: roleDefinitionId(scope, role.name),
    type: "Microsoft.Authorization/roleDefinitions",
    name: role.name,
  };
}

function get(ctx: RouteContext): Response {
  const id = ctx.params.id ?? "";
  const role = ctx.world.roleDefinitions.get(id.toLowerCase());
  if (!role) return armError(404, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${id}' does not exist.`);
  return json(200, renderRoleDefinition(role, normaliseScope(ctx.params.scope ?? "/")));
}

/** Supports ARM's `roleName eq '…'` (case-insensitive) and `type eq 'BuiltInRole'|'CustomRole'` filters. */
function list(ctx: RouteContext): Response {
  const scope = normaliseScope(ctx.params.scope ?? "/");
  const filter = ctx.url.searchParams.get("$filter")?.trim() ?? "";
  const byName = /^roleName\s+eq\s+'([^']*)'$/i.exec(filter);
  const byType = /^type\s+eq\s+'([^']*)'$/i.exec(filter);
  if (filter && !byName && !byType) return armError(400, "UnsupportedQuery", `The filter '${filter}' is not supported.`);
  let roles = [...ctx.world.roleDefinitions.values()];
  if (byName) {
    const role = findRole(ctx.world, byName[1] ?? "");
    roles = role && role.roleName.toLowerCase() === (byName[1] ?? "").toLowerCase() ? [role] : [];
  }
  if (byType) roles = roles.filter((r) => r.type.toLowerCase() === (byType[1] ?? "").toLowerCase());
  return page(ctx, roles.map((r) => renderRoleDefinition(r, scope)));
}

const PREFIX = "/providers/Microsoft\\.Authorization/roleDefinitions";

export const routes: Route[] = [
  { method: "GET", pattern: new RegExp(`^(?<scope>.*)${PREFIX}$`, "i"), operation: "RoleDefinitions_List", handle: list },
  { method: "GET", pattern: new RegExp(`^(?<scope>.*)${PREFIX}/(?<id>[^/]+)$`, "i"), operation: "RoleDefinitions_Get", handle: get },
];
