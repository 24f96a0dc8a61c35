import { http, type HttpHandler } from "msw";
import type { Dispatch } from "./dispatch.js";
import { ARM_HOSTS, GRAPH_HOSTS, hostPattern, LOGIN_HOSTS } from "./hosts.js";

const AZURE_HOSTS = new RegExp(`^https://(${[...ARM_HOSTS, ...GRAPH_HOSTS, ...LOGIN_HOSTS].map(hostPattern).join("|")})(:443)?/`, "i");

/** Clusters' API servers and registries' data plane: served by the dispatcher's `clusterApi` hooks. */
const SERVICE_HOSTS = /^https:\/\/[^/]+\.(azmk8s\.io|azurecr\.io)(:\d+)?\//i;

/**
 * @azure/arm-authorization sends `https://management.azure.com//subscriptions/…` for scopes that
 * start with `/`; Node's request options then read as a protocol-relative URL, and msw sees a
 * request to a host named `subscriptions` (or `providers`, for tenant-level scopes).
 */
const MANGLED_ARM = /^https:\/\/(subscriptions|providers)\//i;

function restoreArmUrl(request: Request): string {
  const mangled = new URL(request.url);
  const host = request.headers.get("host");
  const armHost = host && (ARM_HOSTS as readonly string[]).includes(host.toLowerCase()) ? host : "management.azure.com";
  return `https://${armHost}/${mangled.hostname}${mangled.pathname}${mangled.search}`;
}

/** msw handlers that send every request for Azure's hosts to the fake. */
export function createHandlers(dispatch: Dispatch): HttpHandler[] {
  return [
    http.all(AZURE_HOSTS, ({ request }) => dispatch(request)),
    http.all(SERVICE_HOSTS, ({ request }) => dispatch(request)),
    http.all(MANGLED_ARM, ({ request }) => dispatch(request, { host: "arm", url: restoreArmUrl(request) })),
  ];
}
