/**
 * What the API server does to an object on create and update before storing it: validation
 * (answered 422 Invalid like the real server), server-set metadata, generation, and the
 * controllers that react (a Deployment gets its ReplicaSet and pods).
 */
import { deleteOwned, reconcileDeployment, reconcileOwnerOf } from "./controllers.js";
import { clone, containersOf, isRecord, templateLabels, type KubeObject } from "./objects.js";
import { createPod } from "./pods.js";
import type { ResourceType } from "./resources.js";
import { invalid } from "./status.js";
import type { KubeStore } from "./store.js";

/** A rejected write: the Response to send. */
export class Rejection {
  constructor(readonly response: Response) {}
}

export function validate(type: ResourceType, object: KubeObject): Rejection | undefined {
  const name = object.metadata?.name ?? "";
  const fail = (cause: string) => new Rejection(invalid(type.kind, type.group, name, cause));
  if (!name && !(type.plural === "pods" && object.metadata?.generateName)) return fail("metadata.name: Required value: name or generateName is required");
  if (name && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
    return fail(`metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`);
  }
  if (type.plural === "pods" && containersOf(object).length === 0) return fail("spec.containers: Required value");
  if (type.plural === "deployments") {
    const template = isRecord(object.spec?.["template"]) ? object.spec["template"] : undefined;
    const podSpec = template && isRecord(template["spec"]) ? template["spec"] : undefined;
    if (!podSpec || containersOf({ ...object, spec: podSpec }).length === 0) return fail("spec.template.spec.containers: Required value");
    const selector = isRecord(object.spec?.["selector"]) ? object.spec["selector"] : undefined;
    const matchLabels = selector && isRecord(selector["matchLabels"]) ? (selector["matchLabels"] as Record<string, string>) : undefined;
    if (!matchLabels || Object.keys(matchLabels).length === 0) return fail("spec.selector: Required value");
    const labels = templateLabels(object);
    if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) {
      return fail(`spec.template.metadata.labels: Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``);
    }
  }
  return undefined;
}

/** Stores a new object and runs its controllers; returns the stored object. */
export function admitCreate(store: KubeStore, type: ResourceType, input: KubeObject, namespace: string | undefined): KubeObject {
  if (type.plural === "pods") return createPod(store, input, namespace ?? "default");
  const { uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, ...requested } = input.metadata;
  const object: KubeObject = {
    ...clone(input),
    apiVersion: type.group ? `${type.group}/v1` : "v1",
    kind: type.kind,
    metadata: { ...requested, ...store.newMeta(input.metadata.name, namespace), ...(type.plural === "deployments" ? { generation: 1 } : {}) },
  };
  delete object.status;
  if (type.plural === "namespaces") {
    object.spec = { finalizers: ["kubernetes"] };
    object.status = { phase: "Active" };
  }
  if (type.plural === "deployments") object.spec = withDeploymentDefaults(object.spec ?? {});
  store.put(type, object);
  if (type.plural === "deployments") reconcileDeployment(store, object);
  return object;
}

/** Replaces an object's desired state, keeping server-owned metadata; returns the stored object. */
export function admitUpdate(store: KubeStore, type: ResourceType, existing: KubeObject, input: KubeObject): KubeObject {
  const specChanged = JSON.stringify(input.spec ?? {}) !== JSON.stringify(existing.spec ?? {});
  const updated: KubeObject = {
    ...clone(input),
    apiVersion: existing.apiVersion,
    kind: existing.kind,
    metadata: {
      ...clone(input.metadata),
      name: existing.metadata.name,
      ...(existing.metadata.namespace ? { namespace: existing.metadata.namespace } : {}),
      uid: existing.metadata.uid,
      creationTimestamp: existing.metadata.creationTimestamp,
      resourceVersion: store.bumpVersion(),
      ...(existing.metadata.generation !== undefined ? { generation: existing.metadata.generation + (specChanged ? 1 : 0) } : {}),
      ...(existing.metadata.ownerReferences ? { ownerReferences: existing.metadata.ownerReferences } : {}),
    },
  };
  // Clients do not own status; for pods it carries the IP the fake assigned.
  if (existing.status) updated.status = existing.status;
  else delete updated.status;
  if (type.plural === "deployments") updated.spec = withDeploymentDefaults(updated.spec ?? {});
  if (type.plural === "pods") updated.spec = { ...updated.spec, nodeName: existing.spec?.["nodeName"] };
  store.put(type, updated);
  if (type.plural === "deployments") reconcileDeployment(store, updated);
  return updated;
}

export function admitDelete(store: KubeStore, type: ResourceType, existing: KubeObject): void {
  const namespace = existing.metadata.namespace;
  store.remove(type, namespace, existing.metadata.name);
  if (type.plural === "namespaces") {
    for (const plural of ["deployments", "replicasets", "pods"]) {
      for (const object of store.list({ plural }, existing.metadata.name)) store.remove({ plural }, existing.metadata.name, object.metadata.name);
    }
    return;
  }
  deleteOwned(store, existing);
  if (type.plural === "pods") reconcileOwnerOf(store, existing);
}

function withDeploymentDefaults(spec: Record<string, unknown>): Record<string, unknown> {
  return {
    replicas: 1,
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
    ...spec,
  };
}
