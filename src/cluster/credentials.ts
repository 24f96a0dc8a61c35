import type { KubeConfig } from "@kubernetes/client-node";
import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { MANAGED_CLUSTERS_API } from "../resolve/api-versions.js";
import { loadKubernetesClient } from "./kube.js";
import { checkKubeconfigTarget, mergeIntoKubeconfigFile, renameContext, type RawKubeconfig } from "./kubeconfigFile.js";
import type { LocatedCluster } from "./summary.js";
import type { CredentialsOptions } from "./types.js";

interface CredentialResults {
  kubeconfigs?: { name?: string; value?: string }[];
}

/**
 * One POST (listClusterUserCredential or listClusterAdminCredential), decoded into a KubeConfig;
 * with `file`, merged into that kubeconfig file as `az aks get-credentials` does. The kubeconfig's
 * text holds a token or key, so no error quotes it.
 */
export async function getCredentials(ctx: Context, cluster: LocatedCluster, options: CredentialsOptions = {}): Promise<KubeConfig> {
  const admin = options.admin ?? false;
  const operation = `get ${admin ? "admin" : "user"} credentials of cluster ${cluster.name}`;
  validate(options, operation);
  if (options.file !== undefined) await checkKubeconfigTarget(options.file, operation);
  const response = await ctx.arm.send<CredentialResults>({
    method: "POST",
    path: `${cluster.id}/${admin ? "listClusterAdminCredential" : "listClusterUserCredential"}`,
    apiVersion: MANAGED_CLUSTERS_API,
    ...(options.format && !admin ? { query: { format: options.format } } : {}),
    operation,
    scope: cluster.id,
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  const encoded = response.body?.kubeconfigs?.[0]?.value;
  if (typeof encoded !== "string" || encoded === "") {
    throw unreadable(operation, cluster, "the answer held no kubeconfig");
  }
  const k8s = await loadKubernetesClient();
  let document: RawKubeconfig;
  try {
    document = k8s.loadYaml<RawKubeconfig>(Buffer.from(encoded, "base64").toString("utf8"));
  } catch {
    throw unreadable(operation, cluster, "the kubeconfig it returned is not YAML");
  }
  if (options.context !== undefined) document = renameContext(document, options.context);
  const kubeConfig = new k8s.KubeConfig();
  try {
    kubeConfig.loadFromString(k8s.dumpYaml(document));
  } catch {
    throw unreadable(operation, cluster, "the kubeconfig it returned lacks clusters, users or contexts");
  }
  // A kubeconfig without a usable current context loads fine, and would fail only at the first kube call.
  if (!kubeConfig.getCurrentCluster()?.server || !kubeConfig.getCurrentUser()) {
    throw unreadable(operation, cluster, "the kubeconfig it returned has no current context naming a cluster with a server and a user");
  }
  if (options.file !== undefined) {
    await mergeIntoKubeconfigFile(options.file, document, {
      overwrite: options.overwrite ?? false,
      yaml: { load: (text) => k8s.loadYaml(text), dump: (value) => k8s.dumpYaml(value) },
    });
  }
  return kubeConfig;
}

function validate(options: CredentialsOptions, operation: string): void {
  const problems: [boolean, string, string][] = [
    [options.file !== undefined && (typeof options.file !== "string" || options.file.trim() === ""), "file", "file is a path to a kubeconfig file"],
    [options.context !== undefined && !/^[^\s]{1,253}$/.test(options.context), "context", "a context name is 1–253 characters without spaces"],
    [options.format !== undefined && options.format !== "azure" && options.format !== "exec", "format", 'format is "azure" or "exec"'],
  ];
  for (const [bad, scope, reason] of problems) {
    if (bad) throw new AksAcrError("InvalidInput", { operation, scope, reason, fix: "Correct the option; nothing was sent" });
  }
}

function unreadable(operation: string, cluster: LocatedCluster, reason: string): AksAcrError {
  return new AksAcrError("UnexpectedResponse", {
    operation,
    scope: cluster.id,
    reason,
    fix: "Try again; if it persists, compare with az aks get-credentials",
  });
}
