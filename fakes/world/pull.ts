/**
 * Whether a cluster's nodes can pull an image at a given moment, and the error containerd reports
 * when they cannot. This is the consequence the whole attach/detach story is about: the kubelet
 * identity needs a pull-granting role on the registry, honoured by the registry's role-assignment
 * mode, old enough to have propagated.
 */
import { findRole, isParentScope, matches } from "./authorization.js";
import { findSourceRegistry } from "./catalogue.js";
import { findImage, findRegistryByLoginServer } from "./registries.js";
import type { ManagedCluster, Registry, RoleAssignment, RoleDefinition } from "./types.js";
import type { World } from "./world.js";

export type PullFailureReason = "Unauthorized" | "NotFound" | "Forbidden" | "NetworkUnreachable" | "InvalidImageName";

export type PullResult = { ok: true; digest: string } | { ok: false; reason: PullFailureReason; message: string };

/** The username and password the kubelet presents to a registry host (from the pod's image pull secrets), if any. */
export type RegistryLoginLookup = (host: string) => { username: string; password: string } | undefined;

/** A container image name, normalised the way containerd does (`nginx` → `docker.io/library/nginx:latest`). */
export interface ImageName {
  host: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** `host/repository:tag` or `host/repository@digest`. */
  normalized: string;
}

const PULL_ACTION = "Microsoft.ContainerRegistry/registries/pull/read";
const CONTENT_READ_DATA_ACTION = "Microsoft.ContainerRegistry/registries/repositories/content/read";

export function parseImageName(image: string): ImageName {
  const slash = image.indexOf("/");
  const first = slash < 0 ? "" : image.slice(0, slash);
  const hasHost = first.includes(".") || first.includes(":") || first === "localhost";
  const host = hasHost ? first : "docker.io";
  let rest = hasHost ? image.slice(slash + 1) : image;
  if (host === "docker.io" && !rest.includes("/")) rest = `library/${rest}`;
  const at = rest.indexOf("@");
  if (at >= 0) {
    const repository = rest.slice(0, at);
    const digest = rest.slice(at + 1);
    return { host, repository, digest, normalized: `${host}/${repository}@${digest}` };
  }
  const colon = rest.lastIndexOf(":");
  const repository = colon > rest.lastIndexOf("/") ? rest.slice(0, colon) : rest;
  const tag = colon > rest.lastIndexOf("/") ? rest.slice(colon + 1) : "latest";
  return { host, repository, tag, normalized: `${host}/${repository}:${tag}` };
}

/** What happens when a node of `cluster` pulls `image` at `atMs` on the fake clock. */
export function pullImage(world: World, cluster: ManagedCluster, image: string, atMs: number, login?: RegistryLoginLookup): PullResult {
  const name = parseImageName(image);
  const reference = name.digest ? `${name.repository}@${name.digest}` : `${name.repository}:${name.tag ?? "latest"}`;
  const registry = findRegistryByLoginServer(world, name.host);
  if (!registry) {
    const source = findSourceRegistry(name.host);
    if (source?.credentials && !sameLogin(login?.(name.host), source.credentials)) return unauthorizedPrivate(name);
    const found = source ? findImage(source, reference) : undefined;
    return found ? { ok: true, digest: found.manifest.digest } : notFound(name);
  }
  const blocked = networkBlock(name, registry, cluster);
  if (blocked) return blocked;
  if (!registry.anonymousPullEnabled && !kubeletCanPull(world, cluster, registry, name.repository, atMs)) {
    return unauthorized(name);
  }
  const found = findImage(registry, reference);
  return found ? { ok: true, digest: found.manifest.digest } : notFound(name);
}

/** The principal the kubelet pulls as: its managed identity, or the cluster's service principal. */
export function kubeletPrincipalId(world: World, cluster: ManagedCluster): string | undefined {
  if (cluster.kubeletIdentity) return cluster.kubeletIdentity.objectId;
  const clientId = cluster.servicePrincipalClientId?.toLowerCase();
  for (const principal of world.principals.values()) {
    if (clientId && principal.clientId?.toLowerCase() === clientId && !principal.deleted) return principal.objectId;
  }
  return undefined;
}

/**
 * What a registry's token exchange (`POST /oauth2/exchange`) answers a node of `cluster` at `atMs`,
 * the step `canipull` (and so `az aks check-acr`) checks: refused by the network rules (403), no
 * pull right for the kubelet identity (401), or granted. Repository-scoped ABAC conditions are not
 * judged here: they limit which repositories the exchanged token can read, not the exchange.
 */
export function registryTokenExchange(world: World, cluster: ManagedCluster, registry: Registry, atMs: number): { ok: true } | { ok: false; status: 401 | 403; reason: PullFailureReason; egressIp: string } {
  const ip = egressIp(cluster);
  if (networkBlock(parseImageName(`${registry.loginServer}/_`), registry, cluster)) return { ok: false, status: 403, reason: "Forbidden", egressIp: ip };
  if (!kubeletCanPull(world, cluster, registry, undefined, atMs)) return { ok: false, status: 401, reason: "Unauthorized", egressIp: ip };
  return { ok: true };
}

