/**
 * Serves a fake Azure over loopback HTTP(S) for clients outside the process: kubectl (the clusters'
 * API servers, under `/clusters/<name>/` or at the root when there is one cluster) and the Azure CLI
 * (ARM, Graph and the token endpoint, plus the cloud metadata and MSI token endpoints az reads).
 * Loopback only: the fake accepts any token, so it must never be reachable from another machine,
 * nor from a web page through DNS rebinding (hence the `Host` check).
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { FakeAzure } from "./azure.js";
import type { HostKind } from "./http/hosts.js";
import { serveAttachUpgrade } from "./kube/attach.js";
import { KUBE_ROOT_PATHS, clusterPathPrefix } from "./kube/server.js";
import { ADMIN_PREFIX, serveAdmin, type AdminOptions } from "./serve/admin.js";
import { cloudMetadata, msiToken } from "./serve/azEndpoints.js";
import {
  DEFAULT_MAX_REQUEST_BODY_BYTES,
  allowedHosts,
  checkHost,
  checkMethod,
  methodNotAllowed,
  readLimitedBody,
  refusal,
  wireRetryAfter,
  type WireRefusal,
} from "./serve/wireGuards.js";

/** Options of `azure.listen()`. */
export interface ListenOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** Loopback addresses only. @default "127.0.0.1" */
  host?: "127.0.0.1" | "::1";
  /** Serve HTTPS with this PEM certificate and key (the Azure CLI sends tokens over https only). */
  tls?: {
    /** PEM certificate (`createLoopbackCertificate().cert`). */
    cert: string | Buffer;
    /** PEM private key. */
    key: string | Buffer;
    /**
     * PEM of the CA that signed `cert`; kubeconfigs the fake hands out carry it as
     * `certificate-authority-data` (`world.servingCa`). @default `cert` itself (right for a self-signed one)
     */
    ca?: string | Buffer;
  };
  /** Larger request bodies are answered 413 without being read in full. @default 4194304 (ARM's 4 MiB) */
  maxRequestBodyBytes?: number;
  /** The admin API under `/_fake/` (health, reset, seed, state, journal); `false` turns it off. @default {} */
  admin?: AdminOptions | false;
}

/** A fake Azure served over loopback; `close()` it when done. */
export interface ListeningFake {
  /** `http://127.0.0.1:<port>` (or https, or `[::1]`). */
  url: string;
  /** The port it listens on. */
  port: number;
  /** The API server URL of a cluster, for `kubectl --server=…`. */
  clusterUrl(name: string): string;
  /** Stops the server and drops open connections (watches and attach sessions included). */
  close(): Promise<void>;
}

/** What listen() needs of a fake Azure. */
export type ListenableFake = Pick<FakeAzure, "dispatch" | "world" | "tenantId" | "subscriptionId" | "callerObjectId" | "reset" | "requests" | "clearRequests" | "seed" | "state">;

const LOOPBACK_HOSTS = ["127.0.0.1", "::1"];

export async function listen(fake: ListenableFake, options: ListenOptions = {}): Promise<ListeningFake> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK_HOSTS.includes(host)) {
    throw new Error(`Failed to listen on '${String(host)}': the fake Azure serves loopback only. Please use "127.0.0.1" or "::1".`);
  }
  const limit = options.maxRequestBodyBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`Failed to listen: maxRequestBodyBytes must be a whole number of bytes ≥ 0, not ${String(limit)}.`);
  }
  const admin = options.admin === false ? undefined : (options.admin ?? {});
  let origin = "";
  let hosts = new Set<string>();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const refused = checkHost(req, hosts) ?? checkMethod(req.method);
    if (refused) return writeRefusal(res, refused);
    answer(fake, { origin, limit, admin }, req, res)
      .then((response) => {
        if (!(response instanceof Response)) return writeRefusal(res, response);
        // A network-error Response is a fault rule's dropped connection: end the socket without an answer.
        return response.type === "error" ? void req.socket.destroy() : writeResponse(res, response);
      })
      .catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        writeRefusal(res, refusal(500, "InternalServerError", `The fake Azure failed to answer: ${(error as Error).message}`));
      });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createHttpServer(onRequest);
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refused = checkHost(req, hosts);
    if (refused) return refuseUpgrade(socket, refused);
    const path = pathOf(req.url ?? "/");
    if (!serveAttachUpgrade({ fake, req, socket, head, path, origin })) {
      refuseUpgrade(socket, refusal(400, "UpgradeNotSupported", `The fake Azure upgrades only pod attach requests (…/pods/<name>/attach), not ${path}.`));
    }
  });
  // Node's parser rejects methods it does not know (e.g. "FOO") before any request event.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy();
    refuseUpgrade(socket, error.code === "HPE_INVALID_METHOD" ? methodNotAllowed("(unknown)") : refusal(400, "BadRequest", "The fake Azure could not parse this HTTP request."));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(port);
  origin = `${options.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const servingCa = options.tls ? String(options.tls.ca ?? options.tls.cert) : undefined;
  if (servingCa) fake.world.servingCa = servingCa;
  const sockets = new Set<Socket>();
  server.on(options.tls ? "secureConnection" : "connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return {
    url: origin,
    port,
    clusterUrl: (name) => `${origin}${clusterPathPrefix({ name })}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (servingCa && fake.world.servingCa === servingCa) delete fake.world.servingCa;
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        // Upgraded (attach) sockets are no longer the HTTP server's, so closeAllConnections misses them.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

