/**
 * What attach (and sync) read before deciding: the cluster and its pulling identity, the registry,
 * the role to grant, and the role assignment the (registry, cluster) pair owns, read by its
 * deterministic name. With a registry id everything is read in one round trip.
 */
import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { clusterId, registryId, type ClusterRef, type RegistryRef } from "../ids.js";
import { resolveCluster } from "../resolve/cluster.js";
import { resolveRegistry } from "../resolve/registry.js";
import type { ClusterInfo, RegistryInfo, ResolveOptions } from "../resolve/types.js";
import { defaultPullRole, roleDisplayName, roleGuid } from "../roles.js";
import { assignmentName } from "./assignment-name.js";
import { assignmentSummary, readAssignment, sameScope } from "./assignments.js";
import { asCrossTenant, ensureSameTenant } from "./cross-tenant.js";
import { pullingPrincipal } from "./principal.js";
import type { AssignmentSummary, PrincipalSummary } from "./types.js";

/** The role attach grants and why. */
export interface ChosenRole {
  id: string;
  name: string;
  reason: string;
}

/** The cluster read once, with its pulling identity; sync shares it between registries. */
export interface ClusterRead {
  cluster: ClusterInfo;
  principal: PrincipalSummary;
}

export interface AttachTarget extends ClusterRead {
  registry: RegistryInfo;
  /** False when the registry was not read (given by id with an explicit role), so its mode is unknown. */
  registryRead: boolean;
  role: ChosenRole;
  /** The pair's deterministic assignment name. */
  name: string;
  /** The assignment under that name, when there is one. */
  pair: AssignmentSummary | undefined;
}

/** How the pair's assignment differs from what it should grant. */
export type Drift = "principal" | "role";

/** What attach has to do to reach the desired grant. */
export type AttachDecision = { kind: "present" } | { kind: "create" } | { kind: "replace"; old: AssignmentSummary; drift: Drift[] };

/** Reads the cluster (with its identity) once; a Graph lookup follows on service-principal clusters. */
export async function readCluster(ctx: Context, ref: ClusterRef & { subscriptionId: string }, read: ResolveOptions): Promise<ClusterRead> {
  const cluster = await resolveCluster(ctx, ref, read);
  return { cluster, principal: await pullingPrincipal(ctx, cluster, read) };
}

/** Parses the role option, before any request. */
export function parseRole(role: string, operation: string): ChosenRole {
  const id = roleGuid(role);
  if (id === undefined) {
    throw new AksAcrError("InvalidInput", {
      operation,
      scope: JSON.stringify(role),
      reason: "the role option is neither a known built-in role name, a role definition GUID, nor a roleDefinitionId",
      fix: 'Pass "AcrPull", "Container Registry Repository Reader", a GUID, or /subscriptions/…/providers/Microsoft.Authorization/roleDefinitions/<guid>',
    });
  }
  return { id, name: roleDisplayName(id), reason: "the role option asked for it" };
}

/**
 * Reads everything attach decides from. `clusterRead` lets several registries share one cluster GET.
 * Round one: the cluster, the registry (unless its id and the role are both given) and, when the
 * registry's id is known, the pair's assignment by name; a registry found by name costs one more
 * round for that read.
 */
