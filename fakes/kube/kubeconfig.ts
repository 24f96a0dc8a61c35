/**
 * The kubeconfig AKS hands out from listClusterUserCredential / listClusterAdminCredential, with
 * the same names as the real one (cluster and context `<cluster>`, user `clusterUser_<rg>_<cluster>`).
 * The credential is a bearer token only: a real, usable credential that kubectl, client-go and
 * @kubernetes/client-node all accept as is (AKS's local-account kubeconfigs carry a token too; the
 * fake leaves out the client certificate, which it would have no use for).
 */
import { clusterPathPrefix } from "./server.js";
import type { KubeStore } from "./store.js";

/**
 * A marker for fake private-key material: secret-leak tests add it to the secrets they look for
 * (the kubeconfigs themselves carry tokens that start with `fakekubetoken`).
 */
export const FAKE_KEY_MARKER = "AKS-ACR-FAKE-PRIVATE-KEY";

export type CredentialKind = "clusterUser" | "clusterAdmin";

/**
 * `origin` is the loopback URL under listen(); in-process the cluster's own FQDN is used. Served
 * over TLS, the kubeconfig trusts the CA of the serving certificate (`world.servingCa`), so kubectl
 * verifies the server as it does a real cluster's.
 */
export function kubeconfigYaml(store: KubeStore, kind: CredentialKind, origin: string): string {
  const cluster = store.cluster;
  const loopback = loopbackProtocol(origin);
  const server = loopback ? `${origin}${clusterPathPrefix(cluster)}` : `https://${cluster.fqdn}:443`;
  const contextName = kind === "clusterAdmin" ? `${cluster.name}-admin` : cluster.name;
  const user = `${kind}_${cluster.resourceGroup}_${cluster.name}`;
  const token = kind === "clusterAdmin" ? store.tokens.admin : store.tokens.user;
  const servingCa = store.world.servingCa;
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    ...(loopback === "https:" && servingCa ? [`    certificate-authority-data: ${Buffer.from(servingCa).toString("base64")}`] : []),
    ...(loopback === "https:" && !servingCa ? ["    insecure-skip-tls-verify: true"] : []),
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
    `    token: ${token}`,
    "",
  ].join("\n");
}

/** "http:" or "https:" when `origin` is a loopback URL (listen()), else undefined. */
function loopbackProtocol(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname) ? url.protocol : undefined;
  } catch {
    return undefined;
  }
}