function kubeletCanPull(world: World, cluster: ManagedCluster, registry: Registry, repository: string | undefined, atMs: number): boolean {
  const principalId = kubeletPrincipalId(world, cluster);
  if (!principalId) return false;
  const abac = registry.roleAssignmentMode === "AbacRepositoryPermissions";
  for (const assignment of world.roleAssignments.values()) {
    if (assignment.principalId.toLowerCase() !== principalId.toLowerCase()) continue;
    if (!isParentScope(assignment.scope, registry.id)) continue;
    if (Date.parse(assignment.createdOn) + world.knobs.rolePropagationMs > atMs) continue;
    const role = findRole(world, assignment.roleDefinitionName);
    if (!role) continue;
    // ABAC registries take data-plane access only from dataActions (Repository Reader/Writer…):
    // AcrPull's control-plane action is ignored there.
    if (abac ? grantsDataAction(role, CONTENT_READ_DATA_ACTION) && (repository === undefined || conditionAllows(assignment, repository)) : grantsAction(role, PULL_ACTION)) {
      return true;
    }
  }
  return false;
}

function grantsAction(role: RoleDefinition, action: string): boolean {
  return role.permissions.some((p) => p.actions.some((a) => matches(a, action)) && !p.notActions.some((a) => matches(a, action)));
}

function grantsDataAction(role: RoleDefinition, action: string): boolean {
  return role.permissions.some((p) => p.dataActions.some((a) => matches(a, action)) && !p.notDataActions.some((a) => matches(a, action)));
}

/**
 * ABAC conditions scope an assignment to repositories; the common forms compare the repository
 * name with StringEqualsIgnoreCase / StringStartsWithIgnoreCase (or their case-sensitive twins).
 */
function conditionAllows(assignment: RoleAssignment, repository: string): boolean {
  const condition = assignment.condition;
  if (!condition || !/repositories:name/i.test(condition)) return true;
  const clauses = [...condition.matchAll(/String(Equals|StartsWith)(IgnoreCase)?\s+'([^']*)'/gi)];
  return clauses.some(([, op, ignoreCase, value = ""]) => {
    const [have, want] = ignoreCase ? [repository.toLowerCase(), value.toLowerCase()] : [repository, value];
    return op?.toLowerCase() === "equals" ? have === want : have.startsWith(want);
  });
}

/** Public access off without a private endpoint, or a firewall that does not list the nodes' egress IP. */
function networkBlock(name: ImageName, registry: Registry, cluster: ManagedCluster): PullResult | undefined {
  const privateLink = registry.privateEndpointConnections.some((c) => c.status === "Approved");
  if (privateLink) return undefined;
  const ip = egressIp(cluster);
  const denied =
    registry.publicNetworkAccess === "Disabled" ||
    (registry.networkRuleSet.defaultAction === "Deny" && !registry.networkRuleSet.ipRules.some((rule) => ipMatches(rule.value, ip)));
  if (!denied) return undefined;
  return {
    ok: false,
    reason: "Forbidden",
    message: `${resolvePrefix(name.normalized)}: failed to authorize: failed to fetch anonymous token: unexpected status from GET request to ${tokenUrl(name)}: 403 Forbidden: client with IP '${ip}' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.`,
  };
}

/** Every cluster egresses through one load-balancer IP; derived from its FQDN so it is stable. */
export function egressIp(cluster: ManagedCluster): string {
  let hash = 0;
  for (const ch of cluster.fqdn) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `20.${(hash >>> 16) & 0xff}.${(hash >>> 8) & 0xff}.${(hash & 0xfd) + 1}`;
}

function ipMatches(rule: string, ip: string): boolean {
  const [base = "", bitsText] = rule.split("/");
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const toInt = (text: string) => text.split(".").reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(base) & mask) === (toInt(ip) & mask);
}

function resolvePrefix(image: string): string {
  return `failed to pull and unpack image "${image}": failed to resolve reference "${image}"`;
}

function tokenUrl(name: ImageName): string {
  return `https://${name.host}/oauth2/token?scope=repository%3A${encodeURIComponent(name.repository)}%3Apull&service=${name.host}`;
}

function unauthorized(name: ImageName): PullResult {
  return {
    ok: false,
    reason: "Unauthorized",
    message: `${resolvePrefix(name.normalized)}: failed to authorize: failed to fetch anonymous token: unexpected status from GET request to ${tokenUrl(name)}: 401 Unauthorized`,
  };
}

function sameLogin(presented: { username: string; password: string } | undefined, wanted: { username: string; password: string }): boolean {
  return presented !== undefined && presented.username === wanted.username && presented.password === wanted.password;
}

/** A registry that wants a login answers the manifest HEAD with 401 when the pod presents none, or a wrong one. */
function unauthorizedPrivate(name: ImageName): PullResult {
  const reference = name.digest ?? name.tag ?? "latest";
  return {
    ok: false,
    reason: "Unauthorized",
    message: `${resolvePrefix(name.normalized)}: unexpected status from HEAD request to https://${name.host}/v2/${name.repository}/manifests/${reference}: 401 Unauthorized`,
  };
}

function notFound(name: ImageName): PullResult {
  return { ok: false, reason: "NotFound", message: `${resolvePrefix(name.normalized)}: ${name.normalized}: not found` };
}
