/**
 * The probe: a short-lived, unprivileged Linux pod that pulls the image through the cluster's own
 * nodes, which is the only way to see what the kubelet sees. It is always deleted afterwards.
 */
import { randomBytes } from "node:crypto";
import type { CoreV1Api, KubeConfig, V1Pod } from "@kubernetes/client-node";
import { sleep } from "../arm/sleep.js";
import { createClusterApi } from "../cluster/index.js";
import { loadKubernetesClient, toKubernetesError } from "../cluster/kube.js";
import type { Context } from "../context.js";
import { AksAcrError, isAksAcrError } from "../errors.js";
import type { ClusterRef } from "../ids.js";

/** Waiting reasons that mean the node could not pull the image. */
const PULL_FAILURES = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable"]);
/** Waiting reasons that come after a successful pull (the container could not start, which the probe does not need). */
const PULLED_THEN_FAILED = new Set(["CreateContainerConfigError", "CreateContainerError", "RunContainerError", "CrashLoopBackOff"]);

export interface ProbeOptions {
  namespace: string;
  timeoutMs: number;
  /** How often the pod is read while waiting. */
  pollMs: number;
  abortSignal?: AbortSignal;
  /** Credentials to use instead of asking ARM for the cluster user's kubeconfig. */
  kubeConfig?: KubeConfig;
  /** An image pull secret the probe pod names, for pulls that log in with one. */
  pullSecret?: string;
}

export type ProbeOutcome = { image: string; pod: string; namespace: string; cleanupProblem?: string } & (
  | { kind: "pulled"; detail: string }
  | { kind: "pullFailed"; notFound: boolean; reason: string; message: string }
  | { kind: "timeout"; lastState: string }
  | { kind: "error"; error: AksAcrError }
);

export function probePodName(): string {
  return `aks-acr-probe-${randomBytes(4).toString("hex")}`;
}

/** The pod the probe runs: Linux only, no privileges, no service account token, no host access. */
export function probePod(name: string, image: string, timeoutMs: number, pullSecret?: string): V1Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { "app.kubernetes.io/name": "aks-acr-probe", "app.kubernetes.io/managed-by": "aks-acr" } },
    spec: {
      restartPolicy: "Never",
      automountServiceAccountToken: false,
      nodeSelector: { "kubernetes.io/os": "linux" },
      // If this process dies before its cleanup, the kubelet still ends the pod.
      activeDeadlineSeconds: Math.ceil(timeoutMs / 1000) + 60,
      securityContext: { seccompProfile: { type: "RuntimeDefault" } },
      ...(pullSecret !== undefined && { imagePullSecrets: [{ name: pullSecret }] }),
      containers: [
        {
          name: "probe",
          image,
          // Always: a cached image would say nothing about whether the node may pull it now.
          imagePullPolicy: "Always",
          command: ["/bin/sh", "-c", "exit 0"],
          securityContext: { privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
          resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
        },
      ],
    },
  };
}

export async function runProbe(ctx: Context, cluster: ClusterRef, image: string, options: ProbeOptions): Promise<ProbeOutcome> {
  const operation = `probe a pull of ${image} in cluster ${cluster.name}`;
  const name = probePodName();
  const where = { image, pod: name, namespace: options.namespace };
  let core: CoreV1Api;
  try {
    const kubeConfig = options.kubeConfig ?? (await createClusterApi(ctx, cluster).credentials(options.abortSignal ? { abortSignal: options.abortSignal } : {}));
    core = kubeConfig.makeApiClient((await loadKubernetesClient()).CoreV1Api);
    await core.createNamespacedPod({ namespace: options.namespace, body: probePod(name, image, options.timeoutMs, options.pullSecret) });
  } catch (error) {
    if (isAksAcrError(error) && error.code === "Aborted") throw error;
    return { ...where, kind: "error", error: toKubernetesError(error, operation, `${options.namespace}/${name}`) };
  }
  let outcome: ProbeOutcome;
  try {
    outcome = await waitForPull(core, where, options, operation);
  } catch (error) {
    await deletePod(core, name, options.namespace);
    throw error;
  }
  const cleanupProblem = await deletePod(core, name, options.namespace);
  return cleanupProblem ? { ...outcome, cleanupProblem } : outcome;
}

async function waitForPull(core: CoreV1Api, where: { image: string; pod: string; namespace: string }, options: ProbeOptions, operation: string): Promise<ProbeOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  let lastState = "not scheduled yet";
  for (;;) {
    let pod: V1Pod;
    try {
      pod = await core.readNamespacedPod({ name: where.pod, namespace: where.namespace });
    } catch (error) {
      return { ...where, kind: "error", error: toKubernetesError(error, operation, `${where.namespace}/${where.pod}`) };
    }
    const status = pod.status?.containerStatuses?.[0];
    const state = status?.state;
    if (state?.running || state?.terminated) {
      return { ...where, kind: "pulled", detail: `${state.running ? "running" : `exited (${state.terminated?.reason ?? "Completed"})`} on node ${pod.spec?.nodeName ?? "?"}` };
    }
    const waiting = state?.waiting;
    if (waiting?.reason && PULL_FAILURES.has(waiting.reason)) {
      const message = waiting.message ?? waiting.reason;
      return { ...where, kind: "pullFailed", notFound: /\bnot found\b|manifest unknown|NAME_UNKNOWN|TAG_UNKNOWN/i.test(message), reason: waiting.reason, message };
    }
    if (waiting?.reason && PULLED_THEN_FAILED.has(waiting.reason)) {
      return { ...where, kind: "pulled", detail: `pulled, then ${waiting.reason} (the probe needs only the pull)` };
    }
    lastState = waiting?.reason ?? pod.status?.phase ?? lastState;
    const left = deadline - Date.now();
    if (left <= 0) return { ...where, kind: "timeout", lastState };
    try {
      await sleep(Math.min(options.pollMs, left), options.abortSignal);
    } catch {
      throw new AksAcrError("Aborted", { operation, reason: "the caller's AbortSignal fired; the probe pod was deleted" });
    }
  }
}

/** Deletes the probe pod; returns why it could not be, if so (a pod already gone is fine). */
async function deletePod(core: CoreV1Api, name: string, namespace: string): Promise<string | undefined> {
  try {
    await core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 });
    return undefined;
  } catch (error) {
    const failure = toKubernetesError(error, `delete probe pod ${name}`, `${namespace}/${name}`);
    if (failure.code === "NotFound") return undefined;
    return `the probe pod ${namespace}/${name} could not be deleted (${failure.reason}): kubectl delete pod -n ${namespace} ${name}`;
  }
}
