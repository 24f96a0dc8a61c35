/**
 * The resource types the fake API server serves, as its discovery documents describe them. A new
 * kind is one more entry here (and, for its OpenAPI schema, one more in scripts/kube-openapi-subset.mjs).
 */

export interface ResourceType {
  /** URL segment, e.g. `deployments`. */
  plural: string;
  singular: string;
  kind: string;
  /** "" for the core group. */
  group: string;
  version: "v1";
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
}

const READ_WRITE = ["create", "delete", "get", "list", "patch", "update", "watch"];

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { plural: "namespaces", singular: "namespace", kind: "Namespace", group: "", version: "v1", namespaced: false, shortNames: ["ns"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] },
  { plural: "events", singular: "event", kind: "Event", group: "", version: "v1", namespaced: true, shortNames: ["ev"], verbs: READ_WRITE },
  { plural: "pods", singular: "pod", kind: "Pod", group: "", version: "v1", namespaced: true, shortNames: ["po"], verbs: READ_WRITE },
  { plural: "secrets", singular: "secret", kind: "Secret", group: "", version: "v1", namespaced: true, shortNames: [], verbs: READ_WRITE },
  { plural: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount", group: "", version: "v1", namespaced: true, shortNames: ["sa"], verbs: READ_WRITE },
  { plural: "deployments", singular: "deployment", kind: "Deployment", group: "apps", version: "v1", namespaced: true, shortNames: ["deploy"], verbs: READ_WRITE },
  { plural: "replicasets", singular: "replicaset", kind: "ReplicaSet", group: "apps", version: "v1", namespaced: true, shortNames: ["rs"], verbs: ["get", "list", "watch"] },
];

export function resourceType(group: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((type) => type.group === group && type.plural === plural);
}

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}
