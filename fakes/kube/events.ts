/**
 * Events (core/v1), as `kubectl describe` and `kubectl get events` show them. The kubelet's and
 * the scheduler's events of a pod are derived from the pod's image pulls (each judged at its own
 * time), aggregated by reason and message with a count, as the kubelet's event recorder does; the
 * controllers' events (ScalingReplicaSet, SuccessfulCreate…) are stored when they act.
 */
import { createHash } from "node:crypto";
import { containersOf, type KubeObject } from "./objects.js";
import { observePull, rpcCode, type ContainerPull } from "./pullState.js";
import type { KubeStore } from "./store.js";

const EVENTS = { plural: "events" } as const;

/** Records a controller's event about `object` (e.g. the deployment controller scaling a replica set). */
export function recordEvent(store: KubeStore, object: KubeObject, reason: string, message: string, component: string): void {
  const atMs = store.world.now();
  const namespace = object.metadata.namespace ?? "default";
  const name = eventName(object, reason, message);
  const existing = store.get(EVENTS, namespace, name);
  if (existing) {
    store.put(EVENTS, { ...existing, count: Number(existing["count"] ?? 1) + 1, lastTimestamp: store.timestamp(atMs), metadata: { ...existing.metadata, resourceVersion: store.bumpVersion() } });
    return;
  }
  store.put(EVENTS, eventObject(store, object, { reason, message, component, type: "Normal", firstMs: atMs, lastMs: atMs, count: 1 }));
}

interface Occurrence {
  reason: string;
  message: string;
  type: "Normal" | "Warning";
  component: string;
  fieldPath?: string;
  atMs: number;
}

/**
 * Keeps the events of a pod that is going away (they outlive it, as the real ones do for an hour),
 * with the kubelet's Killing event for each container that was running.
 */
export function keepEventsOf(store: KubeStore, pod: KubeObject): void {
  const now = store.world.now();
  const pulls = store.pulls.get(pod.metadata.uid);
  const killing: Occurrence[] = containersOf(pod)
    .filter((c) => pulls?.get(c.name)?.pulled)
    .map((c) => ({ reason: "Killing", message: `Stopping container ${c.name}`, type: "Normal", component: "kubelet", fieldPath: `spec.containers{${c.name}}`, atMs: now }));
  for (const event of aggregate(store, pod, [...occurrencesOf(store, pod), ...killing])) store.put(EVENTS, event);
}

/** The scheduler's and kubelet's events of every pod in `namespace` (all namespaces when undefined). */
export function podEvents(store: KubeStore, namespace: string | undefined): KubeObject[] {
  return store.list({ plural: "pods" }, namespace).flatMap((pod) => aggregate(store, pod, occurrencesOf(store, pod)));
}

function occurrencesOf(store: KubeStore, pod: KubeObject): Occurrence[] {
  const createdMs = Date.parse(pod.metadata.creationTimestamp);
  const now = store.world.now();
  const found: Occurrence[] = [
    { reason: "Scheduled", message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${store.nodeName}`, type: "Normal", component: "default-scheduler", atMs: createdMs },
  ];
  const pulls = store.pulls.get(pod.metadata.uid) ?? new Map<string, ContainerPull>();
  for (const container of containersOf(pod)) {
    const pull = pulls.get(container.name);
    if (!pull) continue;
    observePull(store.world, store.cluster, pull, now);
    const fieldPath = `spec.containers{${container.name}}`;
    const kubelet = (reason: string, message: string, atMs: number, type: Occurrence["type"] = "Normal"): void =>
      void found.push({ reason, message, type, component: "kubelet", fieldPath, atMs });
    pull.attempts.forEach((attempt, index) => {
      kubelet("Pulling", `Pulling image "${pull.image}"`, attempt.atMs);
      if (attempt.result.ok) {
        kubelet("Pulled", `Successfully pulled image "${pull.image}" in 1.084s (1.084s including waiting). Image size: 72195292 bytes.`, attempt.atMs);
        kubelet("Created", `Created container: ${container.name}`, attempt.atMs);
        kubelet("Started", `Started container ${container.name}`, attempt.atMs);
        return;
      }
      kubelet("Failed", `Failed to pull image "${pull.image}": ${rpcCode(attempt.result.reason)}${attempt.result.message}`, attempt.atMs, "Warning");
      kubelet("Failed", "Error: ErrImagePull", attempt.atMs, "Warning");
      // Between two attempts the kubelet's pod syncs report the back-off.
      const next = pull.attempts[index + 1]?.atMs ?? now;
      if (next > attempt.atMs) {
        kubelet("BackOff", `Back-off pulling image "${pull.image}"`, attempt.atMs + 1000, "Normal");
        kubelet("Failed", "Error: ImagePullBackOff", attempt.atMs + 1000, "Warning");
      }
    });
  }
  return found.filter((o) => o.atMs <= now);
}

function aggregate(store: KubeStore, pod: KubeObject, occurrences: Occurrence[]): KubeObject[] {
  const byKey = new Map<string, { first: Occurrence; lastMs: number; count: number }>();
  for (const occurrence of occurrences) {
    const key = `${occurrence.reason}\n${occurrence.message}\n${occurrence.fieldPath ?? ""}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.count += 1;
      seen.lastMs = Math.max(seen.lastMs, occurrence.atMs);
    } else byKey.set(key, { first: occurrence, lastMs: occurrence.atMs, count: 1 });
  }
  return [...byKey.values()].map(({ first, lastMs, count }) => eventObject(store, pod, { ...first, firstMs: first.atMs, lastMs, count }));
}

interface EventFields {
  reason: string;
  message: string;
  type: string;
  component: string;
  fieldPath?: string;
  firstMs: number;
  lastMs: number;
  count: number;
}

function eventObject(store: KubeStore, object: KubeObject, fields: EventFields): KubeObject {
  const namespace = object.metadata.namespace ?? "default";
  const name = eventName(object, fields.reason, fields.message);
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      name,
      namespace,
      uid: uuidOf(`${object.metadata.uid}/${name}`),
      resourceVersion: object.metadata.resourceVersion,
      creationTimestamp: store.timestamp(fields.firstMs),
    },
    involvedObject: {
      kind: object.kind,
      namespace,
      name: object.metadata.name,
      uid: object.metadata.uid,
      apiVersion: object.apiVersion,
      resourceVersion: object.metadata.resourceVersion,
      ...(fields.fieldPath ? { fieldPath: fields.fieldPath } : {}),
    },
    reason: fields.reason,
    message: fields.message,
    source: { component: fields.component, ...(fields.component === "kubelet" ? { host: store.nodeName } : {}) },
    firstTimestamp: store.timestamp(fields.firstMs),
    lastTimestamp: store.timestamp(fields.lastMs),
    count: fields.count,
    type: fields.type,
    eventTime: null,
    reportingComponent: fields.component,
    reportingInstance: fields.component === "kubelet" ? store.nodeName : "",
  };
}

/** `<object>.<16 hex>`, the shape of the names event recorders give. */
function eventName(object: KubeObject, reason: string, message: string): string {
  const hash = createHash("sha256").update(`${object.metadata.uid}\n${reason}\n${message}`).digest("hex").slice(0, 16);
  return `${object.metadata.name}.${hash}`;
}

function uuidOf(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
