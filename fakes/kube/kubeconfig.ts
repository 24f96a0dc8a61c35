/**
 * The kubeconfig AKS hands out from listClusterUserCredential / listClusterAdminCredential, with
 * the same names as the real one (cluster and context `<cluster>`, user `clusterUser_<rg>_<cluster>`).
 * Its key material is fake but PEM-shaped, and marked so secret-leak tests can look for it.
 */
import { clusterPathPrefix } from "./server.js";
import type { KubeStore } from "./store.js";

/** Appears (base64-encoded inside the PEM) in every fake private key the fake hands out. */
export const FAKE_KEY_MARKER = "AKS-ACR-FAKE-PRIVATE-KEY";

export type CredentialKind = "clusterUser" | "clusterAdmin";

/** `origin` is the loopback URL under listen(); in-process the cluster's own FQDN is used. */
export function kubeconfigYaml(store: KubeStore, kind: CredentialKind, origin: string): string {
  const cluster = store.cluster;
  const loopback = isLoopbackOrigin(origin);
  const server = loopback ? `${origin}${clusterPathPrefix(cluster)}` : `https://${cluster.fqdn}:443`;
  const contextName = kind === "clusterAdmin" ? `${cluster.name}-admin` : cluster.name;
  const user = `${kind}_${cluster.resourceGroup}_${cluster.name}`;
  const token = kind === "clusterAdmin" ? store.tokens.admin : store.tokens.user;
  const trust = loopback ? "    insecure-skip-tls-verify: true" : `    certificate-authority-data: ${pem("CERTIFICATE", `aks-acr fake cluster CA for ${cluster.name}`)}`;
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    trust,
    `    server: ${server}`,
    `  name: ${cluster.name}`,
    "contexts:",
    "- context:",
    `    cluster: ${cluster.name}`,
    `    user: ${user}`,
    `  name: ${contextName}`,
    `current-context: ${contextName}`,
    "kind: Config",
    "preferences: {}",
    "users:",
    `- name: ${user}`,
    "  user:",
    `    client-certificate-data: ${pem("CERTIFICATE", `aks-acr fake client certificate for ${user}`)}`,
    `    client-key-data: ${pem("RSA PRIVATE KEY", `${FAKE_KEY_MARKER} for ${user} on ${cluster.id}`)}`,
    `    token: ${token}`,
    "",
  ].join("\n");
}

/** base64 of a PEM block whose body is base64 of `content`, as kubeconfigs embed certificates. */
function pem(label: string, content: string): string {
  const body = Buffer.from(content.padEnd(96, ".")).toString("base64").replace(/(.{64})/g, "$1\n").trim();
  return Buffer.from(`-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`).toString("base64");
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const host = new URL(origin).hostname;
    return host === "127.0.0.1" || host === "[::1]" || host === "localhost";
  } catch {
    return false;
  }
}
