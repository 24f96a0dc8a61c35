/**
 * The `scale` subresource of deployments and replica sets (`kubectl scale`): an autoscaling/v1
 * Scale read from, and written to, the object's `spec.replicas`.
 */
import { admitUpdate } from "./admission.js";
import { isRecord, replicasOf, type KubeObject } from "./objects.js";
import { applyPatch, patchTypeOf } from "./patch.js";
import type { ResourceType } from "./resources.js";
import { badRequest, invalid, kubeJson, notFound, statusFailure } from "./status.js";
import type { KubeStore } from "./store.js";
import { render } from "./views.js";

export async function serveScale(store: KubeStore, type: ResourceType, namespace: string, name: string, request: Request): Promise<Response> {
  const existing = store.get(type, namespace, name);
  if (!existing) return notFound(type.plural, type.group, name);
  const method = request.method.toUpperCase();
  if (method === "GET") return kubeJson(200, scaleOf(store, type, existing));
  if (method !== "PUT" && method !== "PATCH") return statusFailure(405, "MethodNotAllowed", `the server does not allow this method on the requested resource (${method})`);
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch (error) {
    return badRequest(`the fake API server accepts JSON bodies only: ${(error as Error).message}`);
  }
  let desired: unknown = body;
  if (method === "PATCH") {
    const patchType = patchTypeOf(request.headers.get("content-type") ?? "");
    if (!patchType) return statusFailure(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
    desired = applyPatch(scaleOf(store, type, existing), body, patchType);
  }
  const replicas = isRecord(desired) && isRecord(desired["spec"]) ? desired["spec"]["replicas"] : undefined;
  if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
    return invalid("Scale", "autoscaling", name, `spec.replicas: Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`);
  }
  const updated = admitUpdate(store, type, existing, { ...existing, spec: { ...existing.spec, replicas } });
  return kubeJson(200, scaleOf(store, type, updated));
}

function scaleOf(store: KubeStore, type: ResourceType, object: KubeObject): unknown {
  const rendered = render(store, type, object);
  const selector = isRecord(object.spec?.["selector"]) && isRecord(object.spec["selector"]["matchLabels"]) ? object.spec["selector"]["matchLabels"] : {};
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: object.metadata.name, namespace: object.metadata.namespace, uid: object.metadata.uid, resourceVersion: object.metadata.resourceVersion, creationTimestamp: object.metadata.creationTimestamp },
    spec: { replicas: replicasOf(object) },
    status: { replicas: Number(rendered.status?.["replicas"] ?? 0), selector: Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(",") },
  };
}
