import type { KubeConfig, V1Deployment } from "@kubernetes/client-node";
import type { AttachResult } from "../integration/types.js";
import type { CallOptions, LongCallOptions } from "../options.js";

/** A registry to attach: a name, a login server, an ARM resource id or `{ subscriptionId?, resourceGroup?, name }`. */
export type AttachRegistryRef =
  | string
  | {
      /** The registry's subscription. @default searched: the cluster's subscription first, then every visible one */
      subscriptionId?: string;
      /** The registry's resource group. */
      resourceGroup?: string;
      /** The registry's name. */
      name: string;
    };

/** Options of `cluster(ref).create(...)`. */
export interface CreateClusterOptions extends LongCallOptions {
  /** Azure region, e.g. "westeurope" ("West Europe" is accepted and normalised). */
  location: string;
  /** Nodes in the System agent pool. @default 3 (as `az aks create`) */
  nodeCount?: number;
  /**
   * VM size of the nodes, e.g. "Standard_D2s_v5".
   * @default not sent: the AKS resource provider picks a size with quota and capacity, as current `az aks create` does
   */
  vmSize?: string;
  /** Kubernetes version "1.33" or "1.33.2". @default the region's default version */
  kubernetesVersion?: string;
  /** DNS prefix of the API server's FQDN. @default derived like az: `<name[:10]>-<resourceGroup[:16]>-<subscription[:6]>` */
  dnsPrefix?: string;
  /** Registries the new cluster's kubelet identity may pull from; each is resolved before the cluster is created. @default [] */
  attach?: AttachRegistryRef[];
  /** Tags of the cluster resource. @default {} */
  tags?: Record<string, string>;
}

/** What this library reads back about a managed cluster. */
export interface ClusterSummary {
  /** ARM id of the cluster. */
  id: string;
  /** Its subscription. */
  subscriptionId: string;
  /** Its resource group. */
  resourceGroup: string;
  /** Its name. */
  name: string;
  /** Its Azure region, e.g. "westeurope". */
  location: string;
  /** "Succeeded" once usable; "Creating", "Updating", "Deleting", "Failed", … otherwise. */
  provisioningState: string;
  /** API server FQDN, e.g. `aks-rg-0000-abc.hcp.westeurope.azmk8s.io`. */
  fqdn: string | undefined;
  /** DNS prefix of the API server's FQDN. */
  dnsPrefix: string | undefined;
  /** Kubernetes version, e.g. "1.33.2". */
  kubernetesVersion: string | undefined;
  /** Nodes across all agent pools. */
  nodeCount: number;
  /** The identity that pulls images (managed-identity clusters). */
  kubeletIdentity:
    | {
        /** Entra ID object id: what role assignments name. */
        objectId: string;
        /** Application (client) id. */
        clientId: string;
      }
    | undefined;
  /** The ARM resource as returned. */
  raw: unknown;
}

/** Result of `create()`. */
export interface CreateClusterResult {
  /** The cluster as it is now. */
  cluster: ClusterSummary;
  /** False when a cluster of that name already existed in that location (it was left as it was). */
  created: boolean;
  /** One result per distinct registry, in the order given. */
  attached: AttachResult[];
}

/** Result of `delete()`. */
export interface DeleteClusterResult {
  /** ARM id of the cluster. */
  id: string;
  /** False when there was no such cluster (nothing to delete). */
  deleted: boolean;
}

/** Options of `credentials()`. */
export interface CredentialsOptions extends CallOptions {
  /** Ask for the cluster-admin credential (`listClusterAdminCredential`). @default false */
  admin?: boolean;
  /** Credential format of a user kubeconfig on Entra ID clusters ("exec" uses kubelogin). @default the server's default */
  format?: "azure" | "exec";
  /** Write or merge the kubeconfig into this file, as `az aks get-credentials --file`. @default not written */
  file?: string;
  /** Replace clusters, users and contexts of the same name in `file` that differ. @default false */
  overwrite?: boolean;
  /** Name of the context (and cluster entry) to use instead of the one the cluster returns. @default the cluster's */
  context?: string;
}

/** A simple Deployment: one container, labels `{ app: name }` unless given. */
export interface SimpleDeploymentSpec {
  /** Deployment name (lowercase letters, digits, `-` and `.`). */
  name: string;
  /** Image reference, e.g. "myacr.azurecr.io/nginx:v1". */
  image: string;
  /** @default 1 */
  replicas?: number;
  /** Container port to declare. @default none */
  port?: number;
  /** @default "default" */
  namespace?: string;
  /** Labels of the pods, also the Deployment's selector. @default { app: name } */
  labels?: Record<string, string>;
  /** Names of image pull secrets in the namespace for registries outside Azure (see `pullSecret()`). @default none: the namespace's default ServiceAccount's, if any */
  imagePullSecrets?: string[];
}

/** Options of `deploy()`. */
export interface DeployOptions extends LongCallOptions {
  /** How long to wait for the pods to be Ready. @default 300000 */
  timeoutMs?: number;
  /** Use this KubeConfig instead of fetching credentials (one ARM request saved). @default credentials() */
  kubeConfig?: KubeConfig;
}

/** One pod, as `kubectl get pods` would describe it. */
export interface PodSummary {
  /** The pod's name. */
  name: string;
  /** Pending, Running, Succeeded, Failed, Unknown. */
  phase: string;
  /** All containers ready. */
  ready: boolean;
  /** Restarts summed over containers. */
  restarts: number;
  /** Why a container is not running, e.g. "ImagePullBackOff", "CrashLoopBackOff". */
  reason?: string;
  /** The kubelet's message for `reason`, e.g. the registry's "401 Unauthorized". */
  message?: string;
  /** Image of the first container. */
  image: string;
  /** ISO 8601 creation time. */
  createdAt: string;
}

/** Result of `deploy()`. */
export interface DeployResult {
  /** The Deployment as applied. */
  deployment: {
    /** Its name. */
    name: string;
    /** Its namespace. */
    namespace: string;
    /** Pods it asks for. */
    replicas: number;
    /** Pods ready when the wait ended. */
    readyReplicas: number;
  };
  /** Its pods, as `kubectl get pods` would show them. */
  pods: PodSummary[];
}

/** Options of `pods()`. */
export interface PodsOptions extends CallOptions {
  /** @default "default" */
  namespace?: string;
  /** Equality-based selector, e.g. "app=nginx". @default all pods */
  labelSelector?: string;
  /** Use this KubeConfig instead of fetching credentials. @default credentials() */
  kubeConfig?: KubeConfig;
}

/** What `deploy()` applies: a one-container {@link SimpleDeploymentSpec}, or a full `V1Deployment` from `@kubernetes/client-node`. */
export type DeploySpec = SimpleDeploymentSpec | V1Deployment;
