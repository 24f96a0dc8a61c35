/**
 * `/openapi/v2` and `/openapi/v3[/<group-version>]`: the Kubernetes project's own OpenAPI
 * definitions of the kinds the fake serves (openapi/swagger.json, cut down from the upstream spec by
 * scripts/kube-openapi-subset.mjs). kubectl reads v3 before `apply` to learn that the server checks
 * fields itself (`fieldValidation`) and to build strategic merge patches; `kubectl explain` reads it too.
 * The v3 documents are derived from the v2 one as the API server derives them: one per group
 * version, definitions under `components.schemas`, body parameters as `requestBody`.
 */
import { createHash } from "node:crypto";
import swagger from "./openapi/swagger.json" with { type: "json" };
import { isRecord } from "./objects.js";
import { resourceType } from "./resources.js";
import { kubeJson, statusFailure } from "./status.js";

type Json = Record<string, unknown>;

const UPSTREAM = swagger as unknown as Json;
const V2_CONTENT_TYPES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];

/**
 * The upstream spec above predates server-side field validation (GA in 1.27); the API server of
 * 1.32 declares this parameter on every create, update and patch, and kubectl looks for it.
 */
const FIELD_VALIDATION = {
  name: "fieldValidation",
  in: "query",
  description:
    "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present.",
  schema: { type: "string", uniqueItems: true },
};

let v2Document: Json | undefined;
let v3Documents: Map<string, Json> | undefined;

/**
 * The spec without the paths of kinds the fake does not (yet) register in resources.ts, so the
 * documents never promise a route that answers 404.
 */
function servedV2(): Json {
  const paths = isRecord(UPSTREAM["paths"]) ? UPSTREAM["paths"] : {};
  const served = Object.entries(paths).filter(([path]) => {
    const match = /^\/(?:api\/v1|apis\/([^/]+)\/v1)(?:\/namespaces\/\{namespace\})?\/([^/]+)/.exec(path);
    return match !== null && resourceType(match[1] ?? "", match[2] ?? "") !== undefined;
  });
  return { ...UPSTREAM, paths: Object.fromEntries(served) };
}

/** Answers an `/openapi/…` GET, or undefined when `path` is not one. */
export function serveOpenApi(path: string, accept: string | null): Response | undefined {
  if (path === "/openapi/v2") {
    if (accept && !/application\/json|\*\/\*/.test(accept)) {
      return statusFailure(406, "NotAcceptable", `the fake API server serves /openapi/v2 as application/json only, not ${accept}`);
    }
    return kubeJson(200, (v2Document ??= servedV2()));
  }
  if (!path.startsWith("/openapi/v3")) return undefined;
  const documents = (v3Documents ??= buildV3Documents());
  if (path === "/openapi/v3" || path === "/openapi/v3/") {
    const paths = Object.fromEntries([...documents].map(([groupVersion, document]) => [groupVersion, { serverRelativeURL: `/openapi/v3/${groupVersion}?hash=${hashOf(document)}` }]));
    return kubeJson(200, { paths });
  }
  const document = documents.get(path.slice("/openapi/v3/".length));
  return document ? kubeJson(200, document) : statusFailure(404, "NotFound", "the server could not find the requested resource");
}

function buildV3Documents(): Map<string, Json> {
  const documents = new Map<string, Json>();
  const v2 = (v2Document ??= servedV2());
  const definitions = isRecord(v2["definitions"]) ? v2["definitions"] : {};
  for (const [path, item] of Object.entries(isRecord(v2["paths"]) ? v2["paths"] : {})) {
    const groupVersion = /^\/(api\/v1|apis\/[^/]+\/[^/]+)\//.exec(path)?.[1];
    if (!groupVersion || !isRecord(item)) continue;
    let document = documents.get(groupVersion);
    if (!document) {
      document = { openapi: "3.0.0", info: v2["info"], paths: {}, components: { schemas: {}, securitySchemes: { BearerToken: { type: "apiKey", name: "authorization", in: "header", description: "Bearer Token authentication" } } } };
      documents.set(groupVersion, document);
    }
    (document["paths"] as Json)[path] = pathItemV3(item);
  }
  for (const document of documents.values()) {
    const schemas = (document["components"] as Json)["schemas"] as Json;
    for (const name of reachable(document["paths"], definitions)) schemas[name] = toV3(definitions[name]);
  }
  return documents;
}

function pathItemV3(item: Json): Json {
  const converted: Json = {};
  for (const [field, value] of Object.entries(item)) {
    if (field === "parameters" && Array.isArray(value)) converted[field] = value.map(parameterV3);
    else if (isRecord(value)) converted[field] = operationV3(field, value);
    else converted[field] = value;
  }
  return converted;
}

function operationV3(method: string, operation: Json): Json {
  const { consumes, produces, schemes: _schemes, parameters = [], responses = {}, ...rest } = operation as Json & { parameters?: Json[]; responses?: Json };
  const body = parameters.find((p) => p["in"] === "body");
  const query = parameters.filter((p) => p["in"] !== "body").map(parameterV3);
  if (["post", "put", "patch"].includes(method) && !query.some((p) => p["name"] === "fieldValidation")) query.push(FIELD_VALIDATION);
  const mediaTypes = (list: unknown, fallback: string[]) => (Array.isArray(list) && list.length > 0 ? (list as string[]) : fallback);
  return {
    ...toV3(rest),
    ...(query.length > 0 ? { parameters: query } : {}),
    ...(body ? { requestBody: { required: body["required"] === true, content: Object.fromEntries(mediaTypes(consumes, ["*/*"]).map((type) => [type, { schema: toV3(body["schema"]) }])) } } : {}),
    responses: Object.fromEntries(
      Object.entries(responses).map(([status, response]) => {
        const { schema, ...described } = response as Json;
        return [status, schema ? { ...described, content: Object.fromEntries(mediaTypes(produces, V2_CONTENT_TYPES).map((type) => [type, { schema: toV3(schema) }])) } : described];
      }),
    ),
  };
}

function parameterV3(parameter: Json): Json {
  const { name, in: location, description, required, ...schema } = parameter;
  return { name, in: location, ...(description ? { description } : {}), ...(required ? { required } : {}), schema };
}

/** Definitions reachable from `root`, following `$ref`s. */
function reachable(root: unknown, definitions: Json): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!isRecord(value)) return;
    for (const [field, item] of Object.entries(value)) {
      if (field === "$ref" && typeof item === "string") {
        const name = item.replace(/^#\/(definitions|components\/schemas)\//, "");
        if (!found.has(name) && definitions[name]) {
          found.add(name);
          visit(definitions[name]);
        }
      } else visit(item);
    }
  };
  visit(root);
  return found;
}

/** A v2 schema fragment with its `$ref`s pointing at `components.schemas`. */
function toV3<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/"#\/definitions\//g, '"#/components/schemas/')) as T;
}

function hashOf(document: Json): string {
  return createHash("sha512").update(JSON.stringify(document)).digest("hex").toUpperCase();
}
