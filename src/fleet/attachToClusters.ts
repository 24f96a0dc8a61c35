import { listClusters, type ListClustersOptions } from "../cluster/list.js";
import type { Context } from "../context.js";
import { isAksAcrError, type AksAcrError } from "../errors.js";
import { parseClusterRef, parseRegistryRef, type ClusterRefInput, type RegistryRefInput } from "../ids.js";
import { createIntegration } from "../integration/index.js";
import type { AttachResult } from "../integration/types.js";
import type { CallOptions, ProgressEvent } from "../options.js";
import { resolveRegistry } from "../resolve/registry.js";
import type { LookupMethod } from "../resolve/resourceGraph.js";
import { defaultPullRole } from "../roles.js";

/** Progress of a fleet operation: one event per cluster done, in the order they finish. */
export interface FleetProgressEvent extends ProgressEvent {
  /** Clusters done so far, this one included. */
  completed: number;
  /** Clusters in the fleet. */
  total: number;
  /** ARM id (or the reference as given) of the cluster just done. */
  cluster: string;
  /** What happened to it. */
  outcome: FleetOutcome["status"];
}

/** Options of {@link attachToClusters}. */
export interface AttachToClustersOptions extends CallOptions {
  /** The role to grant, as `attach` takes it. @default the registry's pull role for its roleAssignmentMode */
  role?: string;
  /** Read and plan only; write nothing. @default false */
  dryRun?: boolean;
  /** Called as each cluster is done. */
  onProgress?: (event: FleetProgressEvent) => void;
}

/** What happened to one cluster of the fleet. */
export interface FleetOutcome {
  /** The cluster, as given or as the query listed it. */
  cluster: string;
  /** `attached`: a grant was written; `unchanged`: it was already there (or a dry run); `failed`: see `error`. */
  status: "attached" | "unchanged" | "failed";
  /** The attach result, unless it failed. */
  result?: AttachResult;
  /** Why it failed. */
  error?: AksAcrError | Error;
}

/** What {@link attachToClusters} did, cluster by cluster. */
export interface AttachToClustersResult {
  /** The registry attached. */
  registry: {
    /** ARM id. */
    id: string;
    /** Its name. */
    name: string;
    /** Its login server. */
    loginServer: string;
  };
  /** The role granted, e.g. "AcrPull". */
  role: string;
  /** Clusters in the fleet. */
  total: number;
  /** Clusters that got a new grant. */
  attached: number;
  /** Clusters already attached (or planned only, on a dry run). */
  unchanged: number;
  /** Clusters whose attach failed. */
  failed: number;
  /** Every cluster's outcome, in the order the fleet was given or listed. */
  outcomes: FleetOutcome[];
  /** How the clusters were listed, when a query named them. */
  lookup?: LookupMethod;
}

/**
 * Attaches one registry to many clusters: a list of references, or a {@link ListClustersOptions}
 * query (one Resource Graph request). The registry is resolved once; every attach then runs at once
 * and the client's pacer spaces the requests to ARM's rate limits, so a fleet of hundreds finishes
 * at the speed ARM allows, without 429 failures. A cluster that fails does not stop the others.
 */
export async function attachToClusters(
  ctx: Context,
  registryInput: RegistryRefInput,
  clusters: readonly ClusterRefInput[] | ListClustersOptions,
  options: AttachToClustersOptions = {},
): Promise<AttachToClustersResult> {
  const registryRef = parseRegistryRef(registryInput, ctx.cloud);
  const fleet = Array.isArray(clusters) ? (clusters as readonly ClusterRefInput[]) : undefined;
  for (const cluster of fleet ?? []) parseClusterRef(cluster);
  const operation = `attach registry ${registryRef.name} to a fleet of clusters`;
  const call = { ...(options.abortSignal && { abortSignal: options.abortSignal }) };
  const [registry, listedFleet] = await Promise.all([
    resolveRegistry(ctx, registryRef, { operation, ...call }),
    fleet ? undefined : listClusters(ctx, { ...(clusters as ListClustersOptions), ...call }),
  ]);
  const targets: ClusterRefInput[] = fleet ? [...fleet] : (listedFleet?.clusters ?? []).map((c) => c.id);
  // An explicit role and a registry id let each attach skip the registry GET it would repeat.
  const role = options.role ?? defaultPullRole(registry.roleAssignmentMode).name;
  const started = Date.now();
  let completed = 0;
  const outcomes = await Promise.all(
    targets.map(async (cluster): Promise<FleetOutcome> => {
      const label = typeof cluster === "string" ? cluster : `${cluster.resourceGroup}/${cluster.name}`;
      let outcome: FleetOutcome;
      try {
        const result = await createIntegration(ctx, cluster).attach(registry.id, { role, dryRun: options.dryRun === true, ...call });
        outcome = { cluster: label, status: result.created ? "attached" : "unchanged", result };
      } catch (error) {
        if (isAksAcrError(error) && error.code === "Aborted") throw error;
        outcome = { cluster: label, status: "failed", error: error instanceof Error ? error : new Error(String(error)) };
      }
      completed += 1;
      options.onProgress?.({ operation, stage: outcome.status, elapsedMs: Date.now() - started, completed, total: targets.length, cluster: label, outcome: outcome.status });
      return outcome;
    }),
  );
  const count = (status: FleetOutcome["status"]): number => outcomes.filter((o) => o.status === status).length;
  return {
    registry: { id: registry.id, name: registry.name, loginServer: registry.loginServer },
    role,
    total: targets.length,
    attached: count("attached"),
    unchanged: count("unchanged"),
    failed: count("failed"),
    outcomes,
    ...(listedFleet && { lookup: listedFleet.lookup }),
  };
}
