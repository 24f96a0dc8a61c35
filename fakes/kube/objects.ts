/** The Kubernetes object shapes the fake API server stores and renders (a loose, JSON-first model). */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface ContainerSpec {
  name: string;
  image: string;
  [field: string]: unknown;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const clone = <T>(value: T): T => structuredClone(value);

export function containersOf(pod: KubeObject): ContainerSpec[] {
  const containers = pod.spec?.["containers"];
  if (!Array.isArray(containers)) return [];
  return containers.filter(
    (c): c is ContainerSpec => isRecord(c) && typeof c["name"] === "string" && typeof c["image"] === "string",
  );
}

export function replicasOf(object: KubeObject): number {
  const replicas = object.spec?.["replicas"];
  return typeof replicas === "number" ? replicas : 1;
}

export function templateOf(object: KubeObject): Record<string, unknown> {
  const template = object.spec?.["template"];
  return isRecord(template) ? template : {};
}

export function templateLabels(object: KubeObject): Record<string, string> {
  const metadata = templateOf(object)["metadata"];
  const labels = isRecord(metadata) ? metadata["labels"] : undefined;
  return isRecord(labels) ? (labels as Record<string, string>) : {};
}

export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  return (object.metadata.ownerReferences ?? []).some((ref) => ref.uid === owner.metadata.uid && ref.controller === true);
}

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
