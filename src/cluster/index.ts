import type { KubeConfig } from "@kubernetes/client-node";
import type { Context } from "../context.js";
import { clusterId, parseClusterRef, type ClusterRef, type ClusterRefInput } from "../ids.js";
import type { CallOptions, LongCallOptions } from "../options.js";
import { createCluster } from "./create.js";
import { getCredentials } from "./credentials.js";
import { deploy, pods } from "./deploy.js";
import { deleteCluster, getCluster } from "./lifecycle.js";
import { pullSecret, type PullSecretOptions, type PullSecretResult, type PullSecretSpec } from "./pullSecret.js";
import type { LocatedCluster } from "./summary.js";
import type {
  ClusterSummary,
  CreateClusterOptions,
  CreateClusterResult,
  CredentialsOptions,
  DeleteClusterResult,
  DeployOptions,
  DeployResult,
  DeploySpec,
  PodsOptions,
  PodSummary,
} from "./types.js";
import { traced } from "../arm/tracing.js";

/** One cluster's operations: its lifecycle in ARM, its credentials and its workloads. */
export interface ClusterApi {
  /** `az aks create [--attach-acr]`: a managed-identity cluster, then each registry attached. */
  create(options: CreateClusterOptions): Promise<CreateClusterResult>;
  /** One GET of the cluster. */
  get(options?: CallOptions): Promise<ClusterSummary>;
  /** `az aks delete`; `deleted: false` when there was no such cluster. */
  delete(options?: LongCallOptions): Promise<DeleteClusterResult>;
  /** `az aks get-credentials`: one POST, as a `@kubernetes/client-node` KubeConfig; optionally merged into a file. */
  credentials(options?: CredentialsOptions): Promise<KubeConfig>;
  /** `kubectl apply` of a Deployment, then a wait until its pods are Ready or one is stuck. */
  deploy(spec: DeploySpec, options?: DeployOptions): Promise<DeployResult>;
  /**
   * `kubectl create secret docker-registry`, idempotent: creates or replaces a
   * `kubernetes.io/dockerconfigjson` Secret for a registry outside Azure (optionally adding it to the
   * namespace's default ServiceAccount). The password is never returned, logged or quoted in an error.
   */
  pullSecret(spec: PullSecretSpec, options?: PullSecretOptions): Promise<PullSecretResult>;
  /** `kubectl get pods`, with the reasons and messages that say why a pod is not running. */
  pods(options?: PodsOptions): Promise<PodSummary[]>;
}

/**
 * The operations of one cluster over a shared context. The reference (ARM id or
 * `{ subscriptionId?, resourceGroup, name }`) is parsed when a call is made, so a malformed one
 * rejects that call with `InvalidInput` before any request.
 */
export function createClusterApi(ctx: Context, ref: ClusterRefInput | ClusterRef): ClusterApi {
  const locate = (operation: string): LocatedCluster => {
    const parsed = parseClusterRef(ref);
    const subscriptionId = parsed.subscriptionId ?? ctx.subscriptionId(operation);
    return { ...parsed, subscriptionId, id: clusterId(subscriptionId, parsed.resourceGroup, parsed.name) };
  };
  const credentials = async (options: CredentialsOptions = {}): Promise<KubeConfig> =>
    getCredentials(ctx, locate("get cluster credentials"), options);
  return {
    create: async (options) => traced("ClusterApi.create", options, async () => createCluster(ctx, locate("create cluster"), options)),
    get: async (options) => traced("ClusterApi.get", options, async () => getCluster(ctx, locate("get cluster"), options)),
    delete: async (options) => traced("ClusterApi.delete", options, async () => deleteCluster(ctx, locate("delete cluster"), options)),
    credentials: async (options) => traced("ClusterApi.credentials", options, async () => credentials(options)),
    deploy: async (spec, options = {}) => traced("ClusterApi.deploy", options, async () => deploy(ctx, locate("deploy to cluster"), spec, options, credentials)),
    pullSecret: async (spec, options = {}) => traced("ClusterApi.pullSecret", options, async () => pullSecret(locate("create image pull secret"), spec, options, credentials)),
    pods: async (options = {}) => traced("ClusterApi.pods", options, async () => pods(ctx, locate("list pods"), options, credentials)),
  };
}

export { defaultDnsPrefix } from "./dnsPrefix.js";
export { mergeKubeconfig } from "./kubeconfigFile.js";
export type { RawKubeconfig } from "./kubeconfigFile.js";
export type { PullSecretOptions, PullSecretResult, PullSecretSpec } from "./pullSecret.js";
export type {
  AttachRegistryRef,
  ClusterSummary,
  CreateClusterOptions,
  CreateClusterResult,
  CredentialsOptions,
  DeleteClusterResult,
  DeployOptions,
  DeployResult,
  DeploySpec,
  PodsOptions,
  PodSummary,
  SimpleDeploymentSpec,
} from "./types.js";
