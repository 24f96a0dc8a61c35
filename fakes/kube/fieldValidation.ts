/**
 * Server-side field validation (`?fieldValidation=Strict|Warn|Ignore`), judged against the OpenAPI
 * schemas the server publishes (openapi/swagger.json): a field the schema of its kind does not
 * have is refused under Strict (kubectl's default) with the API server's "strict decoding error",
 * reported in a `Warning` header under Warn, and dropped from the object under Warn and Ignore.
 */
import swagger from "./openapi/swagger.json" with { type: "json" };
import { isRecord, type KubeObject } from "./objects.js";
import type { ResourceType } from "./resources.js";
import { badRequest } from "./status.js";

type Schema = Record<string, unknown>;

const DEFINITIONS = (swagger as unknown as { definitions: Record<string, Schema> }).definitions;

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface ValidatedFields {
  /** The object without the fields its schema does not have. */
  object: KubeObject;
  /** `Warning` header values to send (Warn). */
  warnings: string[];
}

/** What the directive and the schema make of `object`: a 400 Response under Strict when it has unknown fields. */
export function validateFields(type: ResourceType, object: KubeObject, query: URLSearchParams): ValidatedFields | Response {
  const directive = query.get("fieldValidation") ?? "Warn";
  if (!["Strict", "Warn", "Ignore"].includes(directive)) {
    return badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", not "${directive}"`);
  }
  const definition = definitionOf(type);
  if (!definition) return { object, warnings: [] };
  const unknown: string[] = [];
  const pruned = prune(object, definition, "", unknown) as KubeObject;
  if (unknown.length === 0) return { object, warnings: [] };
  if (directive === "Strict") {
    const list = unknown.map((field) => `unknown field "${field}"`).join(", ");
    return badRequest(`${type.kind} in version "v1" cannot be handled as a ${type.kind}: strict decoding error: ${list}`);
  }
  return { object: pruned, warnings: directive === "Warn" ? unknown.map((field) => `299 - "unknown field \\"${field}\\""`) : [] };
}

function definitionOf(type: ResourceType): Schema | undefined {
  return Object.values(DEFINITIONS).find((schema) => {
    const kinds = schema["x-kubernetes-group-version-kind"];
    return Array.isArray(kinds) && kinds.some((k: { group?: string; version?: string; kind?: string }) => k.group === type.group && k.version === type.version && k.kind === type.kind);
  });
}

/** A copy of `value` without the fields `schema` does not describe, which are added to `unknown`. */
function prune(value: unknown, schema: Schema, path: string, unknown: string[]): unknown {
  const resolved = resolve(schema);
  if (Array.isArray(value)) {
    const items = isRecord(resolved["items"]) ? resolved["items"] : undefined;
    return items ? value.map((item, index) => prune(item, items, `${path}[${index}]`, unknown)) : value;
  }
  if (!isRecord(value)) return value;
  const properties = isRecord(resolved["properties"]) ? (resolved["properties"] as Record<string, Schema>) : undefined;
  const additional = isRecord(resolved["additionalProperties"]) ? (resolved["additionalProperties"] as Schema) : undefined;
  if (!properties) {
    if (!additional) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, prune(item, additional, `${path}${path ? "." : ""}${key}`, unknown)]));
  }
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const field = `${path}${path ? "." : ""}${key}`;
    const property = properties[key];
    if (!property) unknown.push(field);
    else kept[key] = prune(item, property, field, unknown);
  }
  return kept;
}

function resolve(schema: Schema): Schema {
  const ref = schema["$ref"];
  if (typeof ref !== "string") return schema;
  return DEFINITIONS[ref.replace("#/definitions/", "")] ?? {};
}
