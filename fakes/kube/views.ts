/**
 * What a client reads of a resource type: stored objects rendered at the fake clock's time (pod,
 * deployment and replica-set status are derived from image pulls), plus, for events, the ones the
 * scheduler and kubelet would have recorded. List, get and watch all read through here.
 */
import { podEvents } from "./events.js";
import type { KubeObject } from "./objects.js";
import { renderPod } from "./pods.js";
import type { ResourceType } from "./resources.js";
import type { KubeStore } from "./store.js";
import { renderDeployment, renderReplicaSet } from "./workloadStatus.js";

type Renderer = (store: KubeStore, object: KubeObject) => KubeObject;

/** Kinds whose status the fake derives on read; other kinds are returned as stored. */
const RENDERERS: Record<string, Renderer> = {
  pods: renderPod,
  deployments: renderDeployment,
  replicasets: renderReplicaSet,
};

export function render(store: KubeStore, type: Pick<ResourceType, "plural">, object: KubeObject): KubeObject {
  const renderer = RENDERERS[type.plural];
  return renderer ? renderer(store, object) : structuredClone(object);
}

/** Every object of a type a client can read now, in one namespace or all. */
export function readAll(store: KubeStore, type: Pick<ResourceType, "plural">, namespace: string | undefined): KubeObject[] {
  const stored = store.list(type, namespace).map((object) => render(store, type, object));
  if (type.plural !== "events") return stored;
  return [...stored, ...podEvents(store, namespace)].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
}

/** One object as a client reads it now, or undefined. */
export function readOne(store: KubeStore, type: Pick<ResourceType, "plural">, namespace: string | undefined, name: string): KubeObject | undefined {
  const stored = store.get(type, namespace, name);
  if (stored) return render(store, type, stored);
  if (type.plural === "events") return podEvents(store, namespace).find((event) => event.metadata.name === name);
  return undefined;
}
