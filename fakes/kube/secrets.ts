/**
 * Secrets and ServiceAccounts as far as image pulls need them: `kubernetes.io/dockerconfigjson`
 * Secrets are validated like the API server does (their contents never quoted back), every
 * namespace has a `default` ServiceAccount, a new pod inherits its ServiceAccount's
 * imagePullSecrets, and the kubelet looks the pod's pull secrets up at each pull attempt (so a
 * Secret created after the pod lets the next retry succeed).
 */
import { clone, isRecord, type KubeObject } from "./objects.js";
import type { KubeStore } from "./store.js";

export const SECRETS = { plural: "secrets" } as const;
export const SERVICE_ACCOUNTS = { plural: "serviceaccounts" } as const;

const DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
const DOCKER_CONFIG_KEY = ".dockerconfigjson";

/** What a registry host accepts: the username and password a pull presents. */
export interface RegistryLogin {
  username: string;
  password: string;
}

/**
 * The validation error of a Secret, or undefined. The API server redacts a secret's contents in
 * its messages, and so does this.
 */
export function secretProblem(secret: KubeObject): string | undefined {
  const type = typeof secret["type"] === "string" ? secret["type"] : "Opaque";
  const data = isRecord(secret["data"]) ? secret["data"] : {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return `data[${key}]: Invalid value: "<secret contents redacted>": illegal base64 data`;
  }
  if (type !== DOCKER_CONFIG_JSON) return undefined;
  const encoded = data[DOCKER_CONFIG_KEY];
  if (typeof encoded !== "string") return `data[${DOCKER_CONFIG_KEY}]: Required value`;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
    if (!isRecord(parsed)) throw new Error("not an object");
  } catch {
    return `data[${DOCKER_CONFIG_KEY}]: Invalid value: "<secret contents redacted>": invalid character in the JSON`;
  }
  return undefined;
}

/** `stringData` is write-only: the API server folds it into `data` (base64) before storing. */
export function withStringDataFolded(secret: KubeObject): KubeObject {
  const stringData = isRecord(secret["stringData"]) ? secret["stringData"] : undefined;
  if (!stringData) return secret;
  const folded = clone(secret);
  delete folded["stringData"];
  const data = isRecord(folded["data"]) ? folded["data"] : {};
  for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(String(value), "utf8").toString("base64");
  folded["data"] = data;
  return folded;
}

/** Creates the namespace's `default` ServiceAccount, as the ServiceAccount controller does for every namespace. */
export function createDefaultServiceAccount(store: KubeStore, namespace: string): void {
  if (store.get(SERVICE_ACCOUNTS, namespace, "default")) return;
  store.put(SERVICE_ACCOUNTS, { apiVersion: "v1", kind: "ServiceAccount", metadata: store.newMeta("default", namespace) });
}

/** The ServiceAccount admission plugin: a pod without imagePullSecrets gets its ServiceAccount's. */
export function withServiceAccountPullSecrets(store: KubeStore, namespace: string, spec: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(spec["imagePullSecrets"]) && spec["imagePullSecrets"].length > 0) return spec;
  const accountName = typeof spec["serviceAccountName"] === "string" ? spec["serviceAccountName"] : "default";
  const inherited = store.get(SERVICE_ACCOUNTS, namespace, accountName)?.["imagePullSecrets"];
  return Array.isArray(inherited) && inherited.length > 0 ? { ...spec, imagePullSecrets: clone(inherited) } : spec;
}

/**
 * What the kubelet presents to `host` for a pod: the first of the pod's imagePullSecrets that
 * exists, is a dockerconfigjson Secret and has an entry for the host. Read at each pull attempt.
 */
export function registryLogin(store: KubeStore, namespace: string, imagePullSecrets: unknown, host: string): RegistryLogin | undefined {
  const names = Array.isArray(imagePullSecrets) ? imagePullSecrets.map((r: unknown) => (isRecord(r) ? r["name"] : undefined)) : [];
  for (const name of names) {
    if (typeof name !== "string") continue;
    const secret = store.get(SECRETS, namespace, name);
    const encoded = secret && secret["type"] === DOCKER_CONFIG_JSON && isRecord(secret["data"]) ? secret["data"][DOCKER_CONFIG_KEY] : undefined;
    if (typeof encoded !== "string") continue;
    const login = loginFor(encoded, host);
    if (login) return login;
  }
  return undefined;
}

function loginFor(encoded: string, host: string): RegistryLogin | undefined {
  let config: unknown;
  try {
    config = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
  const auths = isRecord(config) && isRecord(config["auths"]) ? config["auths"] : {};
  const wanted = host.toLowerCase();
  const entry = Object.entries(auths).find(([server]) => server.toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "") === wanted)?.[1];
  if (!isRecord(entry)) return undefined;
  if (typeof entry["username"] === "string" && typeof entry["password"] === "string") return { username: entry["username"], password: entry["password"] };
  if (typeof entry["auth"] !== "string") return undefined;
  const decoded = Buffer.from(entry["auth"], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
