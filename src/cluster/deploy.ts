import type { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { KNOWN_CLOUDS } from "../cloud.js";
import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import type { CallOptions } from "../options.js";
import { deploymentName, desiredDeployment, type DesiredDeployment } from "./deploymentSpec.js";
import { abortable, loadKubernetesClient, toKubernetesError } from "./kube.js";
import { listPods } from "./pods.js";
import { clusterLabel, type LocatedCluster } from "./summary.js";
import type { DeployOptions, DeployResult, DeploySpec, PodsOptions, PodSummary } from "./types.js";
import { waitForPods } from "./waitForPods.js";

const DEFAULT_TIMEOUT_MS = 300_000;
/** Replacing races with the controller updating status; a fresh read settles it within a few tries. */
const REPLACE_ATTEMPTS = 3;

type GetKubeConfig = (options: CallOptions) => Promise<KubeConfig>;

/**
 * Applies a Deployment (create, or replace when it exists) and waits until its pods are Ready or
 * one is stuck; the spec is checked before any request.
 */
export async function deploy(
  ctx: Context,
  cluster: LocatedCluster,
  spec: DeploySpec,
  options: DeployOptions,
  getKubeConfig: GetKubeConfig,
): Promise<DeployResult> {
  const operation = `deploy ${deploymentName(spec)} to cluster ${cluster.name}`;
  const desired = desiredDeployment(spec, operation);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new AksAcrError("InvalidInput", { operation, scope: `timeoutMs ${timeoutMs}`, reason: "timeoutMs is a positive number of milliseconds", fix: "Pass e.g. timeoutMs: 300000" });
  }
  const signal = options.signal;
  const scope = `deployment ${desired.namespace}/${desired.name} in cluster ${cluster.name}`;
  const kubeConfig = options.kubeConfig ?? (await getKubeConfig(signal ? { signal } : {}));
  const k8s = await loadKubernetesClient();
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const context = { operation, scope, signal };
  const olderPods = await applyDeployment(kubeConfig.makeApiClient(k8s.AppsV1Api), core, desired, context);
  return waitForPods(core, desired, {
    operation,
    scope,
    timeoutMs,
    olderPods,
    clusterLabel: clusterLabel(cluster),
    registrySuffixes: registrySuffixes(ctx),
    ...(signal ? { signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

/**
 * Creates the Deployment, or replaces it when it exists (keeping its resourceVersion). Returns the
 * names of the pods that existed before, whose state may predate this deploy.
 */
async function applyDeployment(
  apps: AppsV1Api,
  core: CoreV1Api,
  desired: DesiredDeployment,
  context: { operation: string; scope: string; signal: AbortSignal | undefined },
): Promise<Set<string>> {
  const { namespace, name, body } = desired;
  const { operation, scope, signal } = context;
  try {
    await abortable(apps.createNamespacedDeployment({ namespace, body }), signal, operation);
    return new Set();
  } catch (error) {
    if (statusOf(error) !== 409) throw toKubernetesError(error, operation, scope);
  }
  const { pods: older } = await listPods(core, { namespace, labelSelector: desired.selector, operation, scope, ...(signal ? { signal } : {}) });
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = await abortable(apps.readNamespacedDeployment({ name, namespace }), signal, operation);
      const resourceVersion = existing.metadata?.resourceVersion;
      const replacement = { ...body, metadata: { ...body.metadata, ...(resourceVersion ? { resourceVersion } : {}) } };
      await abortable(apps.replaceNamespacedDeployment({ name, namespace, body: replacement }), signal, operation);
      return new Set(older.map((pod) => pod.metadata?.name ?? ""));
    } catch (error) {
      if (statusOf(error) !== 409 || attempt >= REPLACE_ATTEMPTS) throw toKubernetesError(error, operation, scope);
    }
  }
}

/** Lists pods in the PodSummary shape. */
export async function pods(cluster: LocatedCluster, options: PodsOptions, getKubeConfig: GetKubeConfig): Promise<PodSummary[]> {
  const namespace = options.namespace ?? "default";
  const operation = `list pods in cluster ${cluster.name}`;
  const signal = options.signal;
  const kubeConfig = options.kubeConfig ?? (await getKubeConfig(signal ? { signal } : {}));
  const k8s = await loadKubernetesClient();
  const { summaries } = await listPods(kubeConfig.makeApiClient(k8s.CoreV1Api), {
    namespace,
    operation,
    scope: `namespace ${namespace} in cluster ${cluster.name}`,
    ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
    ...(signal ? { signal } : {}),
  });
  return summaries;
}

function registrySuffixes(ctx: Context): string[] {
  const all = [ctx.cloud.acrLoginServerSuffix, ...Object.values(KNOWN_CLOUDS).map((cloud) => cloud.acrLoginServerSuffix)];
  return [...new Set(all.map((suffix) => suffix.toLowerCase()))];
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}
