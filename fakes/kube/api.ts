/**
 * The REST surface of one cluster's API server: discovery and OpenAPI, then get / list / watch /
 * create / replace / patch / delete of the kinds in resources.ts, and their subresources.
 */
import { Rejection, admitCreate, admitDelete, admitUpdate, validate } from "./admission.js";
import { apiGroupList, apiResourceList, apiVersions, versionInfo } from "./discovery.js";
import { validateFields, type ValidatedFields } from "./fieldValidation.js";
import { list } from "./list.js";
import { isRecord, type KubeObject } from "./objects.js";
import { serveOpenApi } from "./openapi.js";
import { applyPatch, patchTypeOf } from "./patch.js";
import { resourceType, type ResourceType } from "./resources.js";
import { alreadyExists, badRequest, deleted, kubeJson, notFound, statusFailure } from "./status.js";
import type { KubeStore } from "./store.js";
import { serveSubresource } from "./subresources.js";
import { toTable, wantsTable } from "./table.js";
import { readOne, render } from "./views.js";
import { isWatch } from "./watch.js";

const RESOURCE_PATH =
  /^\/(?:api\/(?<coreVersion>v1)|apis\/(?<group>[^/]+)\/(?<version>[^/]+))(?:\/namespaces\/(?<namespace>[^/]+))?\/(?<plural>[^/]+)(?:\/(?<name>[^/]+)(?:\/(?<subresource>[^/]+))?)?$/;

/** Answers a request whose path is relative to the cluster's API root. */
export async function serveApi(store: KubeStore, request: Request, path: string, query: URLSearchParams): Promise<Response> {
  const method = request.method.toUpperCase();
  if (method === "GET") {
    const document = discovery(store, path);
    if (document !== undefined) return kubeJson(200, document);
    const openApi = serveOpenApi(path, request.headers.get("accept"));
    if (openApi) return openApi;
  }
  const match = RESOURCE_PATH.exec(path);
  const groups = match?.groups ?? {};
  const type = match ? resourceType(groups["group"] ?? "", groups["plural"] ?? "") : undefined;
  if (!type || (groups["version"] ?? groups["coreVersion"]) !== "v1" || (groups["namespace"] !== undefined && !type.namespaced)) {
    return statusFailure(404, "NotFound", "the server could not find the requested resource");
  }
  const namespace = type.namespaced ? groups["namespace"] : undefined;
  const name = groups["name"];
  if (namespace !== undefined && method !== "GET" && !store.get({ plural: "namespaces" }, undefined, namespace)) {
    return notFound("namespaces", "", namespace);
  }
  if (name === undefined) {
    if (method === "GET") return list(store, type, namespace, query, request);
    if (method === "POST") return create(store, type, namespace ?? (type.namespaced ? "default" : undefined), request);
    return methodNotAllowed(method);
  }
  const subresource = groups["subresource"];
  if (subresource !== undefined) return serveSubresource({ store, type, namespace: namespace ?? "", name, subresource, request, query });
  const existing = store.get(type, namespace, name);
  switch (method) {
    case "GET": {
      if (isWatch(query)) return list(store, type, namespace, withNameSelector(query, name), request);
      const found = readOne(store, type, namespace, name);
      if (!found) return notFound(type.plural, type.group, name);
      return kubeJson(200, wantsTable(request.headers.get("accept")) ? toTable(type.plural, [found], found.metadata.resourceVersion, store.world.now()) : found);
    }
    case "PUT":
      return replace(store, type, existing, name, request);
    case "PATCH":
      return patch(store, type, existing, name, namespace, request);
    case "DELETE":
      return remove(store, type, existing, name);
    default:
      return methodNotAllowed(method);
  }
}

/** A watch of one object (`GET …/pods/x?watch=true`) is a watch of the list, narrowed to its name. */
function withNameSelector(query: URLSearchParams, name: string): URLSearchParams {
  const narrowed = new URLSearchParams(query);
  narrowed.set("fieldSelector", [query.get("fieldSelector"), `metadata.name=${name}`].filter(Boolean).join(","));
  return narrowed;
}

function discovery(store: KubeStore, path: string): unknown {
  if (path === "/api") return apiVersions();
  if (path === "/apis") return apiGroupList();
  if (path === "/version") return versionInfo(store.cluster);
  const core = /^\/api\/(v1)$/.exec(path);
  if (core) return apiResourceList("", core[1] ?? "");
  const grouped = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (grouped) return apiResourceList(grouped[1] ?? "", grouped[2] ?? "");
  return undefined;
}

async function create(store: KubeStore, type: ResourceType, namespace: string | undefined, request: Request): Promise<Response> {
  if (!type.verbs.includes("create")) return methodNotAllowed("POST");
  const read = await readObject(request);
  if (read instanceof Response) return read;
  const fields = await checkFields(type, read, request);
  if (fields instanceof Response) return fields;
  const body = fields.object;
  const rejected = validate(type, body);
  if (rejected) return rejected.response;
  if (body.metadata.name && store.get(type, namespace, body.metadata.name)) return alreadyExists(type.plural, type.group, body.metadata.name);
  const created = admitCreate(store, type, body, namespace);
  return withWarnings(kubeJson(201, render(store, type, created)), fields.warnings);
}

