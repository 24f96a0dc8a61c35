/** Which service a request is for, told by its host name. */
export type HostKind = "arm" | "graph" | "login" | "cluster";

/** ARM endpoints of the three public clouds (Public, China, US Government). */
export const ARM_HOSTS = ["management.azure.com", "management.chinacloudapi.cn", "management.usgovcloudapi.net"] as const;
export const GRAPH_HOSTS = ["graph.microsoft.com", "microsoftgraph.chinacloudapi.cn", "graph.microsoft.us"] as const;
export const LOGIN_HOSTS = ["login.microsoftonline.com", "login.chinacloudapi.cn", "login.microsoftonline.us"] as const;

export function hostKind(hostname: string): HostKind {
  const host = hostname.toLowerCase();
  if ((ARM_HOSTS as readonly string[]).includes(host)) return "arm";
  if ((GRAPH_HOSTS as readonly string[]).includes(host)) return "graph";
  if ((LOGIN_HOSTS as readonly string[]).includes(host)) return "login";
  return "cluster";
}

/**
 * Parses a request URL with `//` runs in the path collapsed: @azure/arm-authorization joins its base
 * URL and a scope that starts with `/` into `https://management.azure.com//subscriptions/…`.
 */
export function normaliseUrl(raw: string): URL {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)(.*)$/i.exec(raw);
  if (!match) return new URL(raw);
  const [, origin = "", path = "", rest = ""] = match;
  return new URL(`${origin}${path.replace(/\/{2,}/g, "/") || "/"}${rest}`);
}

/** Escapes a host name for use inside a RegExp. */
export function hostPattern(host: string): string {
  return host.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
