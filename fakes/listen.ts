/**
 * Serves a fake Azure over loopback HTTP(S) for clients outside the process: kubectl (the clusters'
 * API servers, under `/clusters/<name>/` or at the root when there is one cluster) and the Azure CLI
 * (ARM, Graph and the token endpoint, plus the cloud metadata and MSI token endpoints az reads).
 * Loopback only: the fake accepts any token, so it must never be reachable from another machine.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { FakeAzure } from "./azure.js";
import type { HostKind } from "./http/hosts.js";
import { KUBE_ROOT_PATHS, clusterPathPrefix } from "./kube/server.js";
import { issueToken } from "./token.js";

/** Options of `azure.listen()`. */
export interface ListenOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** Loopback addresses only. @default "127.0.0.1" */
  host?: "127.0.0.1" | "::1";
  /** Serve HTTPS with this PEM certificate and key (the Azure CLI sends tokens over https only). */
  tls?: {
    /** PEM certificate. */
    cert: string | Buffer;
    /** PEM private key. */
    key: string | Buffer;
  };
}

/** A fake Azure served over loopback; `close()` it when done. */
export interface ListeningFake {
  /** `http://127.0.0.1:<port>` (or https, or `[::1]`). */
  url: string;
  /** The API server URL of a cluster, for `kubectl --server=…`. */
  clusterUrl(name: string): string;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = ["127.0.0.1", "::1"];

export async function listen(fake: Pick<FakeAzure, "dispatch" | "world" | "tenantId" | "callerObjectId">, options: ListenOptions = {}): Promise<ListeningFake> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK_HOSTS.includes(host)) {
    throw new Error(`Failed to listen on '${String(host)}': the fake Azure serves loopback only. Please use "127.0.0.1" or "::1".`);
  }
  let origin = "";
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    serve(fake, origin, req)
      // A network-error Response is a fault rule's dropped connection: end the socket without an answer.
      .then((response) => (response.type === "error" ? void req.socket.destroy() : writeResponse(res, response)))
      .catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`The fake Azure failed to answer: ${(error as Error).message}`);
      });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createHttpServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `${options.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url: origin,
    clusterUrl: (name) => `${origin}${clusterPathPrefix({ name })}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function serve(fake: Pick<FakeAzure, "dispatch" | "world" | "tenantId" | "callerObjectId">, origin: string, req: IncomingMessage): Promise<Response> {
  const raw = req.url ?? "/";
  const request = await toRequest(`${origin}${raw.startsWith("/") ? raw : `/${raw}`}`, req);
  const path = new URL(request.url).pathname.replace(/\/{2,}/g, "/");
  if (path === "/metadata/endpoints") return cloudMetadata(origin, new URL(request.url).searchParams.get("api-version"));
  if (path === "/msi/token") return msiToken(fake, request);
  return fake.dispatch(request, { host: hostKindOf(path), origin });
}

/** On loopback the host name says nothing, so the path tells which service a request is for. */
function hostKindOf(path: string): HostKind {
  if (path.startsWith("/clusters/") || KUBE_ROOT_PATHS.test(path)) return "cluster";
  if (/^\/(v1\.0|beta)\//.test(path)) return "graph";
  if (/^\/[^/]+\/oauth2\//.test(path)) return "login";
  return "arm";
}

async function toRequest(url: string, req: IncomingMessage): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? "GET";
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = method === "GET" || method === "HEAD" || chunks.length === 0 ? undefined : Buffer.concat(chunks);
  return new Request(url, { method, headers, ...(body ? { body } : {}) });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "content-length" && name !== "transfer-encoding") headers[name] = value;
  });
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...headers, "content-length": String(body.length) });
  res.end(body);
}

/**
 * The cloud metadata az fetches for a custom cloud: the 2015-01-01 single-cloud shape, or the newer
 * array of clouds, both pointing Resource Manager at this server.
 */
function cloudMetadata(origin: string, apiVersion: string | null): Response {
  const audiences = ["https://management.core.windows.net/", "https://management.azure.com/"];
  const legacy = {
    galleryEndpoint: `${origin}/`,
    graphEndpoint: "https://graph.windows.net/",
    portalEndpoint: "https://portal.azure.com/",
    authentication: { loginEndpoint: "https://login.microsoftonline.com/", audiences },
  };
  if (!apiVersion || apiVersion === "2015-01-01") return jsonResponse(200, legacy);
  return jsonResponse(200, [
    {
      name: "AzureCloud",
      resourceManager: `${origin}/`,
      portal: "https://portal.azure.com",
      gallery: `${origin}/`,
      microsoftGraphResourceId: "https://graph.microsoft.com/",
      authentication: { loginEndpoint: "https://login.microsoftonline.com", audiences, tenant: "common", identityProvider: "AAD" },
      suffixes: { acrLoginServer: "azurecr.io", keyVaultDns: "vault.azure.net", storage: "core.windows.net" },
    },
  ]);
}

/**
 * The managed-identity token endpoint az uses when MSI_ENDPOINT is set: `resource` from the form
 * (or query), header `Metadata: true`; the token names the default caller, or the principal given
 * by `object_id` / `client_id`.
 */
async function msiToken(fake: Pick<FakeAzure, "world" | "tenantId" | "callerObjectId">, request: Request): Promise<Response> {
  if (request.headers.get("metadata")?.toLowerCase() !== "true") {
    return jsonResponse(400, { error: "invalid_request", error_description: "Required metadata header not specified" });
  }
  const params = new URLSearchParams(new URL(request.url).search);
  if (request.method === "POST") for (const [name, value] of new URLSearchParams(await request.text())) params.set(name, value);
  const resource = params.get("resource");
  if (!resource) return jsonResponse(400, { error: "invalid_request", error_description: "Required query variable 'resource' is missing" });
  const principal = [...fake.world.principals.values()].find((p) =>
    params.get("object_id") ? p.objectId === params.get("object_id") : params.get("client_id") ? p.clientId === params.get("client_id") : p.objectId === fake.callerObjectId,
  );
  if (!principal) return jsonResponse(400, { error: "invalid_request", error_description: "Identity not found" });
  const { token, expiresOnMs } = issueToken(
    { oid: principal.objectId, tid: principal.tenantId || fake.tenantId, aud: resource.replace(/\/$/, ""), ...(principal.clientId ? { appid: principal.clientId } : {}) },
    fake.world.now(),
  );
  return jsonResponse(200, { access_token: token, expires_on: String(Math.floor(expiresOnMs / 1000)), token_type: "Bearer", resource });
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