async function replace(store: KubeStore, type: ResourceType, existing: KubeObject | undefined, name: string, request: Request): Promise<Response> {
  if (!type.verbs.includes("update")) return methodNotAllowed("PUT");
  if (!existing) return notFound(type.plural, type.group, name);
  const read = await readObject(request);
  if (read instanceof Response) return read;
  const fields = await checkFields(type, read, request);
  if (fields instanceof Response) return fields;
  const sent = fields.object.metadata.resourceVersion;
  if (sent && sent !== existing.metadata.resourceVersion) return conflict(type, name);
  const outcome = checkedUpdate(store, type, existing, fields.object);
  return outcome instanceof Rejection ? outcome.response : withWarnings(kubeJson(200, render(store, type, outcome)), fields.warnings);
}

async function patch(
  store: KubeStore,
  type: ResourceType,
  existing: KubeObject | undefined,
  name: string,
  namespace: string | undefined,
  request: Request,
): Promise<Response> {
  if (!type.verbs.includes("patch")) return methodNotAllowed("PATCH");
  const patchType = patchTypeOf(request.headers.get("content-type") ?? "");
  if (!patchType) {
    return statusFailure(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
  }
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return badRequest("the fake API server only accepts patches written as JSON (YAML apply configurations are not parsed)");
  }
  if (!existing) {
    if (patchType !== "apply" || !isRecord(body)) return notFound(type.plural, type.group, name);
    const fields = await checkFields(type, { ...body, metadata: { ...(isRecord(body["metadata"]) ? body["metadata"] : {}), name } } as KubeObject, request);
    if (fields instanceof Response) return fields;
    const rejected = validate(type, fields.object);
    if (rejected) return rejected.response;
    return withWarnings(kubeJson(201, render(store, type, admitCreate(store, type, fields.object, namespace))), fields.warnings);
  }
  let patched: unknown;
  try {
    patched = applyPatch(existing, body, patchType);
  } catch (error) {
    return statusFailure(422, "Invalid", (error as Error).message);
  }
  if (!isRecord(patched) || !isRecord(patched["metadata"])) return badRequest("the patch removed the object's metadata");
  const fields = await checkFields(type, patched as KubeObject, request);
  if (fields instanceof Response) return fields;
  const outcome = checkedUpdate(store, type, existing, fields.object);
  return outcome instanceof Rejection ? outcome.response : withWarnings(kubeJson(200, render(store, type, outcome)), fields.warnings);
}

function checkFields(type: ResourceType, object: KubeObject, request: Request): Promise<ValidatedFields | Response> {
  return validateFields(type, object, new URL(request.url).searchParams);
}

function withWarnings(response: Response, warnings: string[]): Response {
  for (const warning of warnings) response.headers.append("warning", warning);
  return response;
}

function checkedUpdate(store: KubeStore, type: ResourceType, existing: KubeObject, input: KubeObject): KubeObject | Rejection {
  const candidate = { ...input, metadata: { ...input.metadata, name: existing.metadata.name } };
  return validate(type, candidate) ?? admitUpdate(store, type, existing, candidate);
}

function remove(store: KubeStore, type: ResourceType, existing: KubeObject | undefined, name: string): Response {
  if (!type.verbs.includes("delete")) return methodNotAllowed("DELETE");
  if (!existing) return notFound(type.plural, type.group, name);
  if (type.plural === "namespaces" && ["default", "kube-system", "kube-public"].includes(name)) {
    return statusFailure(403, "Forbidden", `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: "namespaces" });
  }
  const last = render(store, type, existing);
  admitDelete(store, type, existing);
  // Pods terminate gracefully, so the server answers with the pod; other kinds are gone at once.
  if (type.plural === "pods") return kubeJson(200, last);
  return deleted(type.plural, type.group, name, existing.metadata.uid);
}

async function readObject(request: Request): Promise<KubeObject | Response> {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch (error) {
    return badRequest(`the fake API server accepts JSON bodies only: ${(error as Error).message}`);
  }
  if (!isRecord(body)) return badRequest("the request body must be a JSON object");
  if (!isRecord(body["metadata"])) body["metadata"] = {};
  return body as KubeObject;
}

function conflict(type: ResourceType, name: string): Response {
  const qualified = type.group ? `${type.plural}.${type.group}` : type.plural;
  return statusFailure(409, "Conflict", `Operation cannot be fulfilled on ${qualified} "${name}": the object has been modified; please apply your changes to the latest version and try again`, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.plural,
  });
}

export function methodNotAllowed(method: string): Response {
  return statusFailure(405, "MethodNotAllowed", `the server does not allow this method on the requested resource (${method})`);
}
