/**
 * The patch flavours the API server accepts: JSON merge patch (RFC 7386), strategic merge patch
 * (merge patch whose object lists merge by key, as kubectl apply sends), JSON patch (RFC 6902) and
 * server-side apply (modelled as a strategic merge of the applied configuration).
 */
import { clone, isRecord } from "./objects.js";

export type PatchType = "merge" | "strategic" | "json" | "apply";

export function patchTypeOf(contentType: string): PatchType | undefined {
  const type = contentType.split(";")[0]?.trim().toLowerCase();
  switch (type) {
    case "application/merge-patch+json":
      return "merge";
    case "application/strategic-merge-patch+json":
      return "strategic";
    case "application/json-patch+json":
      return "json";
    case "application/apply-patch+yaml":
    case "application/apply-patch+cbor":
      return "apply";
    default:
      return undefined;
  }
}

/** Applies a patch; throws an Error whose message is what the server would say about a bad patch. */
export function applyPatch(target: unknown, patch: unknown, type: PatchType): unknown {
  if (type === "json") return jsonPatch(target, patch);
  return mergePatch(target, patch, type !== "merge");
}

/** The key each list of objects in a pod template merges by, per the Kubernetes API's patchMergeKey. */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  ports: "containerPort",
  volumes: "name",
  volumeMounts: "mountPath",
  imagePullSecrets: "name",
  tolerations: "key",
  conditions: "type",
};

function mergePatch(target: unknown, patch: unknown, strategic: boolean): unknown {
  if (!isRecord(patch)) return clone(patch);
  if (strategic && patch["$patch"] === "replace") return withoutDirectives(patch);
  const result: Record<string, unknown> = isRecord(target) ? clone(target) : {};
  for (const [field, value] of Object.entries(patch)) {
    if (strategic && field.startsWith("$")) continue;
    if (value === null) {
      delete result[field];
      continue;
    }
    const mergeKey = strategic ? MERGE_KEYS[field] : undefined;
    if (mergeKey && Array.isArray(value) && Array.isArray(result[field])) {
      result[field] = mergeList(result[field] as unknown[], value, mergeKey);
      continue;
    }
    result[field] = isRecord(value) ? mergePatch(result[field], value, strategic) : clone(value);
  }
  return result;
}

function mergeList(current: unknown[], patch: unknown[], mergeKey: string): unknown[] {
  const result = clone(current);
  for (const item of patch) {
    if (!isRecord(item)) continue;
    const index = result.findIndex((existing) => isRecord(existing) && existing[mergeKey] === item[mergeKey]);
    if (item["$patch"] === "delete") {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = mergePatch(result[index], item, true);
    } else {
      result.push(withoutDirectives(item));
    }
  }
  return result;
}

function withoutDirectives(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([field]) => !field.startsWith("$")));
}

interface JsonPatchOperation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new Error("json patch must be an array of operations");
  let document = clone(target);
  for (const raw of operations as JsonPatchOperation[]) {
    const segments = pointer(raw.path);
    switch (raw.op) {
      case "add":
      case "replace":
        document = setAt(document, segments, clone(raw.value), raw.op);
        break;
      case "remove":
        document = setAt(document, segments, undefined, "remove");
        break;
      case "test":
        if (JSON.stringify(getAt(document, segments)) !== JSON.stringify(raw.value)) throw new Error(`testing value ${raw.path} failed`);
        break;
      case "copy":
      case "move": {
        const from = pointer(raw.from ?? "");
        const value = clone(getAt(document, from));
        if (raw.op === "move") document = setAt(document, from, undefined, "remove");
        document = setAt(document, segments, value, "add");
        break;
      }
      default:
        throw new Error(`Unexpected kind: ${raw.op}`);
    }
  }
  return document;
}

function pointer(path: string): string[] {
  if (path === "") return [];
  return path
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function getAt(document: unknown, segments: string[]): unknown {
  let node = document;
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isRecord(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

function setAt(document: unknown, segments: string[], value: unknown, op: string): unknown {
  if (segments.length === 0) return value;
  const parent = getAt(document, segments.slice(0, -1));
  const last = segments[segments.length - 1] ?? "";
  if (Array.isArray(parent)) {
    const index = last === "-" ? parent.length : Number(last);
    if (op === "remove") parent.splice(index, 1);
    else if (op === "add") parent.splice(index, 0, value);
    else parent[index] = value;
  } else if (isRecord(parent)) {
    if (op === "remove") delete parent[last];
    else parent[last] = value;
  } else {
    throw new Error(`doc is missing path: "/${segments.join("/")}"`);
  }
  return document;
}
