import type { PodSummary } from "../cluster/types.js";
import { formatAge, formatTable } from "./table.js";

/** Pods as `kubectl get pods` prints them: NAME READY STATUS RESTARTS AGE. */
export function formatPods(pods: readonly PodSummary[], now: number = Date.now()): string {
  const rows = pods.map((pod) => [pod.name, pod.ready ? "1/1" : "0/1", pod.reason ?? pod.phase, String(pod.restarts), formatAge(pod.createdAt, now)]);
  return formatTable(["NAME", "READY", "STATUS", "RESTARTS", "AGE"], rows);
}
