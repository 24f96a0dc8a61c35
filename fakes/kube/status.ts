/**
 * Kubernetes `Status` answers: the API server reports every failure (and some deletes) as a
 * `Status` object, which kubectl and @kubernetes/client-node parse to build their messages.
 */

export interface StatusDetails {
  name?: string;
  group?: string;
  kind: string;
}

export function kubeJson(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

export function statusFailure(code: number, reason: string, message: string, details?: StatusDetails): Response {
  return kubeJson(code, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

/** `deployments.apps "x" not found`: the resource is named `<plural>[.<group>]`, as the server does. */
export function notFound(resource: string, group: string, name: string): Response {
  return statusFailure(404, "NotFound", `${qualified(resource, group)} "${name}" not found`, detailsOf(resource, group, name));
}

export function alreadyExists(resource: string, group: string, name: string): Response {
  return statusFailure(409, "AlreadyExists", `${qualified(resource, group)} "${name}" already exists`, detailsOf(resource, group, name));
}

/** 422 Invalid names the object by `Kind.group`, e.g. `Deployment.apps "x" is invalid: …`. */
export function invalid(kind: string, group: string, name: string, cause: string): Response {
  return statusFailure(422, "Invalid", `${qualified(kind, group)} "${name}" is invalid: ${cause}`, detailsOf(kind, group, name));
}

export function badRequest(message: string): Response {
  return statusFailure(400, "BadRequest", message);
}

export function deleted(resource: string, group: string, name: string, uid: string): Response {
  return kubeJson(200, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Success",
    details: { name, group, kind: resource, uid },
  });
}

function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

function detailsOf(resource: string, group: string, name: string): StatusDetails {
  return group ? { name, group, kind: resource } : { name, kind: resource };
}
