/**
 * Server-side field validation (`?fieldValidation=Strict|Warn|Ignore`): a field its kind does not
 * have is refused under Strict (kubectl's default) with the API server's "strict decoding error",
 * reported in a `Warning` header under Warn, and dropped from the object under Warn and Ignore.
 *
 * The fields known are those of the Kubernetes API types as @kubernetes/client-node's models (a
 * dependency already) describe them, generated from the current upstream specification: the
 * OpenAPI documents the fake serves are older (see openapi.ts), and judging by them would refuse
 * fields added since, including ones the fake itself sets (`spec.preemptionPolicy`, `status.podIPs`).
 */
import { isRecord, type KubeObject } from "./objects.js";
import type { ResourceType } from "./resources.js";
import { badRequest } from "./status.js";

interface Attribute {
  baseName: string;
  type: string;
}

type Models = Record<string, { getAttributeTypeMap?: () => Attribute[] } | undefined>;

/** Only the models, not the client (whose transport the fake has no use for); loaded on first use. */
let models: Promise<Models> | undefined;
const loadModels = (): Promise<Models> => (models ??= import("@kubernetes/client-node/dist/gen/models/all.js") as unknown as Promise<Models>);

export interface ValidatedFields {
  /** The object without the fields its kind does not have. */
  object: KubeObject;
  /** `Warning` header values to send (Warn). */
  warnings: string[];
}

/** What the directive makes of `object`: a 400 Response under Strict when it has unknown fields. */
export async function validateFields(type: ResourceType, object: KubeObject, query: URLSearchParams): Promise<ValidatedFields | Response> {
  const directive = query.get("fieldValidation") ?? "Warn";
  if (!["Strict", "Warn", "Ignore"].includes(directive)) {
    return badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", not "${directive}"`);
  }
  const known = await loadModels();
  const root = [`V1${type.kind}`, `CoreV1${type.kind}`].find((name) => known[name]?.getAttributeTypeMap);
  if (!root) return { object, warnings: [] };
  const unknown: string[] = [];
  const pruned = prune(known, object, root, "", unknown) as KubeObject;
  if (unknown.length === 0) return { object, warnings: [] };
  if (directive === "Strict") {
    const list = unknown.map((field) => `unknown field "${field}"`).join(", ");
    return badRequest(`${type.kind} in version "v1" cannot be handled as a ${type.kind}: strict decoding error: ${list}`);
  }
  return { object: pruned, warnings: directive === "Warn" ? unknown.map((field) => `299 - "unknown field \\"${field}\\""`) : [] };
}

/** A copy of `value` without the fields its model type does not have, which are added to `unknown`. */
function prune(known: Models, value: unknown, typeName: string, path: string, unknown: string[]): unknown {
  const array = /^Array<(.+)>$/.exec(typeName);
  if (array) return Array.isArray(value) ? value.map((item, index) => prune(known, item, array[1] ?? "", `${path}[${index}]`, unknown)) : value;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (map) return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, prune(known, item, map[1] ?? "", `${path}.${key}`, unknown)])) : value;
  const attributes = known[typeName]?.getAttributeTypeMap?.();
  if (!attributes || !isRecord(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const field = `${path}${path ? "." : ""}${key}`;
    const attribute = attributes.find((a) => a.baseName === key);
    if (!attribute) unknown.push(field);
    else kept[key] = prune(known, item, attribute.type, field, unknown);
  }
  return kept;
}
