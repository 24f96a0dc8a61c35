/**
 * What the API server does to an object on create and update before storing it: validation
 * (answered 422 Invalid like the real server), server-set metadata, generation, and the
 * controllers that react (a Deployment gets its ReplicaSet and pods).
 */
import { deleteOwned, reconcileDeployment, reconcileOwnerOf } from "./controllers.js";
import { clone, containersOf, isRecord, templateLabels, type KubeObject } from "./objects.js";
import { createPod, withPodSpecDefaults } from "./pods.js";
import { createDefaultServiceAccount, secretProblem, withStringDataFolded } from "./secrets.js";
import type { ResourceType } from "./resources.js";
import { labelMapErrors } from "./labels.js";
import { invalid, type FieldError } from "./status.js";
import type { KubeStore } from "./store.js";

/** A rejected write: the Response to send. */
export class Rejection {
  constructor(readonly response: Response) {}
}

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_RULE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_RULE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Namespaces are named by DNS labels; the other kinds served by DNS subdomains. */
function nameErrors(type: ResourceType, name: string): FieldError[] {
  const label = type.plural === "namespaces";
  const max = label ? 63 : 253;
  const errors: FieldError[] = [];
  if (name.length > max) errors.push({ field: "metadata.name", message: `metadata.name: Invalid value: ${JSON.stringify(name)}: must be no more than ${max} characters` });
  if (!(label ? LABEL : SUBDOMAIN).test(name)) errors.push({ field: "metadata.name", message: `metadata.name: Invalid value: ${JSON.stringify(name)}: ${label ? LABEL_RULE : SUBDOMAIN_RULE}` });
  return errors;
}

/** The API server's validation of a create or update: a 422 Invalid listing every error, or undefined. */
export function validate(type: ResourceType, object: KubeObject): Rejection | undefined {
  const name = object.metadata?.name ?? "";
  const errors: FieldError[] = [];
  const required = (field: string, detail = "") => errors.push({ field, message: `${field}: Required value${detail}`, reason: "FieldValueRequired" });
  if (!name && !(type.plural === "pods" && object.metadata?.generateName)) required("metadata.name", ": name or generateName is required");
  if (name) errors.push(...nameErrors(type, name));
  errors.push(...labelMapErrors(object.metadata?.labels, "metadata.labels"));
  if (type.plural === "pods" && containersOf(object).length === 0) required("spec.containers");
  const secretInvalid = type.plural === "secrets" ? secretProblem(withStringDataFolded(object)) : undefined;
  if (secretInvalid) errors.push({ field: secretInvalid.slice(0, secretInvalid.indexOf(":")), message: secretInvalid });
  if (type.plural === "deployments") {
    const template = isRecord(object.spec?.["template"]) ? object.spec["template"] : undefined;
    const podSpec = template && isRecord(template["spec"]) ? template["spec"] : undefined;
    if (!podSpec || containersOf({ ...object, spec: podSpec }).length === 0) required("spec.template.spec.containers");
    const selector = isRecord(object.spec?.["selector"]) ? object.spec["selector"] : undefined;
    const matchLabels = selector && isRecord(selector["matchLabels"]) ? (selector["matchLabels"] as Record<string, string>) : undefined;
    const labels = templateLabels(object);
    errors.push(...labelMapErrors(matchLabels, "spec.selector.matchLabels"), ...labelMapErrors(labels, "spec.template.metadata.labels"));
    if (!matchLabels || Object.keys(matchLabels).length === 0) required("spec.selector");
    else if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) {
      errors.push({ field: "spec.template.metadata.labels", message: `spec.template.metadata.labels: Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\`` });
    }
  }
  return errors.length > 0 ? new Rejection(invalid(type.kind, type.group, name, errors)) : undefined;
}

/** Stores a new object and runs its controllers; returns the stored object. */
export function admitCreate(store: KubeStore, type: ResourceType, input: KubeObject, namespace: string | undefined): KubeObject {
  if (type.plural === "pods") return createPod(store, input, namespace ?? "default");
  const { uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, ...requested } = input.metadata;
  const object: KubeObject = {
    ...clone(type.plural === "secrets" ? withStringDataFolded(input) : input),
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
  if (type.plural === "namespaces") createDefaultServiceAccount(store, object.metadata.name);
  if (type.plural === "deployments") reconcileDeployment(store, object);
  return object;
}

/** Replaces an object's desired state, keeping server-owned metadata; returns the stored object. */
export function admitUpdate(store: KubeStore, type: ResourceType, existing: KubeObject, input: KubeObject): KubeObject {
  const specChanged = JSON.stringify(input.spec ?? {}) !== JSON.stringify(existing.spec ?? {});
  const updated: KubeObject = {
    ...clone(type.plural === "secrets" ? withStringDataFolded(input) : input),
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
    for (const plural of ["deployments", "replicasets", "pods", "events", "secrets", "serviceaccounts"]) {
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
    ...(isRecord(spec["template"]) && isRecord(spec["template"]["spec"]) ? { template: { ...spec["template"], spec: withPodSpecDefaults(spec["template"]["spec"]) } } : {}),
  };
}