export async function readTarget(
  ctx: Context,
  clusterRef: ClusterRef & { subscriptionId: string },
  registryRef: RegistryRef,
  explicitRole: ChosenRole | undefined,
  read: ResolveOptions,
  clusterRead: Promise<ClusterRead> = readCluster(ctx, clusterRef, read),
): Promise<AttachTarget> {
  const pairCluster = clusterId(clusterRef.subscriptionId, clusterRef.resourceGroup, clusterRef.name);
  const knownId = registryRef.kind === "id" ? registryId(registryRef.subscriptionId, registryRef.resourceGroup, registryRef.name) : undefined;
  const registryRead = !(knownId !== undefined && explicitRole !== undefined);
  const tenantCheck = { ...read, registry: registryRef.name };
  const registryPromise = registryRead ? resolveRegistry(ctx, registryRef, read) : Promise.resolve(knownRegistry(ctx, registryRef as Extract<RegistryRef, { kind: "id" }>));
  const pairPromise = (registryIdOf: Promise<string>) => registryIdOf.then(async (id) => readAssignment(ctx, id, assignmentName(id, pairCluster), read));
  // A name found through Resource Graph came with the registry's pull grants: the pair's is among them, no further round.
  const pairOfNamed = (): Promise<AssignmentSummary | undefined> => registryPromise.then(async (r) => {
    if (!r.pullAssignments) return pairPromise(Promise.resolve(r.id));
    const row = r.pullAssignments.find((a) => a.name?.toLowerCase() === assignmentName(r.id, pairCluster));
    return row ? assignmentSummary(row) : undefined;
  });
  const [{ cluster, principal }, registry, pair] = await Promise.all([
    clusterRead,
    registryPromise,
    knownId !== undefined ? pairPromise(Promise.resolve(knownId)) : pairOfNamed(),
    registryRef.kind === "id" ? ensureSameTenant(ctx, clusterRef.subscriptionId, registryRef.subscriptionId, tenantCheck) : undefined,
  ]).catch((error: unknown) => {
    throw asCrossTenant(error, tenantCheck);
  });
  if (registryRef.kind !== "id") await ensureSameTenant(ctx, clusterRef.subscriptionId, registry.subscriptionId, tenantCheck);
  return {
    cluster,
    principal,
    registry,
    registryRead,
    role: explicitRole ?? chooseRole(registry),
    name: assignmentName(registry.id, pairCluster),
    pair,
  };
}

/** Whether the pair's assignment grants the current identity the role at the registry, and if not, how it differs. */
export function decide(target: AttachTarget): AttachDecision {
  const { pair } = target;
  if (pair === undefined) return { kind: "create" };
  const drift: Drift[] = [];
  if (pair.principalId.toLowerCase() !== target.principal.objectId.toLowerCase()) drift.push("principal");
  if (pair.role.id !== target.role.id || !sameScope(pair.scope, target.registry.id)) drift.push("role");
  return drift.length === 0 ? { kind: "present" } : { kind: "replace", old: pair, drift };
}

/** "principal 1111… → 2222… (the kubelet identity changed), role AcrPull → …": old → new in words. */
export function describeDrift(target: AttachTarget, old: AssignmentSummary, drift: readonly Drift[]): string {
  const parts: string[] = [];
  if (drift.includes("principal")) {
    const gone = old.principalType === "Unknown" ? ", which no longer exists in Entra ID" : "";
    parts.push(`principal ${old.principalId}${gone} → ${target.principal.objectId} (the cluster's ${target.principal.kind === "kubeletIdentity" ? "kubelet identity" : "service principal"} changed)`);
  }
  if (drift.includes("role")) parts.push(`role ${old.role.name} → ${target.role.name} (${target.role.reason})`);
  return parts.join("; ");
}

function chooseRole(registry: RegistryInfo): ChosenRole {
  const role = defaultPullRole(registry.roleAssignmentMode);
  const reason =
    registry.roleAssignmentMode === "AbacRepositoryPermissions"
      ? "the registry's roleAssignmentMode is AbacRepositoryPermissions, which ignores AcrPull; Container Registry Repository Reader grants pull on every repository"
      : "the registry uses LegacyRegistryPermissions, where AcrPull grants pull and nothing more";
  return { id: role.id, name: role.name, reason };
}

/** What a registry id alone tells: not the mode (reported as unknown), and the login server in the cloud's default form. */
function knownRegistry(ctx: Context, ref: Extract<RegistryRef, { kind: "id" }>): RegistryInfo {
  return {
    id: registryId(ref.subscriptionId, ref.resourceGroup, ref.name),
    subscriptionId: ref.subscriptionId,
    resourceGroup: ref.resourceGroup,
    name: ref.name,
    loginServer: `${ref.name.toLowerCase()}.${ctx.cloud.acrLoginServerSuffix}`,
    location: "",
    sku: "",
    roleAssignmentMode: "LegacyRegistryPermissions",
    raw: {},
  };
}
