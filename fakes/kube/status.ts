/**
 * Kubernetes `Status` answers: the API server reports every failure (and some deletes) as a
 * `Status` object, which kubectl and @kubernetes/client-node parse to build their messages.
 */

export interface StatusDetails {
  name?: string;
  group?: string;
  kind: string;
  causes?: { reason: string; message: string; field: string }[];
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

/** One validation error: the field and the full message (`field: Invalid value: …`). */
export interface FieldError {
  field: string;
  message: string;
  /** @default "FieldValueInvalid" */
  reason?: string;
}

/**
 * 422 Invalid names the object by `Kind.group`, e.g. `Deployment.apps "x" is invalid: …`, lists
 * several errors in brackets as the server does, and carries each as a cause.
 */
export function invalid(kind: string, group: string, name: string, cause: string | FieldError[]): Response {
  const errors = typeof cause === "string" ? [{ field: cause.split(":")[0] ?? "", message: cause }] : cause;
  const summary = errors.length === 1 ? (errors[0]?.message ?? "") : `[${errors.map((e) => e.message).join(", ")}]`;
  const causes = errors.map((e) => ({ reason: e.reason ?? "FieldValueInvalid", message: e.message.slice(e.field.length + 2), field: e.field }));
  return statusFailure(422, "Invalid", `${qualified(kind, group)} "${name}" is invalid: ${summary}`, { ...detailsOf(kind, group, name), causes });
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
