import { pollSettings } from "../arm/pollSettings.js";
import type { Context } from "../context.js";
import type { CallOptions, LongCallOptions } from "../options.js";
import { MANAGED_CLUSTERS_API } from "../resolve/api-versions.js";
import { clusterNotFound, readManagedCluster } from "../resolve/cluster.js";
import { toClusterSummary, type LocatedCluster } from "./summary.js";
import type { ClusterSummary, DeleteClusterResult } from "./types.js";

/** One GET of the managed cluster. */
export async function getCluster(ctx: Context, cluster: LocatedCluster, options: CallOptions = {}): Promise<ClusterSummary> {
  const operation = `get cluster ${cluster.name}`;
  const response = await readManagedCluster(ctx, cluster.id, { operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) });
  if (response.status === 404) throw clusterNotFound(response, cluster.id, cluster, operation);
  return toClusterSummary(response.body, cluster);
}

/**
 * `az aks delete`: a long-running DELETE. A cluster that is already gone is what the caller
 * wanted, so it gives `deleted: false` instead of an error.
 */
export async function deleteCluster(ctx: Context, cluster: LocatedCluster, options: LongCallOptions = {}): Promise<DeleteClusterResult> {
  const operation = `delete cluster ${cluster.name}`;
  const polling = pollSettings(options, operation);
  const signal = options.abortSignal;
  const initial = await ctx.arm.send({
    method: "DELETE",
    path: cluster.id,
    apiVersion: MANAGED_CLUSTERS_API,
    operation,
    scope: cluster.id,
    allowStatus: [204, 404],
    ...(signal ? { abortSignal: signal } : {}),
  });
  if (initial.status === 204 || initial.status === 404) return { id: cluster.id, deleted: false };
  if (initial.header("azure-asyncoperation") !== undefined || initial.header("location") !== undefined) {
    await ctx.arm.poll(initial, {
      operation,
      scope: cluster.id,
      ...(signal ? { abortSignal: signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...polling,
    });
  }
  return { id: cluster.id, deleted: true };
}
