/**
 * Desired state for one cluster: the registries it should pull from. `sync` attaches what is
 * missing, replaces what drifted and, with `prune`, removes the pull grants the cluster holds on
 * registries not listed; it returns the plan (what would change and why) and, unless a dry run,
 * the outcome, like `terraform plan` / `apply`. A cluster already in that state costs reads only.
 */
import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import type { ClusterRef, RegistryRef } from "../ids.js";
import { visibleSubscriptions } from "../resolve/subscriptions.js";
import type { ResolveOptions } from "../resolve/types.js";
import { ACR_PULL, REPOSITORY_READER } from "../roles.js";
import { listAssignments, principalAtScope, sameScope } from "./assignments.js";
import { applyAttach, equivalentIn } from "./attach.js";
import { removeAssignment } from "./remove.js";
import { decide, describeDrift, readCluster, readTarget, type AttachTarget } from "./target.js";
import type { AssignmentSummary, PrincipalSummary, SyncChange, SyncOptions, SyncResult } from "./types.js";

const REGISTRY_SCOPE = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i;
/** The grants attach makes; prune removes only these (a broader role such as AcrPush was given for more than pulling). */
const PULL_GRANTS = new Set([ACR_PULL, REPOSITORY_READER]);

export async function sync(ctx: Context, clusterRef: ClusterRef, registryRefs: RegistryRef[], options: SyncOptions = {}): Promise<SyncResult> {
  const operation = `sync the registries cluster ${clusterRef.name} pulls from`;
  const read = { operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) };
  const located = { ...clusterRef, subscriptionId: clusterRef.subscriptionId ?? ctx.subscriptionId(operation) };
  const clusterRead = readCluster(ctx, located, read);
  const [targets, { cluster, principal }, subscriptions] = await Promise.all([
    Promise.all(registryRefs.map(async (ref) => readTarget(ctx, located, ref, undefined, read, clusterRead))),
    clusterRead,
    options.prune ? visibleSubscriptions(ctx, read) : [],
  ]);
  const desired = unique(targets);
  const held = options.prune ? await principalAssignments(ctx, principal, subscriptions, read) : undefined;
  const strays = held === undefined ? [] : pullGrantsElsewhere(held, principal, desired);
  // A grant made outside this library (az, the portal, Terraform) under another name is as good as the pair's own.
  const grantsAt = async (target: AttachTarget) => held ?? (await listAssignments(ctx, target.registry.id, principalAtScope(principal.objectId), read)).assignments;
  const equivalents = await Promise.all(desired.map(async (target) => (decide(target).kind === "create" ? equivalentIn(await grantsAt(target), target) : undefined)));

  const decided = desired.map((target, i) => ({ target, decision: equivalents[i] ? ({ kind: "present" } as const) : decide(target), equivalent: equivalents[i] }));
  const plan: SyncChange[] = [
    ...decided.flatMap(({ target, decision }): SyncChange[] => {
      if (decision.kind === "present") return [];
      const registry = { id: target.registry.id, name: target.registry.name };
      return decision.kind === "create"
        ? [{ action: "attach", registry, reason: `listed, and ${principal.objectId} holds no ${target.role.name} there through this cluster's assignment`, assignments: [] }]
        : [{ action: "replace", registry, reason: `this cluster's assignment is stale: ${describeDrift(target, decision.old, decision.drift)}`, assignments: [decision.old] }];
    }),
    ...byRegistry(strays).map(([id, assignments]): SyncChange => ({
      action: "detach",
      registry: { id, name: REGISTRY_SCOPE.exec(id)?.[1] ?? id },
      reason: `not listed, and prune is on: ${principal.objectId} holds ${assignments.map((a) => a.role.name).join(", ")} there`,
      assignments,
    })),
  ];
  const unchanged = decided
    .filter(({ decision }) => decision.kind === "present")
    .map(({ target, equivalent }) => ({
      registry: { id: target.registry.id, name: target.registry.name },
      reason: equivalent
        ? `${target.role.name} is granted by assignment ${equivalent.id}, made under another name`
        : `${target.role.name} is granted through this cluster's assignment ${target.name}`,
    }));
  const base = { cluster: { id: cluster.id, name: cluster.name }, principal, plan, unchanged, dryRun: options.dryRun ?? false };
  const described = plan.map((c) => `${c.action} ${c.registry.name}`).join(", ");
  if (options.dryRun || plan.length === 0) {
    return { ...base, summary: plan.length === 0 ? `In sync: nothing to change for ${desired.length} registr${desired.length === 1 ? "y" : "ies"}.` : `Plan: ${described}.` };
  }

  const attachOptions = { operation, ...(options.abortSignal && { abortSignal: options.abortSignal }), ...(options.principalWait && { principalWait: options.principalWait }) };
  const [attached, detached] = await Promise.all([
    Promise.all(decided.filter(({ decision }) => decision.kind !== "present").map(({ target, decision }) => applyAttach(ctx, target, decision, attachOptions))),
    Promise.all(strays.map(async (a) => removeAssignment(ctx, a, { ...read, verb: "sync" }).then(() => a))),
  ]);
  return { ...base, outcome: { attached, detached }, summary: `Applied: ${described}.` };
}

/** The desired list must be an array (an empty one with prune detaches every pull grant); each entry is parsed after. */
export function assertRegistryList(registries: unknown, operation: string): asserts registries is unknown[] {
  if (Array.isArray(registries)) return;
  throw new AksAcrError("InvalidInput", {
    operation,
    scope: String(registries),
    reason: "sync takes the list of registries the cluster should pull from",
    fix: 'Pass an array, e.g. sync(["myacr", "otheracr.azurecr.io"])',
  });
}

/** The same registry listed twice (by name and by id) is one desired registry. */
function unique(targets: AttachTarget[]): AttachTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => !seen.has(t.registry.id.toLowerCase()) && seen.add(t.registry.id.toLowerCase()) !== undefined);
}

/** The identity's own assignments in every subscription the caller can read (at, above and below each). */
async function principalAssignments(ctx: Context, principal: PrincipalSummary, subscriptions: string[], read: ResolveOptions): Promise<AssignmentSummary[]> {
  const lists = await Promise.all(
    subscriptions.map(async (s) => listAssignments(ctx, `/subscriptions/${s}`, `principalId eq '${principal.objectId}'`, { ...read, allowStatus: [403] })),
  );
  return lists.flatMap((l) => l.assignments).filter((a) => a.principalId.toLowerCase() === principal.objectId.toLowerCase());
}

/** The pull grants among them made at registries outside the desired list. */
function pullGrantsElsewhere(held: AssignmentSummary[], principal: PrincipalSummary, desired: AttachTarget[]): AssignmentSummary[] {
  const unique = new Map(held.map((a) => [a.id.toLowerCase(), a]));
  return [...unique.values()]
    .filter((a) => a.principalId.toLowerCase() === principal.objectId.toLowerCase() && PULL_GRANTS.has(a.role.id) && REGISTRY_SCOPE.test(a.scope))
    .filter((a) => !desired.some((t) => sameScope(t.registry.id, a.scope)));
}

function byRegistry(assignments: AssignmentSummary[]): [string, AssignmentSummary[]][] {
  const groups = new Map<string, AssignmentSummary[]>();
  for (const a of assignments) groups.set(a.scope.toLowerCase(), [...(groups.get(a.scope.toLowerCase()) ?? []), a]);
  return [...groups.values()].map((list) => [list[0]?.scope ?? "", list]);
}
