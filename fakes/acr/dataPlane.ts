/**
 * The slice of a registry's own REST API (its login server) that reads image metadata: exchange an
 * Entra ID token for a registry refresh token, trade that for an access token, then read a tag or a
 * manifest. Answers in ACR's dialect (`{"errors":[{code,message,detail}]}`), honouring the caller's
 * pull rights in the registry's roleAssignmentMode and the registry's network settings.
 */
import { hasAction, hasDataAction } from "../world/authorization.js";
import { findImage, findRegistryByLoginServer } from "../world/registries.js";
import type { Registry } from "../world/types.js";
import type { World } from "../world/world.js";
import { issueToken, readToken } from "../token.js";

const PULL_ACTION = "Microsoft.ContainerRegistry/registries/pull/read";
const READ_DATA_ACTIONS = [
  "Microsoft.ContainerRegistry/registries/repositories/content/read",
  "Microsoft.ContainerRegistry/registries/repositories/metadata/read",
];
/** The address the fake says callers come from, when a firewall refuses them. */
export const CALLER_IP = "203.0.113.7";

const refreshAudience = (loginServer: string): string => `acr-refresh:${loginServer}`;
const accessAudience = (loginServer: string): string => `acr-access:${loginServer}`;

export interface DataPlaneRequest {
  world: World;
  request: Request;
  url: URL;
}

/** Serves a request to a fake registry's login server; undefined when the host is no registry's. */
export async function serveAcrDataPlane({ world, request, url }: DataPlaneRequest): Promise<Response | undefined> {
  const registry = findRegistryByLoginServer(world, url.hostname);
  if (!registry) return undefined;
  if (firewallRefuses(registry)) {
    return acrError(403, "DENIED", `client with IP '${CALLER_IP}' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.`);
  }
  const path = url.pathname;
  if (request.method === "POST" && path === "/oauth2/exchange") return exchange(world, registry, await form(request));
  if (request.method === "POST" && path === "/oauth2/token") return token(world, registry, await form(request));
  const read = /^\/acr\/v1\/(?<repo>.+)\/_(?<kind>tags|manifests)\/(?<ref>[^/]+)$/.exec(path);
  if (request.method === "GET" && read?.groups) {
    const { repo = "", kind = "", ref = "" } = read.groups;
    return readImage(world, registry, request, decodeURIComponent(repo), kind === "tags" ? "tag" : "manifest", decodeURIComponent(ref));
  }
  return acrError(404, "NOT_FOUND", `The fake registry has no route for ${request.method} ${path}.`);
}

function firewallRefuses(registry: Registry): boolean {
  if (registry.publicNetworkAccess === "Disabled") return true;
  return registry.networkRuleSet.defaultAction === "Deny" && !registry.networkRuleSet.ipRules.some((rule) => rule.value === CALLER_IP);
}

function exchange(world: World, registry: Registry, body: URLSearchParams): Response {
  if (body.get("grant_type") !== "access_token" || body.get("service") !== registry.loginServer) {
    return acrError(400, "UNSUPPORTED", "grant_type must be access_token and service the registry's login server.");
  }
  const claims = readToken(body.get("access_token") ?? "");
  if (!claims || claims.exp * 1000 <= world.now()) return unauthorized(registry, "the Microsoft Entra access token is invalid or expired");
  const issued = issueToken({ oid: claims.oid, tid: claims.tid, aud: refreshAudience(registry.loginServer) }, world.now());
  return Response.json({ refresh_token: issued.token });
}

function token(world: World, registry: Registry, body: URLSearchParams): Response {
  const claims = readToken(body.get("refresh_token") ?? "");
  const valid = claims && claims.aud === refreshAudience(registry.loginServer) && claims.exp * 1000 > world.now();
  if (body.get("grant_type") !== "refresh_token" || !valid) return unauthorized(registry, "the refresh token is invalid or expired");
  const issued = issueToken({ oid: claims.oid, tid: claims.tid, aud: accessAudience(registry.loginServer) }, world.now());
  return Response.json({ access_token: issued.token });
}

function readImage(world: World, registry: Registry, request: Request, repository: string, kind: "tag" | "manifest", reference: string): Response {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  const claims = readToken(bearer);
  const scope = `repository:${repository}:metadata_read`;
  if (!claims || claims.aud !== accessAudience(registry.loginServer) || claims.exp * 1000 <= world.now() || !canRead(world, registry, claims.oid)) {
    return unauthorized(registry, "authentication required, visit https://aka.ms/acr/authorization for more information", scope);
  }
  const repo = registry.repositories.get(repository);
  if (!repo) return acrError(404, "NAME_UNKNOWN", "repository name not known to registry", { name: repository });
  const found = findImage(registry, kind === "tag" ? `${repository}:${reference}` : `${repository}@${reference}`);
  if (!found) {
    return kind === "tag"
      ? acrError(404, "TAG_UNKNOWN", "the specified tag does not exist", { tag: reference })
      : acrError(404, "MANIFEST_UNKNOWN", "manifest unknown", { digest: reference });
  }
  const changeableAttributes = { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true };
  const time = registry.creationDate;
  if (kind === "tag") {
    return Response.json({
      registry: registry.loginServer,
      imageName: repository,
      tag: { name: reference, digest: found.manifest.digest, createdTime: time, lastUpdateTime: time, signed: false, changeableAttributes },
    });
  }
  const tags = [...repo.tags].filter(([, digest]) => digest === found.manifest.digest).map(([tag]) => tag);
  return Response.json({
    registry: registry.loginServer,
    imageName: repository,
    manifest: { digest: found.manifest.digest, imageSize: found.manifest.sizeBytes, createdTime: time, lastUpdateTime: time, mediaType: found.manifest.mediaType, tags, changeableAttributes },
  });
}

/** Reading needs what pulling needs: the pull action in RBAC-only mode, repository data actions in ABAC mode. */
function canRead(world: World, registry: Registry, principalId: string): boolean {
  const principal = world.principals.get(principalId.toLowerCase());
  if (principal?.deleted) return false;
  if (registry.roleAssignmentMode === "AbacRepositoryPermissions") {
    return READ_DATA_ACTIONS.some((action) => hasDataAction(world, principalId, registry.id, action));
  }
  return hasAction(world, principalId, registry.id, PULL_ACTION);
}

async function form(request: Request): Promise<URLSearchParams> {
  return new URLSearchParams(await request.text());
}

function unauthorized(registry: Registry, message: string, scope?: string): Response {
  const challenge = `Bearer realm="https://${registry.loginServer}/oauth2/token",service="${registry.loginServer}"${scope ? `,scope="${scope}"` : ""}`;
  return acrError(401, "UNAUTHORIZED", message, undefined, { "www-authenticate": challenge });
}

function acrError(status: number, code: string, message: string, detail?: unknown, headers: Record<string, string> = {}): Response {
  return Response.json({ errors: [{ code, message, ...(detail !== undefined ? { detail } : {}) }] }, { status, headers });
}
