import type { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { KNOWN_CLOUDS } from "../cloud.js";
import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import type { CallOptions } from "../options.js";
import { deploymentName, desiredDeployment, type DesiredDeployment } from "./deploymentSpec.js";
import { abortable, loadKubernetesClient, toKubernetesError } from "./kube.js";
import { makeKubeClient } from "./kubeTransport.js";
import { selectorProblem } from "./labels.js";
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
  const signal = options.abortSignal;
  const scope = `deployment ${desired.namespace}/${desired.name} in cluster ${cluster.name}`;
  const kubeConfig = options.kubeConfig ?? (await getKubeConfig(signal ? { abortSignal: signal } : {}));
  const k8s = await loadKubernetesClient();
  const transport = { ...(ctx.options.retryOptions && { retryOptions: ctx.options.retryOptions }), ...(signal && { abortSignal: signal }) };
  const core = makeKubeClient(k8s, kubeConfig, k8s.CoreV1Api, transport);
  const context = { operation, scope, signal };
  const olderPods = await applyDeployment(makeKubeClient(k8s, kubeConfig, k8s.AppsV1Api, transport), core, desired, context);
  return waitForPods(core, desired, {
    operation,
    scope,
    timeoutMs,
    olderPods,
    clusterLabel: clusterLabel(cluster),
    registrySuffixes: registrySuffixes(ctx),
    ...(signal ? { abortSignal: signal } : {}),
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
  const { pods: older } = await listPods(core, { namespace, labelSelector: desired.selector, operation, scope, ...(signal ? { abortSignal: signal } : {}) });
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
export async function pods(ctx: Context, cluster: LocatedCluster, options: PodsOptions, getKubeConfig: GetKubeConfig): Promise<PodSummary[]> {
  const namespace = options.namespace ?? "default";
  const operation = `list pods in cluster ${cluster.name}`;
  const badSelector = options.labelSelector === undefined ? undefined : selectorProblem(options.labelSelector);
  if (badSelector) throw new AksAcrError("InvalidInput", { operation, scope: "labelSelector", reason: badSelector, fix: "Correct the selector; nothing was sent" });
  const signal = options.abortSignal;
  const kubeConfig = options.kubeConfig ?? (await getKubeConfig(signal ? { abortSignal: signal } : {}));
  const k8s = await loadKubernetesClient();
  const transport = { ...(ctx.options.retryOptions && { retryOptions: ctx.options.retryOptions }), ...(signal && { abortSignal: signal }) };
  const { summaries } = await listPods(makeKubeClient(k8s, kubeConfig, k8s.CoreV1Api, transport), {
    namespace,
    operation,
    scope: `namespace ${namespace} in cluster ${cluster.name}`,
    ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
    ...(signal ? { abortSignal: signal } : {}),
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
