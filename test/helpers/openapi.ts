import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";

/**
 * Validates JSON bodies against the official OpenAPI (Swagger 2.0) specs in ../shared/azure-specs:
 * inlines `$ref`s across files, turns Swagger-only keywords into JSON Schema (or drops them) and
 * compiles the response schema of an operation with ajv.
 */

/** Where the specs live: `../shared/azure-specs` beside the repository. */
export const SPECS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/azure-specs");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const files = new Map<string, JsonObject>();
const load = (file: string): JsonObject => {
  let doc = files.get(file);
  if (!doc) {
    doc = JSON.parse(readFileSync(file, "utf8")) as JsonObject;
    files.set(file, doc);
  }
  return doc;
};

/** Keywords with no JSON Schema meaning that ajv should not see. */
const DROPPED = new Set(["discriminator", "example", "examples", "externalDocs"]);
const MAX_DEPTH = 60;

function pointer(doc: Json, path: string): Json {
  let node: Json = doc;
  for (const raw of path.split("/").filter(Boolean)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || Array.isArray(node) || !(part in node)) throw new Error(`Failed to resolve $ref: no '${path}'`);
    node = node[part] ?? null;
  }
  return node;
}

/** Inlines refs; a ref already on the path (a cycle) becomes `{}`, which accepts anything below it. */
function inline(node: Json, file: string, trail: readonly string[], propertyMap = false): Json {
  if (Array.isArray(node)) return node.map((item) => inline(item, file, trail));
  if (node === null || typeof node !== "object") return node;
  const ref = node.$ref;
  if (typeof ref === "string") {
    const [refFile = "", refPath = ""] = ref.split("#");
    const target = refFile ? resolve(dirname(file), refFile) : file;
    const id = `${target}#${refPath}`;
    if (trail.includes(id) || trail.length > MAX_DEPTH) return {};
    return inline(pointer(load(target), refPath), target, [...trail, id]);
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (!propertyMap && (key.startsWith("x-ms-") || DROPPED.has(key))) continue;
    out[key] = inline(value, file, trail, !propertyMap && (key === "properties" || key === "definitions"));
  }
  if (!propertyMap && out["x-nullable"] === true && typeof out.type === "string") out.type = [out.type, "null"];
  // `modelAsString` enums are open: clients must accept values the spec does not list yet.
  const xmsEnum = node["x-ms-enum"];
  if (!propertyMap && xmsEnum && typeof xmsEnum === "object" && !Array.isArray(xmsEnum) && xmsEnum.modelAsString === true) delete out.enum;
  delete out["x-nullable"];
  return out;
}

/**
 * String properties the specs do not mark nullable but ARM sends as explicit `null` (recorded in
 * arm-recordings/authz-*.json), by spec file name; validation allows `null` for exactly these.
 */
const RECORDED_NULLS: Record<string, readonly string[]> = {
  "authorization-RoleAssignmentsCalls.json": ["condition", "conditionVersion", "description", "delegatedManagedIdentityResourceId", "createdBy", "updatedBy"],
  "authorization-RoleDefinitionsCalls.json": ["createdBy", "updatedBy"],
};

/** Lets `null` through for the named string properties, wherever they appear in the schema. */
function allowNulls(node: Json, names: readonly string[]): void {
  if (Array.isArray(node)) return node.forEach((item) => allowNulls(item, names));
  if (node === null || typeof node !== "object") return;
  const properties = node.properties;
  if (properties && typeof properties === "object" && !Array.isArray(properties)) {
    for (const name of names) {
      const property = properties[name];
      if (property && typeof property === "object" && !Array.isArray(property) && property.type === "string") property.type = ["string", "null"];
    }
  }
  for (const value of Object.values(node)) allowNulls(value, names);
}

/** ARM's error body, for operations whose spec declares no `default` response (ACR 2023-07-01). */
const ARM_ERROR = { $ref: "./common-types/resource-management/v5/types.json#/definitions/ErrorResponse" };

/**
 * The inlined response schema of `operationId` for `status`. Error statuses fall back to the
 * operation's `default` response, else to ARM's common ErrorResponse.
 */
export function responseSchema(specFile: string, operationId: string, status: string): JsonObject {
  const file = resolve(SPECS_DIR, specFile);
  const paths = load(file).paths as Record<string, Record<string, { operationId?: string; responses?: Record<string, { schema?: Json }> }>>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      if (operation?.operationId !== operationId) continue;
      const response = operation.responses?.[status] ?? (Number(status) >= 400 ? operation.responses?.default : undefined);
      if (!response && Number(status) >= 400) return inline(ARM_ERROR, resolve(SPECS_DIR, "README.md"), []) as JsonObject;
      if (!response) throw new Error(`Failed to find response ${status} of ${operationId} in ${specFile}.`);
      const schema = inline(response.schema ?? {}, file, []) as JsonObject;
      allowNulls(schema, RECORDED_NULLS[specFile.split("/").pop() ?? ""] ?? []);
      return schema;
    }
  }
  throw new Error(`Failed to find operation ${operationId} in ${specFile}.`);
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

const compiled = new Map<string, ValidateFunction>();

/** The validator of an operation's response schema for `status` (compiled once per process). */
export function compileResponse(specFile: string, operationId: string, status: string): ValidateFunction {
  const id = `${specFile}#${operationId}#${status}`;
  let validate = compiled.get(id);
  if (!validate) {
    validate = ajv.compile(responseSchema(specFile, operationId, status));
    compiled.set(id, validate);
  }
  return validate;
}

/** Validation errors as readable lines, empty when the body conforms. */
export function violations(validate: ValidateFunction, body: unknown): string[] {
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)}`);
}
