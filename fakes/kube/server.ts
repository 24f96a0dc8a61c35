/**
 * Entry point of the clusters' API servers. In-process a request reaches a cluster at
 * `https://<fqdn>/…` with a bearer token from listClusterUserCredential / listClusterAdminCredential.
 * Through listen() it arrives on loopback as `/clusters/<name-or-fqdn>/…`, or at the root when the
 * world holds a single cluster; over plain HTTP kubectl sends no token, so none is required there.
 */
import type { ManagedCluster } from "../world/types.js";
import type { World } from "../world/world.js";
import { serveApi } from "./api.js";
import { statusFailure } from "./status.js";
import { kubeOf } from "./store.js";

export interface ClusterApiRequest {
  world: World;
  request: Request;
  url: URL;
  /** Where the client sent the request: `https://<fqdn>` in-process, the loopback URL under listen(). */
  origin: string;
}

/** Paths a Kubernetes API server answers at its root (used to recognise cluster traffic on loopback). */
export const KUBE_ROOT_PATHS = /^\/(api|apis|version|openapi|healthz|livez|readyz)(\/|$)/;

/** Answers a cluster API request, or undefined when the request names no cluster (the caller 404s it). */
export async function serveClusterApi({ world, request, url, origin }: ClusterApiRequest): Promise<Response | undefined> {
  const target = findTarget(world, url);
  if (!target) return undefined;
  if (target instanceof Response) return target;
  const { cluster, path } = target;
  const store = kubeOf(world, cluster);
  if (!overPlainLoopback(origin)) {
    const token = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    if (token !== store.tokens.user && token !== store.tokens.admin) return statusFailure(401, "Unauthorized", "Unauthorized");
  }
  return serveApi(store, request, path, url.searchParams);
}

/** The loopback path prefix under which listen() serves a cluster's API. */
export function clusterPathPrefix(cluster: Pick<ManagedCluster, "name">): string {
  return `/clusters/${encodeURIComponent(cluster.name)}`;
}

/** The cluster a request names (by host, `/clusters/<name>/` prefix, or as the only one), with the path below it. */
export function findTarget(world: World, url: URL): { cluster: ManagedCluster; path: string } | Response | undefined {
  const clusters = [...world.clusters.values()];
  const host = url.hostname.toLowerCase();
  const byHost = clusters.find((c) => c.fqdn.toLowerCase() === host);
  if (byHost) return { cluster: byHost, path: url.pathname };
  const prefixed = /^\/clusters\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (prefixed) {
    const wanted = decodeURIComponent(prefixed[1] ?? "").toLowerCase();
    const cluster = clusters.find((c) => c.fqdn.toLowerCase() === wanted) ?? clusters.find((c) => c.name.toLowerCase() === wanted);
    if (!cluster) return statusFailure(404, "NotFound", `the fake Azure has no cluster named "${wanted}"; clusters: ${choices(clusters)}`);
    return { cluster, path: prefixed[2] ?? "/" };
  }
  if (!isLoopback(host) || !KUBE_ROOT_PATHS.test(url.pathname)) return undefined;
  const [only, ...others] = clusters;
  if (!only) return statusFailure(404, "NotFound", "the fake Azure holds no cluster yet; create one, then use /clusters/<name>/ or the root");
  if (others.length > 0) {
    return statusFailure(400, "BadRequest", `the fake Azure holds several clusters, so the root path is ambiguous; use /clusters/<name>/ with one of: ${choices(clusters)}`);
  }
  return { cluster: only, path: url.pathname };
}

function choices(clusters: ManagedCluster[]): string {
  return clusters.map((c) => c.name).join(", ") || "(none)";
}

function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "[::1]" || host === "::1" || host === "localhost";
}

function overPlainLoopback(origin: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" && isLoopback(url.hostname);
  } catch {
    return false;
  }
}
