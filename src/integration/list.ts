import type { Context } from "../context.js";
import { clusterId, type ClusterRef } from "../ids.js";
import { resolveCluster } from "../resolve/cluster.js";
import { listRegistries } from "../resolve/registry-list.js";
import { visibleSubscriptions } from "../resolve/subscriptions.js";
import type { RegistryInfo } from "../resolve/types.js";
import { roleGrantsPull, rolePullsIn } from "../roles.js";
import { assignmentName } from "./assignment-name.js";
import { findPullAccess } from "../resolve/pullAccess.js";
import { assignmentSummary, isOrphaned, listAssignments, readAssignment, sameScope, scopeCovers } from "./assignments.js";
import { pullingPrincipal } from "./principal.js";
import type { AssignmentSummary, ListOptions, ListResult, PrincipalSummary, RegistryAccess, RegistryGrant, StaleGrant } from "./types.js";

/**
 * The registries the cluster's identity holds a pull-capable role on, in every subscription the
 * caller can see, each with whether the registry honours that role in its roleAssignmentMode; and
 * the registries where the assignment this cluster owns names another principal (stale: the
 * cluster's identity changed), read by its deterministic name at each registry, in parallel.
 */
export async function list(ctx: Context, clusterRef: ClusterRef, options: ListOptions = {}): Promise<ListResult> {
  const operation = `list the registries cluster ${clusterRef.name} can pull from`;
  const read = { operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) };
  const cluster = await resolveCluster(ctx, clusterRef, read);
  const principal = await pullingPrincipal(ctx, cluster, read);

  const pairCluster = clusterId(cluster.subscriptionId, cluster.resourceGroup, cluster.name);
  // One Resource Graph answer for every subscription; the per-subscription fan-out only where it is unavailable.
  const graph = await findPullAccess(ctx, principal.objectId, (registry) => assignmentName(registry, pairCluster), read);
  if (graph.available) {
    return {
      cluster: { id: cluster.id, name: cluster.name },
      principal,
      registries: accessIn(graph.registries, graph.assignments.map(assignmentSummary)),
      stale: staleFrom(graph.pairs.map(({ registry, assignment }) => ({ registry, pair: assignmentSummary(assignment) })), principal),
      unreadableSubscriptions: [],
      lookup: { via: "resourceGraph" },
    };
  }
  const subscriptions = await visibleSubscriptions(ctx, read);
  const perSubscription = await Promise.all(
    subscriptions.map(async (subscriptionId) => {
      const scope = `/subscriptions/${subscriptionId}`;
      const [assigned, registries] = await Promise.all([
        listAssignments(ctx, scope, `principalId eq '${principal.objectId}'`, { ...read, allowStatus: [403] }),
        listRegistries(ctx, subscriptionId, read, { tolerateDenied: true }).then(async (found) =>
          found === undefined ? undefined : { found, stale: await staleGrants(ctx, found, pairCluster, principal, read) },
        ),
      ]);
      const readable = assigned.status === 200 && registries !== undefined;
      return { subscriptionId, readable, access: readable ? accessIn(registries.found, assigned.assignments) : [], stale: registries?.stale ?? [] };
    }),
  );
  return {
    cluster: { id: cluster.id, name: cluster.name },
    principal,
    registries: perSubscription.flatMap((s) => s.access),
    stale: perSubscription.flatMap((s) => s.stale),
    unreadableSubscriptions: perSubscription.filter((s) => !s.readable).map((s) => s.subscriptionId),
    lookup: { via: "subscriptions", reason: graph.reason },
  };
}

/** The pair's assignment at each registry, where it names a principal other than the cluster's current one. */
async function staleGrants(ctx: Context, registries: RegistryInfo[], pairCluster: string, principal: PrincipalSummary, read: { operation: string; abortSignal?: AbortSignal }): Promise<StaleGrant[]> {
  const found = await Promise.all(registries.map(async (registry) => ({ registry, pair: await readAssignment(ctx, registry.id, assignmentName(registry.id, pairCluster), read) })));
  return staleFrom(found, principal);
}

/** The pairs' assignments that name a principal other than the cluster's current one. */
function staleFrom(found: Array<{ registry: RegistryInfo; pair: AssignmentSummary | undefined }>, principal: PrincipalSummary): StaleGrant[] {
  return found.flatMap(({ registry, pair }): StaleGrant[] => {
    if (!pair || pair.principalId.toLowerCase() === principal.objectId.toLowerCase()) return [];
    const orphaned = isOrphaned(pair);
    return [
      {
        registry: { id: registry.id, name: registry.name, loginServer: registry.loginServer, roleAssignmentMode: registry.roleAssignmentMode },
        assignment: pair,
        orphaned,
        reason: `the assignment this cluster owns grants ${pair.role.name} to ${pair.principalId}${orphaned ? ", which no longer exists in Entra ID" : ""}, not to its current identity ${principal.objectId}; attach again to replace it`,
      },
    ];
  });
}

/** Each registry with the pull-capable assignments whose scope covers it. */
function accessIn(registries: RegistryInfo[], assignments: AssignmentSummary[]): RegistryAccess[] {
  const pullRoles = assignments.filter((a) => roleGrantsPull(a.role.id));
  return registries.flatMap((registry) => {
    const grants = pullRoles.filter((a) => scopeCovers(a.scope, registry.id)).map((a) => grant(a, registry));
    if (grants.length === 0) return [];
    return [
      {
        registry: { id: registry.id, name: registry.name, loginServer: registry.loginServer, roleAssignmentMode: registry.roleAssignmentMode },
        grants,
        canPull: grants.some((g) => g.effective),
      },
    ];
  });
}

function grant(assignment: AssignmentSummary, registry: RegistryInfo): RegistryGrant {
  const effective = rolePullsIn(assignment.role.id, registry.roleAssignmentMode);
  const mode = registry.roleAssignmentMode;
  return {
    assignment,
    inherited: !sameScope(assignment.scope, registry.id),
    effective,
    reason: effective
      ? `${assignment.role.name} grants pull on a registry in ${mode} mode`
      : `${assignment.role.name} is not honoured for pulls by a registry in ${mode} mode${mode === "AbacRepositoryPermissions" ? " (assign Container Registry Repository Reader instead)" : ""}`,
  };
}
