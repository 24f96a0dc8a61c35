import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { clusterId, registryId, type ClusterRef, type RegistryRef } from "../ids.js";
import { resolveCluster } from "../resolve/cluster.js";
import { resolveRegistry } from "../resolve/registry.js";
import type { RegistryInfo } from "../resolve/types.js";
import { ACR_PULL, REPOSITORY_READER, roleGrantsPull, roleGuid, rolePullsIn } from "../roles.js";
import { assignmentName } from "./assignment-name.js";
import { listAssignments, principalAtScope, readAssignment, sameScope } from "./assignments.js";
import { pullingPrincipal } from "./principal.js";
import { removeAssignment } from "./remove.js";
import type { AssignmentSummary, DetachOptions, DetachResult, RegistrySummary } from "./types.js";

/**
 * Removes the pull roles the cluster's identity holds AT the registry (and the assignment the
 * (registry, cluster) pair owns, even when it names an identity the cluster no longer has), and
 * reports what else lets it pull but was left: assignments inherited from a parent scope, and
 * broader roles not asked for. Reads only the identity's own assignments, filtered by ARM.
 */
export async function detach(ctx: Context, clusterRef: ClusterRef, registryRef: RegistryRef, options: DetachOptions = {}): Promise<DetachResult> {
  const operation = `detach registry ${registryRef.name} from cluster ${clusterRef.name}`;
  const read = { operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) };
  if (options.roles !== undefined && (!Array.isArray(options.roles) || options.roles.some((r) => typeof r !== "string"))) {
    throw new AksAcrError("InvalidInput", {
      operation,
      scope: "roles",
      reason: `roles is a list of role names, GUIDs or roleDefinitionIds, not ${JSON.stringify(options.roles)}`,
      fix: 'Pass e.g. roles: ["AcrPush"]; nothing was sent',
    });
  }
  const removable = new Set([ACR_PULL, REPOSITORY_READER, ...(options.roles ?? []).map((r) => parseRole(r, operation))]);
  const subscriptionId = clusterRef.subscriptionId ?? ctx.subscriptionId(operation);
  const pairCluster = clusterId(subscriptionId, clusterRef.resourceGroup, clusterRef.name);

  // With an id the registry's scope is known up front, so the pair's assignment is read alongside the cluster's GET.
  const knownId = registryRef.kind === "id" ? registryId(registryRef.subscriptionId, registryRef.resourceGroup, registryRef.name) : undefined;
  const registryPromise = knownId === undefined ? resolveRegistry(ctx, registryRef, read) : Promise.resolve(undefined);
  const [cluster, registry, pair] = await Promise.all([
    resolveCluster(ctx, { ...clusterRef, subscriptionId }, read),
    registryPromise,
    (knownId === undefined ? registryPromise.then((r) => (r as RegistryInfo).id) : Promise.resolve(knownId)).then(async (id) =>
      readAssignment(ctx, id, assignmentName(id, pairCluster), read),
    ),
  ]);
  const scope = registry?.id ?? (knownId as string);
  const principal = await pullingPrincipal(ctx, cluster, read);
  const listed = await listAssignments(ctx, scope, principalAtScope(principal.objectId), read);

  const mine = listed.assignments.filter((a) => a.principalId.toLowerCase() === principal.objectId.toLowerCase());
  const stalePair = pair && !mine.some((a) => a.id.toLowerCase() === pair.id.toLowerCase()) && removable.has(pair.role.id) ? [pair] : [];
  const toRemove = [...mine.filter((a) => sameScope(a.scope, scope) && removable.has(a.role.id)), ...stalePair];
  // Only what actually lets it pull here is worth reporting (the mode is unknown when the registry was not read).
  const pulls = (a: AssignmentSummary): boolean => (registry ? rolePullsIn(a.role.id, registry.roleAssignmentMode) : roleGrantsPull(a.role.id));
  const left = mine.filter((a) => !toRemove.includes(a) && pulls(a)).map((assignment) => ({
    assignment,
    reason: leftReason(assignment, scope, removable),
  }));
  if (!options.dryRun) await Promise.all(toRemove.map((a) => removeAssignment(ctx, a, { ...read, verb: "detach" })));

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
