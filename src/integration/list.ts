import type { Context } from "../context.js";
import type { ClusterRef } from "../ids.js";
import { resolveCluster } from "../resolve/cluster.js";
import { listRegistries } from "../resolve/registry-list.js";
import { visibleSubscriptions } from "../resolve/subscriptions.js";
import type { RegistryInfo } from "../resolve/types.js";
import { roleGrantsPull, rolePullsIn } from "../roles.js";
import { listAssignments, sameScope, scopeCovers } from "./assignments.js";
import { pullingPrincipal } from "./principal.js";
import type { AssignmentSummary, ListOptions, ListResult, RegistryAccess, RegistryGrant } from "./types.js";

/**
 * The registries the cluster's identity holds a pull-capable role on, in every subscription the
 * caller can see, each with whether the registry honours that role in its roleAssignmentMode.
 */
export async function list(ctx: Context, clusterRef: ClusterRef, options: ListOptions = {}): Promise<ListResult> {
  const operation = `list the registries cluster ${clusterRef.name} can pull from`;
  const read = { operation, ...(options.signal && { signal: options.signal }) };
  const [cluster, subscriptions] = await Promise.all([resolveCluster(ctx, clusterRef, read), visibleSubscriptions(ctx, read)]);
  const principal = await pullingPrincipal(ctx, cluster, read);

  const perSubscription = await Promise.all(
    subscriptions.map(async (subscriptionId) => {
      const scope = `/subscriptions/${subscriptionId}`;
      const [assigned, registries] = await Promise.all([
        listAssignments(ctx, scope, `principalId eq '${principal.objectId}'`, { ...read, allowStatus: [403] }),
        listRegistries(ctx, subscriptionId, read, { tolerateDenied: true }),
      ]);
      const readable = assigned.status === 200 && registries !== undefined;
      return { subscriptionId, readable, access: readable ? accessIn(registries, assigned.assignments) : [] };
    }),
  );
  return {
    cluster: { id: cluster.id, name: cluster.name },
    principal,
    registries: perSubscription.flatMap((s) => s.access),
    unreadableSubscriptions: perSubscription.filter((s) => !s.readable).map((s) => s.subscriptionId),
  };
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
