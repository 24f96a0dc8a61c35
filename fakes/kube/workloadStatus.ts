/** Deployment and ReplicaSet status, derived on read from their pods' current (lazily computed) state. */
import { clone, isControlledBy, replicasOf, type KubeObject } from "./objects.js";
import { isPodReady, renderPod } from "./pods.js";
import type { KubeStore } from "./store.js";

export function renderReplicaSet(store: KubeStore, rs: KubeObject): KubeObject {
  const pods = podsOf(store, rs);
  const ready = pods.filter(isPodReady).length;
  const rendered = clone(rs);
  rendered.status = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  return rendered;
}

export function renderDeployment(store: KubeStore, deployment: KubeObject): KubeObject {
  const namespace = deployment.metadata.namespace;
  const sets = store.list({ plural: "replicasets" }, namespace).filter((rs) => isControlledBy(rs, deployment));
  const revision = deployment.metadata.annotations?.["deployment.kubernetes.io/revision"];
  const current = sets.find((rs) => rs.metadata.annotations?.["deployment.kubernetes.io/revision"] === revision);
  const pods = sets.flatMap((rs) => podsOf(store, rs));
  const currentPods = current ? podsOf(store, current) : [];
  const ready = pods.filter(isPodReady).length;
  const desired = replicasOf(deployment);
  const available = ready >= desired;
  const progressed = currentPods.length === desired && currentPods.every(isPodReady);
  const since = deployment.metadata.creationTimestamp;
  // Conditions change when pods become ready, not on every read: stamp them with that moment.
  const now = [since, ...pods.map(readySince)].sort().pop() ?? since;
  const rsName = current?.metadata.name ?? deployment.metadata.name;
  const rendered = clone(deployment);
  rendered.status = {
    observedGeneration: deployment.metadata.generation ?? 1,
    replicas: pods.length,
    updatedReplicas: currentPods.length,
    readyReplicas: ready,
    availableReplicas: ready,
    ...(pods.length - ready > 0 ? { unavailableReplicas: pods.length - ready } : {}),
    conditions: [
      {
        type: "Available",
        status: available ? "True" : "False",
        lastUpdateTime: available ? now : since,
        lastTransitionTime: since,
        reason: available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        message: available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
      },
      {
        type: "Progressing",
        status: "True",
        lastUpdateTime: now,
        lastTransitionTime: since,
        reason: progressed ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
        message: progressed ? `ReplicaSet "${rsName}" has successfully progressed.` : `ReplicaSet "${rsName}" is progressing.`,
      },
    ],
  };
  return rendered;
}

function podsOf(store: KubeStore, rs: KubeObject): KubeObject[] {
  return store
    .list({ plural: "pods" }, rs.metadata.namespace)
    .filter((pod) => isControlledBy(pod, rs))
    .map((pod) => renderPod(store, pod));
}

function readySince(pod: KubeObject): string {
  const conditions = Array.isArray(pod.status?.["conditions"]) ? (pod.status["conditions"] as { type?: string; status?: string; lastTransitionTime?: string }[]) : [];
  const ready = conditions.find((c) => c.type === "Ready" && c.status === "True");
  return ready?.lastTransitionTime ?? pod.metadata.creationTimestamp;
}
