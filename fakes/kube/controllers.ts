/**
 * The deployment and replica-set controllers, run synchronously after every write: a Deployment
 * owns one ReplicaSet per pod template (named by pod-template-hash), the current one scaled to
 * `replicas` and older ones to 0; a ReplicaSet keeps exactly `replicas` pods. Rollouts are
 * therefore instant, which is all the AKS/ACR flows need.
 */
import { clone, controllerRef, isControlledBy, replicasOf, templateLabels, templateOf, type KubeObject } from "./objects.js";
import { nameSuffix, podTemplateHash } from "./names.js";
import { recordEvent } from "./events.js";
import { createPod } from "./pods.js";
import type { KubeStore } from "./store.js";

const REPLICASETS = { plural: "replicasets" } as const;
const PODS = { plural: "pods" } as const;
const REVISION = "deployment.kubernetes.io/revision";

export function reconcileDeployment(store: KubeStore, deployment: KubeObject): void {
  const namespace = deployment.metadata.namespace ?? "default";
  const hash = podTemplateHash(templateOf(deployment));
  const owned = store.list(REPLICASETS, namespace).filter((rs) => isControlledBy(rs, deployment));
  let current = owned.find((rs) => rs.metadata.labels?.["pod-template-hash"] === hash);
  const revision = String(Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0))) + (current ? 0 : 1));
  if (!current) {
    current = newReplicaSet(store, deployment, hash, revision);
  }
  for (const rs of owned) {
    if (rs !== current) setReplicas(store, rs, 0, deployment);
  }
  setReplicas(store, current, replicasOf(deployment), deployment);
  deployment.metadata.annotations = { ...deployment.metadata.annotations, [REVISION]: current.metadata.annotations?.[REVISION] ?? revision };
}

/** Cascading (background) deletion: the deployment's replica sets and their pods go with it. */
export function deleteOwned(store: KubeStore, owner: KubeObject): void {
  const namespace = owner.metadata.namespace ?? "default";
  for (const plural of ["replicasets", "pods"] as const) {
    for (const object of store.list({ plural }, namespace)) {
      if (!isControlledBy(object, owner)) continue;
      deleteOwned(store, object);
      store.remove({ plural }, namespace, object.metadata.name);
    }
  }
}

/** After a pod of a replica set is deleted, the replica set replaces it (with a new name). */
export function reconcileOwnerOf(store: KubeStore, pod: KubeObject): void {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller && r.kind === "ReplicaSet");
  if (!ref) return;
  const rs = store.get(REPLICASETS, pod.metadata.namespace, ref.name);
  if (rs && rs.metadata.uid === ref.uid) reconcileReplicaSet(store, rs);
}

function newReplicaSet(store: KubeStore, deployment: KubeObject, hash: string, revision: string): KubeObject {
  const namespace = deployment.metadata.namespace ?? "default";
  const labels = { ...templateLabels(deployment), "pod-template-hash": hash };
  const template = clone(templateOf(deployment));
  template["metadata"] = { ...(template["metadata"] as object | undefined), labels };
  const selector = clone((deployment.spec?.["selector"] as Record<string, unknown> | undefined) ?? {});
  selector["matchLabels"] = { ...(selector["matchLabels"] as object | undefined), "pod-template-hash": hash };
  const rs: KubeObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      ...store.newMeta(`${deployment.metadata.name}-${hash}`, namespace),
      generation: 1,
      labels,
      annotations: { [REVISION]: revision, "deployment.kubernetes.io/desired-replicas": String(replicasOf(deployment)) },
      ownerReferences: [controllerRef(deployment)],
    },
    spec: { replicas: 0, selector, template },
  };
  store.put(REPLICASETS, rs);
  return rs;
}

function setReplicas(store: KubeStore, rs: KubeObject, replicas: number, deployment: KubeObject): void {
  const from = replicasOf(rs);
  if (from !== replicas) {
    recordEvent(store, deployment, "ScalingReplicaSet", `Scaled ${replicas > from ? "up" : "down"} replica set ${rs.metadata.name} from ${from} to ${replicas}`, "deployment-controller");
    rs.spec = { ...rs.spec, replicas };
    rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
    rs.metadata.resourceVersion = store.bumpVersion();
  }
  reconcileReplicaSet(store, rs);
}

function reconcileReplicaSet(store: KubeStore, rs: KubeObject): void {
  const namespace = rs.metadata.namespace ?? "default";
  const pods = store
    .list(PODS, namespace)
    .filter((pod) => isControlledBy(pod, rs))
    .sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp));
  const wanted = replicasOf(rs);
  for (const extra of pods.slice(wanted).reverse()) {
    store.remove(PODS, namespace, extra.metadata.name);
    recordEvent(store, rs, "SuccessfulDelete", `Deleted pod: ${extra.metadata.name}`, "replicaset-controller");
  }
  const template = templateOf(rs);
  for (let i = pods.length; i < wanted; i++) {
    const name = uniquePodName(store, rs);
    const metadata = { ...(template["metadata"] as object | undefined), name } as KubeObject["metadata"];
    createPod(store, { apiVersion: "v1", kind: "Pod", metadata, spec: clone((template["spec"] as Record<string, unknown> | undefined) ?? {}) }, namespace, controllerRef(rs));
    recordEvent(store, rs, "SuccessfulCreate", `Created pod: ${name}`, "replicaset-controller");
  }
}

function uniquePodName(store: KubeStore, rs: KubeObject): string {
  for (;;) {
    const name = `${rs.metadata.name}-${nameSuffix(rs.metadata.uid, store.nextSequence())}`;
    if (!store.get(PODS, rs.metadata.namespace, name)) return name;
  }
}
