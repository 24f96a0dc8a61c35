/**
 * The "Stale or orphaned assignments" check: whether the assignment this (registry, cluster) pair
 * owns still names the cluster's current identity (after a re-created cluster or a new kubelet
 * identity it names the old one, and pulls fail with 401), and whether assignments at the registry
 * name principals Entra ID no longer has. One list of the registry's assignments answers both.
 */
import type { Context } from "../context.js";
import { clusterId } from "../ids.js";
import { assignmentName } from "../integration/assignment-name.js";
import { isOrphaned, listAssignments, sameScope } from "../integration/assignments.js";
import type { RegistryInfo } from "../resolve/types.js";
import { attachCall, integrationCall, type Subject } from "./fixes.js";
import { checkOf, type CheckResult } from "./report.js";

interface ReadOptions {
  operation: string;
  abortSignal?: AbortSignal;
}

export async function staleAssignmentsCheck(
  ctx: Context,
  registry: RegistryInfo,
  principal: { objectId: string; name: string },
  subject: Subject,
  options: ReadOptions,
): Promise<CheckResult> {
  const { assignments } = await listAssignments(ctx, registry.id, "atScope()", options);
  const { subscriptionId, resourceGroup, name } = subject.cluster;
  const pairName = assignmentName(registry.id, clusterId(subscriptionId, resourceGroup, name));
  const atRegistry = assignments.filter((a) => sameScope(a.scope, registry.id));
  const pair = atRegistry.find((a) => a.name.toLowerCase() === pairName);
  const orphans = atRegistry.filter((a) => isOrphaned(a) && a !== pair);

  if (pair && pair.principalId.toLowerCase() !== principal.objectId.toLowerCase()) {
    const gone = isOrphaned(pair) ? ", a principal that no longer exists in Entra ID" : "";
    return {
      ...checkOf("assignments"),
      status: "fail",
      finding: `The assignment this cluster owns at ${registry.name} (${pair.id}) grants ${pair.role.name} to ${pair.principalId}${gone}, not to ${principal.name}: the cluster's identity changed (was the cluster re-created?), so that grant no longer lets it pull.`,
      fix: `Attach again; it replaces the stale assignment: ${attachCall(subject, registry)}`,
    };
  }
  if (orphans.length > 0) {
    return {
      ...checkOf("assignments"),
      status: "warn",
      finding: `${orphans.length} role assignment(s) at ${registry.name} name principals that no longer exist in Entra ID (principalType Unknown) and grant nothing: ${orphans.map((a) => `${a.role.name} for ${a.principalId}`).join(", ")}.`,
      fix: `Remove them: ${integrationCall(subject)}.removeOrphans("${registry.name}")`,
    };
  }
  return {
    ...checkOf("assignments"),
    status: "pass",
    finding: pair
      ? `The assignment this cluster owns at ${registry.name} names its current identity, and no assignment there names a deleted principal.`
      : `No assignment at ${registry.name} names a deleted principal or a previous identity of this cluster.`,
  };
}