interface AnswerSetup {
  origin: string;
  limit: number;
  admin: AdminOptions | undefined;
}

async function answer(fake: ListenableFake, setup: AnswerSetup, req: IncomingMessage, res: ServerResponse): Promise<Response | WireRefusal> {
  const body = await readLimitedBody(req, setup.limit);
  if (!Buffer.isBuffer(body)) {
    // Stop reading the rest of an oversized upload: answer, then close the connection.
    res.setHeader("connection", "close");
    return body;
  }
  const raw = req.url ?? "/";
  const url = `${setup.origin}${raw.startsWith("/") ? raw : `/${raw}`}`;
  const disconnected = new AbortController();
  res.once("close", () => disconnected.abort());
  const request = new Request(url, { method: req.method ?? "GET", headers: headersOf(req), signal: disconnected.signal, ...(body.length > 0 && req.method !== "GET" && req.method !== "HEAD" ? { body: new Uint8Array(body) } : {}) });
  const path = pathOf(raw);
  if (setup.admin && (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`))) return serveAdmin(fake, setup.admin, request, path, setup.origin);
  if (path === "/metadata/endpoints") return cloudMetadata(setup.origin, new URL(url).searchParams.get("api-version"));
  if (path === "/msi/token") return msiToken(fake, request);
  return fake.dispatch(request, { host: hostKindOf(path), origin: setup.origin });
}

function pathOf(raw: string): string {
  return new URL(raw.startsWith("/") ? raw : `/${raw}`, "http://loopback").pathname.replace(/\/{2,}/g, "/");
}

/** On loopback the host name says nothing, so the path tells which service a request is for. */
function hostKindOf(path: string): HostKind {
  if (path.startsWith("/clusters/") || KUBE_ROOT_PATHS.test(path)) return "cluster";
  if (/^\/(v1\.0|beta)\//.test(path)) return "graph";
  if (/^\/[^/]+\/oauth2\//.test(path)) return "login";
  return "arm";
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * Streams the answer, so watch streams reach kubectl event by event; a client that goes away cancels
 * the stream. `Retry-After` is raised to at least 1 second on the wire (see {@link wireRetryAfter}).
 */
async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name === "transfer-encoding" || name === "content-length") return;
    headers[name] = name === "retry-after" ? wireRetryAfter(value) : value;
  });
  if (!response.body) {
    res.writeHead(response.status, { ...headers, "content-length": "0" });
    return void res.end();
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body.getReader();
  res.once("close", () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const { done, value } = await reader.read();
    if (done || res.destroyed) break;
    if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
  }
  res.end();
}

function writeRefusal(res: ServerResponse, refused: WireRefusal): void {
  res.writeHead(refused.status, { ...refused.headers, "content-length": String(Buffer.byteLength(refused.body)) });
  res.end(refused.body);
}

/** A refusal written straight to a socket that has no ServerResponse (an upgrade, a parse error). */
function refuseUpgrade(socket: Duplex, refused: WireRefusal): void {
  const reason = { 400: "Bad Request", 405: "Method Not Allowed" }[refused.status] ?? "Error";
  const head = Object.entries({ ...refused.headers, "content-length": String(Buffer.byteLength(refused.body)), connection: "close" })
    .map(([name, value]) => `${name}: ${value}`)
    .join("\r\n");
  socket.end(`HTTP/1.1 ${refused.status} ${reason}\r\n${head}\r\n\r\n${refused.body}`);
}
