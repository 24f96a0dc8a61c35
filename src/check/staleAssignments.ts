/**
 * The "Stale or orphaned assignments" check: whether the assignment this (registry, cluster) pair
 * owns still names the cluster's current identity (after a re-created cluster or a new kubelet
 * identity it names the old one, and pulls fail with 401), and whether assignments at the registry
 * name principals Entra ID no longer has. The pair's assignment is read by name; the orphans come
 * from {@link orphansAtRegistry}, which downloads only them where Resource Graph is available.
 */
import type { Context } from "../context.js";
import { clusterId } from "../ids.js";
import { assignmentName } from "../integration/assignment-name.js";
import { readAssignment } from "../integration/assignments.js";
import type { RegistryInfo } from "../resolve/types.js";
import { attachCall, integrationCall, type Subject } from "./fixes.js";
import { orphansAtRegistry, type OrphanLookup } from "./orphansAtRegistry.js";
import { checkOf, type CheckResult } from "./report.js";

interface ReadOptions {
  operation: string;
  abortSignal?: AbortSignal;
}

/** How the orphans were looked for, as the end of the finding's sentence. */
function lookedVia(found: OrphanLookup): string {
  return found.via.via === "resourceGraph"
    ? "looked up in Resource Graph"
    : `found by listing every assignment at the registry, since ${found.via.reason}`;
}

export async function staleAssignmentsCheck(
  ctx: Context,
  registry: RegistryInfo,
  principal: { objectId: string; name: string },
  subject: Subject,
  options: ReadOptions,
): Promise<CheckResult> {
  const { subscriptionId, resourceGroup, name } = subject.cluster;
  const pairName = assignmentName(registry.id, clusterId(subscriptionId, resourceGroup, name));
  const [pair, found] = await Promise.all([readAssignment(ctx, registry.id, pairName, options), orphansAtRegistry(ctx, registry, options)]);
  const orphans = found.orphans.filter((a) => a.name.toLowerCase() !== pairName);

  if (pair && pair.principalId.toLowerCase() !== principal.objectId.toLowerCase()) {
    const gone = found.orphans.length > orphans.length ? ", a principal that no longer exists in Entra ID" : "";
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
      finding: `${orphans.length} role assignment(s) at ${registry.name} name principals that no longer exist in Entra ID (principalType Unknown) and grant nothing: ${orphans.map((a) => `${a.role.name} for ${a.principalId}`).join(", ")} (${lookedVia(found)}).`,
      fix: `Remove them: ${integrationCall(subject)}.removeOrphans("${registry.name}")`,
    };
  }
  return {
    ...checkOf("assignments"),
    status: "pass",
    finding: pair
      ? `The assignment this cluster owns at ${registry.name} names its current identity, and no assignment there names a deleted principal (${lookedVia(found)}).`
      : `No assignment at ${registry.name} names a deleted principal or a previous identity of this cluster (${lookedVia(found)}).`,
  };
}
