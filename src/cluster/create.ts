import { pollSettings, type PollSettings } from "../arm/pollSettings.js";
import type { Context } from "../context.js";
import type { ArmResponse } from "../arm/types.js";
import { AksAcrError, hasErrorCode, isAksAcrError } from "../errors.js";
import { parseRegistryRef, type RegistryRef } from "../ids.js";
import { attach } from "../integration/attach.js";
import { defaultPullRole } from "../roles.js";
import type { AttachResult } from "../integration/types.js";
import { MANAGED_CLUSTERS_API } from "../resolve/api-versions.js";
import { resolveRegistry } from "../resolve/registry.js";
import type { RegistryInfo } from "../resolve/types.js";
import { clusterBody, validateCreateOptions } from "./createBody.js";
import { clusterNotFound, readManagedCluster } from "../resolve/cluster.js";
import { clusterLabel, toClusterSummary, type LocatedCluster, type ManagedClusterJson } from "./summary.js";
import type { ClusterSummary, CreateClusterOptions, CreateClusterResult } from "./types.js";

/**
 * Creates a managed-identity cluster and attaches registries to it. Every registry is resolved
 * before the cluster PUT, so a wrong registry leaves no cluster behind. An existing cluster in the
 * same location is not changed: it is returned with `created: false` and the registries attached.
 */
export async function createCluster(
  ctx: Context,
  cluster: LocatedCluster,
  options: CreateClusterOptions,
): Promise<CreateClusterResult> {
  const operation = `create cluster ${cluster.name}`;
  const settings = validateCreateOptions(options, cluster, operation);
  const polling = pollSettings(options, operation);
  const registryRefs = (options.attach ?? []).map((ref) => parseRegistryRef(ref, ctx.cloud));
  const signal = options.abortSignal;
  const read = { operation, ...(signal ? { abortSignal: signal } : {}) };

  const [existing, registries] = await Promise.all([
    readManagedCluster(ctx, cluster.id, read),
    Promise.all(registryRefs.map((ref) => resolveRegistry(ctx, ref, read))),
  ]);

  let summary: ClusterSummary;
  let created: boolean;
  if (existing.status === 404) {
    ({ summary, created } = await putCluster(ctx, cluster, clusterBody(settings), options, polling));
  } else {
    summary = toClusterSummary(existing.body, cluster);
    if (summary.location.toLowerCase() !== settings.location) {
      throw new AksAcrError("Conflict", {
        operation,
        scope: cluster.id,
        reason: `a cluster of this name already exists in ${summary.location}, not ${settings.location}`,
        fix: "Pick another name or resource group, or delete the existing cluster first",
      });
    }
    created = false;
  }
  const attached = await attachAll(ctx, cluster, uniqueById(registries), { created, summary, options });
  return { cluster: summary, created, attached };
}

/**
 * PUTs the cluster. `created` is what ARM answered this caller's PUT (201 Created; 200 when a
 * concurrent create got there first and this PUT updated it), not what the GET before it saw.
 */
