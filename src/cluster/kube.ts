import { redactText } from "../arm/redact.js";
import { AksAcrError, isAksAcrError, type ErrorCode } from "../errors.js";

export type KubernetesClient = typeof import("@kubernetes/client-node");

let loading: Promise<KubernetesClient> | undefined;

/**
 * Loads `@kubernetes/client-node` on first use: it is large and ESM-only, and a script that only
 * attaches registries should not pay for it.
 */
export function loadKubernetesClient(): Promise<KubernetesClient> {
  loading ??= import("@kubernetes/client-node");
  return loading;
}

/** Settles with `work`, or rejects with Aborted as soon as `signal` fires (the client has no signal of its own). */
export async function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, operation: string): Promise<T> {
  if (!signal) return work;
  throwIfAborted(signal, operation);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError(operation));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined, operation: string): void {
  if (signal?.aborted) throw abortedError(operation);
}

export function abortedError(operation: string): AksAcrError {
  return new AksAcrError("Aborted", { operation, reason: "the caller's AbortSignal fired" });
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "InvalidInput",
  401: "AuthenticationFailed",
  403: "PermissionDenied",
  404: "NotFound",
  409: "Conflict",
  422: "InvalidInput",
  429: "Throttled",
};

/**
 * Turns what `@kubernetes/client-node` threw into an AksAcrError. A Kubernetes `Status` body gives
 * the reason and message; the request's headers (which hold the bearer token) are never quoted.
 */
export function toKubernetesError(error: unknown, operation: string, scope: string): AksAcrError {
  if (isAksAcrError(error)) return error;
  const status = statusOf(error);
  if (status === undefined) {
    return new AksAcrError("ServiceUnavailable", {
      operation,
      scope,
      reason: `the cluster's API server could not be reached (${errorName(error)})`,
      fix: "Check that the cluster is running and that its API server is reachable from here",
    });
  }
  // The API server may echo the request (its bearer token included) in a message.
  const body = statusBody(error);
  if (body.message !== undefined) body.message = redactText(body.message);
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? "ServiceUnavailable" : "RequestFailed");
  return new AksAcrError(code, {
    operation,
    scope,
    reason: body.message ?? `the cluster's API server answered ${status}`,
    fix: fixFor(status),
    response: { status, ...(body.reason ? { armCode: body.reason } : {}), ...(body.message ? { armMessage: body.message } : {}) },
  });
}

function fixFor(status: number): string | undefined {
  if (status === 401) return "Fetch fresh credentials with credentials() and try again";
  if (status === 403) return "Ask a cluster admin for a Kubernetes role that allows this, or use credentials({ admin: true })";
  return undefined;
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

function statusBody(error: unknown): { reason?: string; message?: string } {
  let body = (error as { body?: unknown }).body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      return {};
    }
  }
  if (body === null || typeof body !== "object") return {};
  const { reason, message } = body as { reason?: unknown; message?: unknown };
  return {
    ...(typeof reason === "string" ? { reason } : {}),
    ...(typeof message === "string" ? { message } : {}),
  };
}

function errorName(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  return error instanceof Error ? error.name : "unknown error";
}
