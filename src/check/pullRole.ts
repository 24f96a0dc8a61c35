import { listAll } from "../arm/paging.js";
/**
 * Reads what the pull-role check needs: the puller's role assignments that cover the registry (one
 * list filtered by ARM to that principal, at the registry and above) and the definitions of roles this library does not
 * know, then hands them to the pure evaluation.
 */
import type { Context } from "../context.js";
import { ROLE_ASSIGNMENTS_API } from "../resolve/api-versions.js";
import type { RegistryInfo } from "../resolve/types.js";
import { principalAtScope } from "../integration/assignments.js";
import { REPOSITORY_READER, roleDisplayName, roleGuidOfDefinitionId } from "../roles.js";
import { attachCall, type Subject } from "./fixes.js";
import { builtInPullRights, definitionPullRights, type RolePermission, type RolePullRights } from "./pullRights.js";
import { evaluatePullRole, type PrincipalAssignment } from "./pullRoleCheck.js";
import type { CheckResult } from "./report.js";

interface AssignmentJson {
  id?: string;
  properties?: { scope?: string; roleDefinitionId?: string; principalId?: string; condition?: string | null };
}

interface DefinitionJson {
  properties?: { roleName?: string; permissions?: RolePermission[] };
}

interface ReadOptions {
  operation: string;
  abortSignal?: AbortSignal;
}

export async function pullRoleCheck(
  ctx: Context,
  registry: RegistryInfo,
  principal: { objectId: string; name: string },
  subject: Subject,
  options: ReadOptions,
): Promise<CheckResult> {
  const mine = (await assignmentsAtScope(ctx, registry.id, principal.objectId, options)).filter(
    (a) => a.properties?.principalId?.toLowerCase() === principal.objectId.toLowerCase(),
  );
  const definitionIds = [...new Set(mine.map((a) => a.properties?.roleDefinitionId ?? ""))].filter((id) => id !== "");
  const rights = new Map(await Promise.all(definitionIds.map(async (id) => [id, await pullRights(ctx, id, options)] as const)));
  const assignments: PrincipalAssignment[] = mine.flatMap((a) => {
    const definitionId = a.properties?.roleDefinitionId ?? "";
    const roleRights = rights.get(definitionId);
    if (!roleRights) return [];
    const condition = a.properties?.condition ?? undefined;
    return [{ id: a.id ?? "", scope: a.properties?.scope ?? "", roleGuid: roleGuidOfDefinitionId(definitionId), rights: roleRights, ...(condition && { condition }) }];
  });
  return evaluatePullRole({
    registry,
    principal: principal.name,
    assignments,
    attachCall: attachCall(subject, registry),
    attachReaderCall: attachCall(subject, registry, roleDisplayName(REPOSITORY_READER)),
  });
}

async function assignmentsAtScope(ctx: Context, scope: string, principalId: string, options: ReadOptions): Promise<AssignmentJson[]> {
  const { items } = await listAll<AssignmentJson>(ctx.arm, {
    method: "GET",
    path: `${scope}/providers/Microsoft.Authorization/roleAssignments`,
    apiVersion: ROLE_ASSIGNMENTS_API,
    query: { $filter: principalAtScope(principalId) },
    operation: options.operation,
    scope,
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  return items;
}

/** A built-in role's rights from the shared table; any other role's from its definition (one GET). */
async function pullRights(ctx: Context, roleDefinitionId: string, options: ReadOptions): Promise<RolePullRights> {
  const known = builtInPullRights(roleGuidOfDefinitionId(roleDefinitionId));
  if (known) return known;
  const response = await ctx.arm.send<DefinitionJson>({
    method: "GET",
    path: roleDefinitionId,
    apiVersion: ROLE_ASSIGNMENTS_API,
    operation: options.operation,
    scope: roleDefinitionId,
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  const properties = response.body.properties ?? {};
  return definitionPullRights(properties.roleName ?? roleGuidOfDefinitionId(roleDefinitionId), properties.permissions ?? []);
}
