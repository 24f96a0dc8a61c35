/**
 * The "Image pull secret" check, for pulls that log in with a Secret instead of (or besides) the
 * kubelet identity's role: the named Secret exists in the namespace, is a
 * `kubernetes.io/dockerconfigjson` Secret, and holds a login for the registry's host. It reads the
 * Secret's `auths` keys and user name only; the password is never read out or reported.
 */
import type { KubeConfig, V1Secret } from "@kubernetes/client-node";
import { loadKubernetesClient, toKubernetesError } from "../cluster/kube.js";
import { integrationCall, type Subject } from "./fixes.js";
import { checkOf, type CheckResult } from "./report.js";

interface SecretInput {
  /** The Secret's name and namespace. */
  name: string;
  namespace: string;
  /** The host pulls go to, e.g. myacr.azurecr.io or private.example.com. */
  host: string;
  kubeConfig: KubeConfig;
  operation: string;
}

export async function pullSecretCheck(input: SecretInput, subject: Subject): Promise<CheckResult> {
  const base = checkOf("pullSecret");
  const where = `${input.namespace}/${input.name}`;
  const create = `${integrationCall(subject).replace(/^integration/, "cluster")}.pullSecret({ name: "${input.name}", namespace: "${input.namespace}", server: "${input.host}", username, password })`;
  let secret: V1Secret;
  try {
    const core = input.kubeConfig.makeApiClient((await loadKubernetesClient()).CoreV1Api);
    secret = await core.readNamespacedSecret({ name: input.name, namespace: input.namespace });
  } catch (error) {
    const known = toKubernetesError(error, input.operation, `secret ${where}`);
    if (known.status !== 404) throw known;
    return { ...base, status: "fail", finding: `Secret ${where} does not exist, so pods naming it in imagePullSecrets pull without a login (the kubelet warns and the registry answers 401).`, fix: `Create it: ${create}` };
  }
  if (secret.type !== "kubernetes.io/dockerconfigjson") {
    return { ...base, status: "fail", finding: `Secret ${where} is of type ${secret.type ?? "Opaque"}; the kubelet only reads kubernetes.io/dockerconfigjson (or dockercfg) Secrets for pulls.`, fix: `Replace it: ${create}` };
  }
  const users = loginsFor(secret, input.host);
  if (users === undefined) {
    return { ...base, status: "fail", finding: `Secret ${where} has no .dockerconfigjson the kubelet can read.`, fix: `Replace it: ${create}` };
  }
  if (users.length === 0) {
    return { ...base, status: "fail", finding: `Secret ${where} holds no login for ${input.host}, so pulls from it go without one.`, fix: `Replace it with a login for ${input.host}: ${create}` };
  }
  return { ...base, status: "pass", finding: `Secret ${where} holds a login for ${input.host} as ${users[0]}; pods that name it in imagePullSecrets present it.` };
}

/** The user names the Secret's `auths` hold for the host; undefined when the config cannot be read. */
function loginsFor(secret: V1Secret, host: string): string[] | undefined {
  const encoded = secret.data?.[".dockerconfigjson"];
  if (encoded === undefined) return undefined;
  let config: { auths?: Record<string, { username?: string; auth?: string }> };
  try {
    config = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as typeof config;
  } catch {
    return undefined;
  }
  const wanted = host.toLowerCase();
  return Object.entries(config.auths ?? {})
    .filter(([server]) => server.toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "") === wanted)
    .map(([, entry]) => entry.username ?? Buffer.from(entry.auth ?? "", "base64").toString("utf8").split(":")[0] ?? "");
}