async function putCluster(
  ctx: Context,
  cluster: LocatedCluster,
  body: unknown,
  options: CreateClusterOptions,
  polling: PollSettings,
): Promise<{ summary: ClusterSummary; created: boolean }> {
  const operation = `create cluster ${cluster.name}`;
  const signal = options.abortSignal;
  let initial: ArmResponse<ManagedClusterJson>;
  try {
    initial = await ctx.arm.send<ManagedClusterJson>({
      method: "PUT",
      path: cluster.id,
      apiVersion: MANAGED_CLUSTERS_API,
      body,
      operation,
      scope: cluster.id,
      ...(signal ? { abortSignal: signal } : {}),
    });
  } catch (error) {
    if (!hasErrorCode(error, "Conflict") || error.armCode !== "OperationNotAllowed") throw error;
    return { summary: await awaitConcurrentCreate(ctx, cluster, options, polling), created: false };
  }
  const created = initial.status === 201;
  if (!initial.header("azure-asyncoperation") && !initial.header("location")) return { summary: toClusterSummary(initial.body, cluster), created };
  try {
    const final = await ctx.arm.poll<ManagedClusterJson>(initial, {
      operation,
      scope: cluster.id,
      finalGet: cluster.id,
      apiVersion: MANAGED_CLUSTERS_API,
      ...(signal ? { abortSignal: signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...polling,
    });
    return { summary: toClusterSummary(final.body, cluster), created };
  } catch (error) {
    throw withChanges(error, operation, cluster.id, [`started creating cluster ${cluster.id} (ARM accepted the PUT)`],
      "ARM accepted the cluster; check its provisioningState with get() and delete it if it is Failed");
  }
}

/**
 * AKS refuses a PUT while another create of the same cluster runs (409 `OperationNotAllowed`):
 * that create is the one that makes the cluster, so this call follows it to its end instead.
 */
async function awaitConcurrentCreate(ctx: Context, cluster: LocatedCluster, options: CreateClusterOptions, polling: PollSettings): Promise<ClusterSummary> {
  const operation = `create cluster ${cluster.name}`;
  const read = { operation, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) };
  const current = await readManagedCluster(ctx, cluster.id, read);
  if (current.status === 404) throw clusterNotFound(current, cluster.id, cluster, operation);
  const final = await ctx.arm.poll<ManagedClusterJson>(current, {
    ...read,
    scope: cluster.id,
    finalGet: cluster.id,
    apiVersion: MANAGED_CLUSTERS_API,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...polling,
  });
  return toClusterSummary(final.body, cluster);
}

async function attachAll(
  ctx: Context,
  cluster: LocatedCluster,
  registries: RegistryInfo[],
  state: { created: boolean; summary: ClusterSummary; options: CreateClusterOptions },
): Promise<AttachResult[]> {
  const { options } = state;
  const clusterRef = { subscriptionId: cluster.subscriptionId, resourceGroup: cluster.resourceGroup, name: cluster.name };
  const started = Date.now();
  const settled = await Promise.allSettled(
    registries.map(async (registry) => {
      const ref: RegistryRef = { kind: "id", subscriptionId: registry.subscriptionId, resourceGroup: registry.resourceGroup, name: registry.name };
      // The registry was read before the cluster PUT: its id and mode's role spare attach a second GET of it.
      const role = defaultPullRole(registry.roleAssignmentMode).name;
      const result = await attach(ctx, clusterRef, ref, { role, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) });
      options.onProgress?.({ operation: `attach registry ${registry.name}`, stage: "succeeded", elapsedMs: Date.now() - started });
      return result;
    }),
  );
  const attached = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failures = settled.flatMap((s, i) => (s.status === "rejected" ? [{ error: s.reason as unknown, registry: registries[i]?.name ?? "" }] : []));
  const first = failures[0];
  if (!first) return attached;
  const changed = [
    ...(state.created ? [`created cluster ${cluster.id}`] : []),
    ...attached.filter((a) => a.created).map((a) => `attached registry ${a.registry.name} (role assignment ${a.assignmentId})`),
  ];
  const names = failures.map((f) => f.registry).join(", ");
  throw withChanges(first.error, `create cluster ${cluster.name} and attach ${names}`, cluster.id, changed,
    `${state.created ? "The cluster was created and is kept" : "The cluster is unchanged"}; once the cause is fixed, attach again with integration(${clusterLabel(cluster)}).attach("${first.registry}")`,
    { cluster: state.summary, attached });
}

/**
 * Re-throws a failure with what had already been changed in Azure, so a caller knows what to
 * clean up or keep; the cause keeps the original error.
 */
function withChanges(
  error: unknown,
  operation: string,
  scope: string,
  changed: string[],
  fix: string,
  details: Record<string, unknown> = {},
): unknown {
  if (!isAksAcrError(error) || changed.length === 0) return error;
  return new AksAcrError(error.code, {
    operation,
    scope,
    reason: `${error.reason.replace(/\.$/, "")}; already done: ${changed.join("; ")}`,
    fix: error.fix ? `${error.fix.replace(/\.$/, "")}. ${fix}` : fix,
    ...(error.response ? { response: error.response } : {}),
    changed,
    cause: error,
    details: { ...error.details, ...details },
  });
}

function uniqueById(registries: RegistryInfo[]): RegistryInfo[] {
  const seen = new Set<string>();
  return registries.filter((r) => !seen.has(r.id.toLowerCase()) && seen.add(r.id.toLowerCase()));
}
