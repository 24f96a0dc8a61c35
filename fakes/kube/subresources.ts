/**
 * Subresources (`…/<plural>/<name>/<subresource>`) the fake serves. Each entry answers one
 * `<plural>/<subresource>`; a subresource missing here is answered 404 as the real server answers
 * one it does not have.
 */
import { podLog } from "./logs.js";
import type { ResourceType } from "./resources.js";
import { serveScale } from "./scale.js";
import { kubeJson, notFound, statusFailure } from "./status.js";
import type { KubeStore } from "./store.js";
import { readOne } from "./views.js";

export interface SubresourceRequest {
  store: KubeStore;
  type: ResourceType;
  namespace: string;
  name: string;
  subresource: string;
  request: Request;
  query: URLSearchParams;
}

type Handler = (request: SubresourceRequest) => Response | Promise<Response>;

/** `status` is readable; the fake's controllers and kubelet own it, so clients do not write it. */
const readStatus: Handler = ({ store, type, namespace, name, request }) => {
  if (request.method.toUpperCase() !== "GET") return statusFailure(405, "MethodNotAllowed", `the fake API server does not let clients write ${type.plural}/status: its controllers own status`);
  const found = readOne(store, type, type.namespaced ? namespace : undefined, name);
  return found ? kubeJson(200, found) : notFound(type.plural, type.group, name);
};

export const SUBRESOURCES: Record<string, Handler> = {
  "pods/log": ({ store, namespace, name, query, request }) =>
    request.method.toUpperCase() === "GET" ? podLog(store, namespace, name, query, request.signal) : statusFailure(405, "MethodNotAllowed", `the server does not allow this method on the requested resource (${request.method})`),
  "pods/status": readStatus,
  "deployments/status": readStatus,
  "replicasets/status": readStatus,
  "deployments/scale": ({ store, type, namespace, name, request }) => serveScale(store, type, namespace, name, request),
  "replicasets/scale": ({ store, type, namespace, name, request }) => serveScale(store, type, namespace, name, request),
};

export function serveSubresource(request: SubresourceRequest): Response | Promise<Response> {
  const handler = SUBRESOURCES[`${request.type.plural}/${request.subresource}`];
  return handler ? handler(request) : statusFailure(404, "NotFound", "the server could not find the requested resource");
}
