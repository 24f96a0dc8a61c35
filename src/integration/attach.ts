import type { Context } from "../context.js";
import { AksAcrError, isAksAcrError } from "../errors.js";
import type { ClusterRef, RegistryRef } from "../ids.js";
import { assign, checkPrincipalWait, type AssignmentPlan } from "./assign.js";
import { assignmentsPath, listAssignments, principalAtScope, sameScope } from "./assignments.js";
import { removeAssignment } from "./remove.js";
import { decide, describeDrift, parseRole, readTarget, type AttachDecision, type AttachTarget, type ClusterRead } from "./target.js";
import type { AssignmentSummary, AttachOptions, AttachResult } from "./types.js";

/**
 * Grants the cluster's pulling identity a pull role on the registry, through the role assignment
 * the (registry, cluster) pair owns. Round one reads the cluster, the registry and that assignment
 * by name in parallel; when it already grants the current identity the right role nothing is
 * written. Otherwise one PUT creates it, or, when it names another principal or role (ARM refuses
 * to update those), a DELETE and a PUT replace it. Never PUTs the cluster.
 */
export async function attach(
  ctx: Context,
  clusterRef: ClusterRef,
  registryRef: RegistryRef,
  options: AttachOptions = {},
  clusterRead?: Promise<ClusterRead>,
): Promise<AttachResult> {
  const operation = `attach registry ${registryRef.name} to cluster ${clusterRef.name}`;
  const read = { operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) };
  const explicitRole = options.role === undefined ? undefined : parseRole(options.role, operation);
  checkPrincipalWait(options.principalWait, operation);
  const located = { ...clusterRef, subscriptionId: clusterRef.subscriptionId ?? ctx.subscriptionId(operation) };
  const target = await readTarget(ctx, located, registryRef, explicitRole, read, clusterRead);
  return applyAttach(ctx, target, decide(target), { ...options, operation });
}

/** Carries out (or, on a dry run, describes) a decision made from a target. */
export async function applyAttach(ctx: Context, target: AttachTarget, decision: AttachDecision, options: AttachOptions & { operation: string }): Promise<AttachResult> {
  const { registry, principal, role } = target;
  const plan: AssignmentPlan = {
    scope: registry.id,
    subscriptionId: registry.subscriptionId,
    roleGuid: role.id,
    roleName: role.name,
    principalId: principal.objectId,
    name: target.name,
  };
  const base = {
    registry: {
      id: registry.id,
      name: registry.name,
      loginServer: registry.loginServer,
      roleAssignmentMode: target.registryRead ? registry.roleAssignmentMode : undefined,
    },
    cluster: { id: target.cluster.id, name: target.cluster.name },
    principal,
    role,
    dryRun: options.dryRun ?? false,
  };
  const pairId = `${assignmentsPath(registry.id)}/${target.name}`;
  const holds = `${principal.objectId} holds ${role.name} on ${registry.name}`;

  if (decision.kind === "present") {
    return {
      ...base,
      assignmentId: target.pair?.id ?? pairId,
      assignmentName: target.name,
      created: false,
      alreadyPresent: "sameName",
      attempts: 0,
      summary: `${options.dryRun ? "Dry run: nothing to do" : "Nothing changed"}: ${holds} through the assignment this cluster owns there (${target.name}).`,
    };
  }
  const replaced = decision.kind === "replace" ? { assignment: decision.old, drift: decision.drift, change: describeDrift(target, decision.old, decision.drift) } : undefined;

  if (options.dryRun) {
    const existing = replaced ? undefined : await existingElsewhere(ctx, target, options);
    return {
      ...base,
      assignmentId: existing?.id ?? pairId,
      assignmentName: existing?.name ?? target.name,
      created: false,
      ...(existing && { alreadyPresent: "otherName" as const }),
      ...(replaced && { replaced }),
      attempts: 0,
      summary: replaced
        ? `Dry run: would replace assignment ${target.name} on ${registry.name}: ${replaced.change}.`
        : existing
          ? `Dry run: nothing to do, ${holds} (${existing.id}).`
          : `Dry run: would assign ${role.name} on ${registry.name} to ${principal.objectId} as ${target.name}.`,
    };
  }

  const read = { operation: options.operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) };
  if (decision.kind === "replace") await removeAssignment(ctx, decision.old, { ...read, verb: "attach" });
  const outcome = await assign(ctx, plan, { ...read, ...(options.principalWait && { principalWait: options.principalWait }) }).catch((error: unknown) => {
    throw replaced && isAksAcrError(error) ? halfReplaced(error, decision.kind === "replace" ? decision.old.id : "", replaced.change, options.operation) : error;
  });
  return {
    ...base,
    ...outcome,
    ...(replaced && { replaced }),
    summary: replaced
      ? `Replaced assignment ${target.name} on ${registry.name}: ${replaced.change}.`
      : outcome.created
        ? `Assigned ${role.name} on ${registry.name} to ${principal.objectId} (${outcome.assignmentId}).`
        : outcome.alreadyPresent === "sameName"
          ? `Nothing changed: ${holds} under the same name.`
          : `Nothing changed: ${holds} under another assignment${outcome.assignmentId ? ` (${outcome.assignmentId})` : ""}.`,
  };
}

/** On a dry run with no pair assignment: an equivalent one made under another name (by az or the portal), if any. */
async function existingElsewhere(ctx: Context, target: AttachTarget, options: AttachOptions & { operation: string }): Promise<AssignmentSummary | undefined> {
  const read = { operation: options.operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) };
  const { assignments } = await listAssignments(ctx, target.registry.id, principalAtScope(target.principal.objectId), read);
  return equivalentIn(assignments, target);
}

/** The assignment among these that grants the target's principal its role at the registry itself. */
export function equivalentIn(assignments: readonly AssignmentSummary[], target: AttachTarget): AssignmentSummary | undefined {
  return assignments.find(
    (a) => a.role.id === target.role.id && sameScope(a.scope, target.registry.id) && a.principalId.toLowerCase() === target.principal.objectId.toLowerCase(),
  );
}

/** The stale assignment was deleted but its replacement not created: say exactly that, and that a re-run finishes it. */
function halfReplaced(cause: AksAcrError, oldId: string, change: string, operation: string): AksAcrError {
  return new AksAcrError(cause.code, {
    operation,
    ...(cause.scope !== undefined && { scope: cause.scope }),
    reason: `the stale assignment ${oldId} was deleted (${change}), but creating its replacement failed: ${cause.reason.replace(/\.$/, "")}; until it is created the cluster cannot pull from this registry`,
    fix: `${cause.fix ? `${cause.fix.replace(/\.$/, "")}, then run` : "Run"} the same attach again: it finds no assignment under the pair's name and creates it`,
    ...(cause.response && { response: cause.response }),
    changed: [`deleted role assignment ${oldId}`],
    cause,
    ...(cause.details && { details: cause.details }),
  });
}
