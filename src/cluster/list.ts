import { listAll } from "../arm/paging.js";
import type { Context } from "../context.js";
import { validateResourceGroupName, validateSubscriptionId } from "../ids.js";
import type { CallOptions } from "../options.js";
import { MANAGED_CLUSTERS_API } from "../resolve/api-versions.js";
import { pullerOf, type ManagedClusterJson } from "../resolve/cluster.js";
import { FAN_OUT_LIMIT, kqlString, mapBounded, queryResourceGraph, type LookupMethod } from "../resolve/resourceGraph.js";
import { visibleSubscriptions } from "../resolve/subscriptions.js";
import type { Puller } from "../resolve/types.js";
import type { ClusterSummary } from "./types.js";

/** Which clusters {@link listClusters} lists. */
export interface ListClustersOptions extends CallOptions {
  /** Only this resource group's clusters (in `subscriptionId`, else the client's subscription). */
  resourceGroup?: string;
  /** Only this subscription's clusters. @default every subscription the credential can read, unless `resourceGroup` is given */
  subscriptionId?: string;
}

/** A managed cluster as a list shows it; pass it to `integration()` or `cluster()` as the reference. */
export interface ListedCluster extends Pick<ClusterSummary, "id" | "subscriptionId" | "resourceGroup" | "name" | "location" | "provisioningState"> {
  /** Kubernetes version, when reported. */
  kubernetesVersion?: string;
  /** The identity its nodes pull images as; undefined while the cluster has none yet. */
  puller?: Puller;
}

/** What {@link listClusters} found, and how it asked. */
export interface ListClustersResult {
  /** The clusters, ordered by id. */
  clusters: ListedCluster[];
  /** One Resource Graph query, or (where Resource Graph is unavailable) the subscriptions one by one, and why. */
  lookup: LookupMethod;
  /** Subscriptions whose clusters this credential could not list (fan-out only). */
  unreadableSubscriptions: string[];
}

interface ClusterRow extends ManagedClusterJson {
  subscriptionId?: string;
  resourceGroup?: string;
}

const ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i;

/**
 * `az aks list` across subscriptions: a resource group, a subscription, or everything the
 * credential can read, in one Resource Graph query (paged) whatever the number of subscriptions.
 */
export async function listClusters(ctx: Context, options: ListClustersOptions = {}): Promise<ListClustersResult> {
  const operation = options.resourceGroup ? `list the clusters of resource group ${options.resourceGroup}` : "list clusters";
  const resourceGroup = options.resourceGroup === undefined ? undefined : validateResourceGroupName(options.resourceGroup);
  const given = options.subscriptionId === undefined ? undefined : validateSubscriptionId(options.subscriptionId);
  const subscriptionId = given ?? (resourceGroup !== undefined ? ctx.subscriptionId(operation) : undefined);
  const read = { operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) };

  const where = [
    "type =~ 'microsoft.containerservice/managedclusters'",
    ...(subscriptionId ? [`subscriptionId =~ ${kqlString(subscriptionId)}`] : []),
    ...(resourceGroup ? [`resourceGroup =~ ${kqlString(resourceGroup)}`] : []),
  ].join(" and ");
  const query = `resources | where ${where} | project id, name, location, subscriptionId, resourceGroup, properties`;
  const answer = await queryResourceGraph<ClusterRow>(ctx, query, { ...read, ...(subscriptionId && { subscriptions: [subscriptionId] }) });
  if (answer.available) return { clusters: sorted(answer.rows.map(listed)), lookup: { via: "resourceGraph" }, unreadableSubscriptions: [] };

  const lookup: LookupMethod = { via: "subscriptions", reason: answer.reason };
  if (subscriptionId) {
    const rows = await listIn(ctx, subscriptionId, resourceGroup, read, false);
    return { clusters: sorted((rows ?? []).map(listed)), lookup, unreadableSubscriptions: [] };
  }
  const subscriptions = await visibleSubscriptions(ctx, read);
  const lists = await mapBounded(subscriptions, FAN_OUT_LIMIT, (s) => listIn(ctx, s, undefined, read, true));
  return {
    clusters: sorted(lists.flatMap((rows) => (rows ?? []).map(listed))),
    lookup,
    unreadableSubscriptions: subscriptions.filter((_, i) => lists[i] === undefined),
  };
}

/** One subscription's (or resource group's) managedClusters list, all pages; undefined when refused and `tolerateDenied`. */
async function listIn(
  ctx: Context,
  subscriptionId: string,
  resourceGroup: string | undefined,
  read: { operation: string; abortSignal?: AbortSignal },
  tolerateDenied: boolean,
): Promise<ClusterRow[] | undefined> {
  const scope = resourceGroup ? `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}` : `/subscriptions/${subscriptionId}`;
  const { status, items } = await listAll<ClusterRow>(ctx.arm, {
    method: "GET",
    path: `${scope}/providers/Microsoft.ContainerService/managedClusters`,
    apiVersion: MANAGED_CLUSTERS_API,
    ...read,
    scope,
    ...(tolerateDenied && { allowStatus: [403, 404] }),
  });
  return status === 200 ? items : undefined;
}

function listed(row: ClusterRow): ListedCluster {
  const id = row.id ?? "";
  const [, subscriptionId = row.subscriptionId ?? "", resourceGroup = row.resourceGroup ?? ""] = ID.exec(id) ?? [];
  const properties = row.properties ?? {};
  let puller: Puller | undefined;
  try {
    puller = pullerOf(row, id, "list clusters");
  } catch {
    puller = undefined;
  }
  return {
    id,
    subscriptionId,
    resourceGroup,
    name: row.name ?? id.split("/").pop() ?? "",
    location: row.location ?? "",
    provisioningState: properties.provisioningState ?? "Unknown",
    ...(properties.kubernetesVersion !== undefined && { kubernetesVersion: properties.kubernetesVersion }),
    ...(puller && { puller }),
  };
}

function sorted(clusters: ListedCluster[]): ListedCluster[] {
  return clusters.sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
}
