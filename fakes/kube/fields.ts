/**
 * Field selectors (`?fieldSelector=`), as the API server supports them: `=`, `==` and `!=` on the
 * fields each kind indexes (every kind: metadata.name and metadata.namespace). Any other field is
 * refused with the server's 400 "field label not supported".
 */
import { isRecord, type KubeObject } from "./objects.js";

/** Fields beyond metadata.name / metadata.namespace that a kind's field selectors accept. */
const SELECTABLE: Record<string, string[]> = {
  pods: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
  events: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
  secrets: ["type"],
  namespaces: ["status.phase"],
  replicasets: ["status.replicas"],
};

export interface FieldRequirement {
  field: string;
  value: string;
  equal: boolean;
}

/** The parsed selector, or the message of the 400 the server answers. */
export function parseFieldSelector(plural: string, selector: string): FieldRequirement[] | string {
  const requirements: FieldRequirement[] = [];
  for (const term of selector.split(",").map((t) => t.trim()).filter(Boolean)) {
    const match = /^([^!=]+)(!=|==|=)(.*)$/.exec(term);
    if (!match) return `invalid selector: '${selector}'; can't understand '${term}'`;
    const [, field = "", op, value = ""] = match;
    if (!["metadata.name", "metadata.namespace", ...(SELECTABLE[plural] ?? [])].includes(field)) {
      return `field label not supported: ${field}`;
    }
    requirements.push({ field, value, equal: op !== "!=" });
  }
  return requirements;
}

export function matchesFields(requirements: FieldRequirement[], object: KubeObject): boolean {
  return requirements.every(({ field, value, equal }) => (fieldValue(object, field) === value) === equal);
}

function fieldValue(object: KubeObject, field: string): string {
  if (field === "source") return String((isRecord(object["source"]) ? object["source"]["component"] : undefined) ?? "");
  let node: unknown = object;
  for (const segment of field.split(".")) node = isRecord(node) ? node[segment] : undefined;
  return node === undefined || node === null ? "" : String(node);
}
