/**
 * What a loopback server must refuse before the fake sees a request: a `Host` naming another site
 * (DNS rebinding: a web page on evil.example resolving its name to 127.0.0.1 would otherwise drive
 * the fake, which accepts any token), methods neither ARM nor Kubernetes serve, and bodies larger
 * than ARM accepts. Answers are ARM's error envelope, so every client prints them sensibly.
 */
import type { IncomingMessage } from "node:http";

/** Methods ARM, Graph, the token endpoints and the Kubernetes API are called with. */
export const SERVED_METHODS = ["GET", "HEAD", "PUT", "POST", "PATCH", "DELETE"] as const;

/** ARM's request size limit (4 MiB), the default of `listen({ maxRequestBodyBytes })`. */
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 4 * 1024 * 1024;

/** ARM's error envelope as a plain answer for the server to write. */
export interface WireRefusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function refusal(status: number, code: string, message: string, headers: Record<string, string> = {}): WireRefusal {
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify({ error: { code, message } }) };
}

/** The `Host` values a loopback server on this port answers: 127.0.0.1, localhost and [::1], each with the port. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** A refusal when the request's `Host` header is not one of the loopback names with this server's port. */
export function checkHost(req: IncomingMessage, allowed: Set<string>): WireRefusal | undefined {
  const host = req.headers.host?.toLowerCase();
  if (host && allowed.has(host)) return undefined;
  return refusal(
    400,
    "InvalidHostName",
    `The fake Azure answers loopback names only, and this request's Host header is ${host ? `'${host}'` : "missing"}. ` +
      `Please address it as one of ${[...allowed].join(", ")} (a different Host is how DNS rebinding attacks reach local servers).`,
  );
}

/** A 405 for a method the fake serves nowhere (TRACE, CONNECT, OPTIONS, WebDAV, …). */
export function checkMethod(method: string | undefined): WireRefusal | undefined {
  if ((SERVED_METHODS as readonly string[]).includes(method ?? "")) return undefined;
  return methodNotAllowed(method ?? "(none)");
}

export function methodNotAllowed(method: string): WireRefusal {
  return refusal(
    405,
    "MethodNotAllowed",
    `The fake Azure does not serve the HTTP method '${method}'. Please use one of ${SERVED_METHODS.join(", ")}.`,
    { allow: SERVED_METHODS.join(", ") },
  );
}

export function bodyTooLarge(limit: number): WireRefusal {
  return refusal(
    413,
    "RequestEntityTooLarge",
    `The request body is larger than the fake Azure accepts (${limit} bytes, ARM's request size limit). Please send a smaller body, or raise listen({ maxRequestBodyBytes }).`,
  );
}

/**
 * Reads the body, stopping at `limit` bytes: a declared `Content-Length` over it is refused before
 * anything is read, a chunked body as soon as it passes it (so a 50 MB upload costs at most `limit`).
 */
export async function readLimitedBody(req: IncomingMessage, limit: number): Promise<Buffer | WireRefusal> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return bodyTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return bodyTooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * `Retry-After` as sent over the wire: never below 1 second. azure-core (Python) reads 0 as "no
 * header" and waits its 30 s default; in-process the fake's own value stands.
 */
export function wireRetryAfter(value: string): string {
  const seconds = Number(value);
  return value.trim() !== "" && Number.isFinite(seconds) && seconds < 1 ? "1" : value;
}
