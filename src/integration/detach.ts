import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { registryId, type ClusterRef, type RegistryRef } from "../ids.js";
import { ROLE_ASSIGNMENTS_API } from "../resolve/api-versions.js";
import { resolveCluster } from "../resolve/cluster.js";
import { resolveRegistry } from "../resolve/registry.js";
import { responseInfo } from "../resolve/response-info.js";
import type { RegistryInfo } from "../resolve/types.js";
import { ACR_PULL, REPOSITORY_READER, ROLE_ASSIGNMENT_WRITERS, roleGrantsPull, roleGuid, rolePullsIn } from "../roles.js";
import { listAssignments, sameScope } from "./assignments.js";
import { pullingPrincipal } from "./principal.js";
import type { AssignmentSummary, DetachOptions, DetachResult, RegistrySummary } from "./types.js";

/**
 * Removes the pull roles the cluster's identity holds AT the registry, and reports what else lets it
 * pull but was left: assignments inherited from a parent scope, and broader roles not asked for.
 */
export async function detach(ctx: Context, clusterRef: ClusterRef, registryRef: RegistryRef, options: DetachOptions = {}): Promise<DetachResult> {
  const operation = `detach registry ${registryRef.name} from cluster ${clusterRef.name}`;
  const read = { operation, ...(options.signal && { signal: options.signal }) };
  const removable = new Set([ACR_PULL, REPOSITORY_READER, ...(options.roles ?? []).map((r) => parseRole(r, operation))]);

  // With an id the registry's scope is known up front, so its assignments are listed alongside the cluster's GET.
  const knownId = registryRef.kind === "id" ? registryId(registryRef.subscriptionId, registryRef.resourceGroup, registryRef.name) : undefined;
  const [cluster, registry, earlyList] = await Promise.all([
    resolveCluster(ctx, clusterRef, read),
    knownId === undefined ? resolveRegistry(ctx, registryRef, read) : undefined,
    knownId === undefined ? undefined : listAssignments(ctx, knownId, "atScope()", read),
  ]);
  const scope = registry?.id ?? (knownId as string);
  const [principal, listed] = await Promise.all([
    pullingPrincipal(ctx, cluster, read),
    earlyList ?? listAssignments(ctx, scope, "atScope()", read),
  ]);

  const mine = listed.assignments.filter((a) => a.principalId.toLowerCase() === principal.objectId.toLowerCase());
  const toRemove = mine.filter((a) => sameScope(a.scope, scope) && removable.has(a.role.id));
  // Only what actually lets it pull here is worth reporting (the mode is unknown when the registry was not read).
  const pulls = (a: AssignmentSummary): boolean => (registry ? rolePullsIn(a.role.id, registry.roleAssignmentMode) : roleGrantsPull(a.role.id));
  const left = mine.filter((a) => !toRemove.includes(a) && pulls(a)).map((assignment) => ({
    assignment,
    reason: leftReason(assignment, scope, removable),
  }));
  if (!options.dryRun) await Promise.all(toRemove.map((a) => remove(ctx, a, operation, options.signal)));

  const registryName = registry?.name ?? registryRef.name;
  return {
    registry: registrySummary(ctx, registry, scope, registryName),
    cluster: { id: cluster.id, name: cluster.name },
    principal,
    removed: toRemove,
    left,
    nothingFound: toRemove.length === 0,
    dryRun: options.dryRun ?? false,
    summary: sentence(toRemove, left.length, registryName, principal.objectId, options.dryRun ?? false),
  };
}

function leftReason(a: AssignmentSummary, registryScope: string, removable: Set<string>): string {
  if (!sameScope(a.scope, registryScope)) {
    return `${a.role.name} is inherited from ${a.scope || "/"}; deleting it there would also remove access to every other resource under that scope`;
  }
  return removable.has(a.role.id)
    ? `${a.role.name} was not removed`
    : `${a.role.name} grants pull but also more than pull, and was not asked to be removed (name it in the roles option to remove it)`;
}

async function remove(ctx: Context, assignment: AssignmentSummary, operation: string, signal: AbortSignal | undefined): Promise<void> {
  const response = await ctx.arm.send({
    method: "DELETE",
    path: assignment.id,
    apiVersion: ROLE_ASSIGNMENTS_API,
    operation,
    scope: assignment.scope,
    // 404: already gone (a concurrent detach), so the goal is met.
    allowStatus: [403, 404],
    ...(signal && { signal }),
  });
  if (response.status !== 403) return;
  throw new AksAcrError("PermissionDenied", {
    operation,
    scope: assignment.scope,
    reason: `the caller lacks Microsoft.Authorization/roleAssignments/delete on the registry, which only ${ROLE_ASSIGNMENT_WRITERS.join(", ")} grant`,
    fix: `Ask an owner of the registry to give you one of ${ROLE_ASSIGNMENT_WRITERS.join(" / ")} on ${assignment.scope}, or to run this detach for you`,
    response: responseInfo(response, { method: "DELETE", url: assignment.id }),
  });
}

function parseRole(role: string, operation: string): string {
  const id = roleGuid(role);
  if (id !== undefined) return id;
  throw new AksAcrError("InvalidInput", {
    operation,
    scope: JSON.stringify(role),
    reason: "a name in the roles option is neither a known built-in role name, a role definition GUID, nor a roleDefinitionId",
    fix: 'Pass names such as "AcrPush", GUIDs, or /subscriptions/…/providers/Microsoft.Authorization/roleDefinitions/<guid>',
  });
}

function registrySummary(ctx: Context, registry: RegistryInfo | undefined, id: string, name: string): RegistrySummary {
  if (registry) {
    return { id: registry.id, name: registry.name, loginServer: registry.loginServer, roleAssignmentMode: registry.roleAssignmentMode };
  }
  return { id, name, loginServer: `${name.toLowerCase()}.${ctx.cloud.acrLoginServerSuffix}`, roleAssignmentMode: undefined };
}

function sentence(removed: AssignmentSummary[], leftCount: number, registry: string, principal: string, dryRun: boolean): string {
  const kept = leftCount === 0 ? "" : ` ${leftCount} other assignment(s) still let it pull; see "left".`;
  if (removed.length === 0) {
    return `Nothing to remove: ${principal} holds no pull role assigned at ${registry} itself.${kept}`;
  }
  const roles = removed.map((a) => a.role.name).join(", ");
  return `${dryRun ? "Would remove" : "Removed"} ${roles} on ${registry} from ${principal}.${kept}`;
}
