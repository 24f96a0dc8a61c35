import type { CoreV1Api, V1ContainerStatus, V1Pod } from "@kubernetes/client-node";
import type { PodSummary } from "./types.js";
import { abortable, toKubernetesError } from "./kube.js";

/** One pod as `kubectl get pods` shows it, plus the waiting/terminated reason and message that say why. */
export function summarizePod(pod: V1Pod): PodSummary {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const containers = pod.status?.containerStatuses ?? [];
  const blocked = statuses.find((s) => s.state?.waiting?.reason) ?? statuses.find((s) => isTerminatedBadly(s));
  const why = blocked?.state?.waiting ?? blocked?.state?.terminated;
  const created = pod.metadata?.creationTimestamp;
  return {
    name: pod.metadata?.name ?? "",
    phase: pod.status?.phase ?? "Unknown",
    ready: containers.length > 0 && containers.every((s) => s.ready),
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    ...(why?.reason ? { reason: why.reason } : {}),
    ...(why?.message ? { message: why.message } : {}),
    image: pod.spec?.containers[0]?.image ?? containers[0]?.image ?? "",
    createdAt: created ? new Date(created).toISOString() : "",
  };
}

function isTerminatedBadly(status: V1ContainerStatus): boolean {
  const terminated = status.state?.terminated;
  return terminated !== undefined && terminated.exitCode !== 0;
}

/** Lists pods of a namespace, optionally by label selector, in the PodSummary shape. */
export async function listPods(
  core: CoreV1Api,
  options: { namespace: string; labelSelector?: string; abortSignal?: AbortSignal; operation: string; scope: string },
): Promise<{ pods: V1Pod[]; summaries: PodSummary[] }> {
  try {
    const request = options.labelSelector
      ? { namespace: options.namespace, labelSelector: options.labelSelector }
      : { namespace: options.namespace };
    const list = await abortable(core.listNamespacedPod(request), options.abortSignal, options.operation);
    const pods = [...list.items].sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
    return { pods, summaries: pods.map(summarizePod) };
  } catch (error) {
    throw toKubernetesError(error, options.operation, options.scope);
  }
}
