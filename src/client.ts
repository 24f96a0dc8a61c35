import { createClusterApi, type ClusterApi } from "./cluster/index.js";
import { listClusters as listClustersIn, type ListClustersOptions, type ListClustersResult } from "./cluster/list.js";
import { attachToClusters as attachFleet, type AttachToClustersOptions, type AttachToClustersResult } from "./fleet/attachToClusters.js";
import { createContext, type Context } from "./context.js";
import type { ClusterRefInput, RegistryRefInput } from "./ids.js";
import { createIntegration, type Integration } from "./integration/index.js";
import type { ClientOptions } from "./options.js";
import { createRegistryApi, type RegistryApi } from "./registry/index.js";

/** Entry points that share one pipeline: one credential cache, one retry policy, one logger. */
export interface AzureClient {
  /** The integration of one cluster with registries: attach, detach, list, check. */
  integration(cluster: ClusterRefInput): Integration;
  /** One registry: create, get, delete, import. */
  registry(registry: RegistryRefInput): RegistryApi;
  /** One cluster: create, get, delete, credentials, deploy, pods. */
  cluster(cluster: ClusterRefInput): ClusterApi;
  /** `az aks list`: a resource group's, a subscription's or every visible cluster, in one Resource Graph query. */
  listClusters(options?: ListClustersOptions): Promise<ListClustersResult>;
  /** Attaches a registry to many clusters (references, or a {@link ListClustersOptions} query), paced to ARM's limits. */
  attachToClusters(registry: RegistryRefInput, clusters: readonly ClusterRefInput[] | ListClustersOptions, options?: AttachToClustersOptions): Promise<AttachToClustersResult>;
}

/**
 * A client whose calls share one `@azure/core-rest-pipeline` pipeline. Use it when a program makes
 * many calls; the standalone `integration()`, `registry()` and `cluster()` build one each.
 */
export function createClient(options: ClientOptions = {}): AzureClient {
  return clientOf(createContext(options));
}

function clientOf(ctx: Context): AzureClient {
  return {
    integration: (cluster) => createIntegration(ctx, cluster),
    registry: (registry) => createRegistryApi(ctx, registry),
    cluster: (cluster) => createClusterApi(ctx, cluster),
    listClusters: (options) => listClustersIn(ctx, options),
    attachToClusters: (registry, clusters, options) => attachFleet(ctx, registry, clusters, options),
  };
}

/** `listClusters({ resourceGroup?, subscriptionId? }, options)`: what `az aks list` does, across subscriptions in one request. */
export function listClusters(query: ListClustersOptions = {}, options: ClientOptions = {}): Promise<ListClustersResult> {
  return createClient(options).listClusters(query);
}

/** `attachToClusters(registry, clusters, { onProgress }, options)`: one registry attached to a fleet, paced to ARM's limits. */
export function attachToClusters(
  registry: RegistryRefInput,
  clusters: readonly ClusterRefInput[] | ListClustersOptions,
  fleetOptions: AttachToClustersOptions = {},
  options: ClientOptions = {},
): Promise<AttachToClustersResult> {
  return createClient(options).attachToClusters(registry, clusters, fleetOptions);
}

/** `integration(cluster, options).attach(registry)`: what `az aks update --attach-acr` does, done right. */
export function integration(cluster: ClusterRefInput, options: ClientOptions = {}): Integration {
  return createClient(options).integration(cluster);
}

/** `registry(ref, options).create(…)` / `.import(…)`: what `az acr create` and `az acr import` do. */
export function registry(ref: RegistryRefInput, options: ClientOptions = {}): RegistryApi {
  return createClient(options).registry(ref);
}

/** `cluster(ref, options).create(…)` / `.credentials()` / `.deploy(…)`: `az aks create`, `get-credentials`, `kubectl apply`. */
export function cluster(ref: ClusterRefInput, options: ClientOptions = {}): ClusterApi {
  return createClient(options).cluster(ref);
}
