import type { CoreV1Api, V1Pod } from "@kubernetes/client-node";
import { sleep } from "../arm/sleep.js";
import { AksAcrError } from "../errors.js";
import type { ProgressEvent } from "../options.js";
import type { DesiredDeployment } from "./deploymentSpec.js";
import { abortedError } from "./kube.js";
import { listPods, summarizePod } from "./pods.js";
import { pullFailureFix } from "./pullFailure.js";
import type { DeployResult } from "./types.js";

/** How often the pods are read: every second at first, every two seconds after a minute. */
const FAST_POLL_MS = 1000;
const SLOW_POLL_MS = 2000;
const FAST_PHASE_MS = 60_000;

const PULL_REASONS = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"]);
const CRASH_REASONS = new Set(["CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError", "RunContainerError"]);

export interface WaitForPodsOptions {
  operation: string;
  /** The deployment, for error messages: "deployment default/nginx in cluster aks". */
  scope: string;
  timeoutMs: number;
  abortSignal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** How a user names this cluster in code, for fixes: `{ resourceGroup: "rg", name: "aks" }`. */
  clusterLabel: string;
  /** Login-server suffixes of ACR (e.g. "azurecr.io"), to recognise registry images. */
  registrySuffixes: readonly string[];
  /** Pods that existed before this deploy: a pull error of theirs may be stale, so it does not end the wait. @default none */
  olderPods?: ReadonlySet<string>;
}

/**
 * Reads the deployment's pods until `replicas` of the current template are Ready, and stops early
 * when one cannot start (a pull that fails, a container that crashes): waiting out the timeout
 * would only delay the same answer.
 */
export async function waitForPods(core: CoreV1Api, desired: DesiredDeployment, options: WaitForPodsOptions): Promise<DeployResult> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const report = (stage: string, poll: number, status?: string): void =>
    options.onProgress?.({ operation: options.operation, stage, poll, elapsedMs: Date.now() - started, ...(status ? { status } : {}) });
  report("started", 0);
  for (let poll = 1; ; poll++) {
    const { pods } = await listPods(core, {
      namespace: desired.namespace,
      labelSelector: desired.selector,
      operation: options.operation,
      scope: options.scope,
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    const current = pods.filter((pod) => isCurrent(pod, desired)).map(summarizePod);
    const ready = current.filter((pod) => pod.ready).length;
    const result: DeployResult = {
      deployment: { name: desired.name, namespace: desired.namespace, replicas: desired.replicas, readyReplicas: ready },
      pods: current,
    };
    report("polling", poll, `${ready}/${desired.replicas} ready`);
    if (ready >= desired.replicas) {
      report("succeeded", poll, `${ready}/${desired.replicas} ready`);
      return result;
    }
    throwIfStuck(result, options);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timeoutError(result, options);
    try {
      await sleep(Math.min(Date.now() - started < FAST_PHASE_MS ? FAST_POLL_MS : SLOW_POLL_MS, remaining), options.abortSignal);
    } catch {
      throw abortedError(options.operation);
    }
  }
}

/** Pods of an older template still match the selector during a rollout; only this template's count. */
function isCurrent(pod: V1Pod, desired: DesiredDeployment): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  const images = (pod.spec?.containers ?? []).map((c) => c.image ?? "");
  return images.length === desired.images.length && images.every((image, i) => image === desired.images[i]);
}

function throwIfStuck(result: DeployResult, options: WaitForPodsOptions): void {
  // A pod older than this deploy may be backing off from a failure that has since been fixed (the
  // registry attached meanwhile): its next retry can still succeed, so only new pods fail fast.
  const pulling = result.pods.filter(
    (pod) => pod.reason !== undefined && PULL_REASONS.has(pod.reason) && !options.olderPods?.has(pod.name),
  );
  const pullFailure = pulling.find((pod) => pod.reason === "ErrImagePull") ?? pulling[0];
  if (pullFailure) {
    throw new AksAcrError("ImagePullFailed", {
      operation: options.operation,
      scope: options.scope,
      reason: `pod ${pullFailure.name} cannot pull ${pullFailure.image}: ${pullFailure.reason}${pullFailure.message ? `: ${pullFailure.message}` : ""}`,
      fix: pullFailureFix(pullFailure, options),
      details: { pods: result.pods, deployment: result.deployment },
    });
  }
  const crashing = result.pods.find((pod) => pod.reason !== undefined && CRASH_REASONS.has(pod.reason));
  if (crashing) {
    throw new AksAcrError("WorkloadNotReady", {
      operation: options.operation,
      scope: options.scope,
      reason: `pod ${crashing.name} is in ${crashing.reason} after ${crashing.restarts} restarts${crashing.message ? `: ${crashing.message}` : ""}`,
      fix: `Read the container's logs (kubectl logs ${crashing.name} --previous) and fix the image or its configuration`,
      details: { pods: result.pods, deployment: result.deployment },
    });
  }
}

function timeoutError(result: DeployResult, options: WaitForPodsOptions): AksAcrError {
  const states = result.pods.length
    ? result.pods.map((pod) => `${pod.name} ${pod.phase}${pod.reason ? ` (${pod.reason})` : ""}`).join(", ")
    : "no pods yet";
  return new AksAcrError("Timeout", {
    operation: options.operation,
    scope: options.scope,
    reason: `${result.deployment.readyReplicas} of ${result.deployment.replicas} pods were Ready after ${Math.round(options.timeoutMs / 1000)} s (${states})`,
    fix: "Wait longer with a larger timeoutMs, or look at the pods' events (kubectl describe pod) for what holds them",
    details: { pods: result.pods, deployment: result.deployment },
  });
}
