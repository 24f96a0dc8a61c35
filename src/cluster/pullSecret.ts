/**
 * Image pull secrets, for registries outside Azure (an ACR is attached instead): what
 * `kubectl create secret docker-registry` does, made idempotent — create the
 * `kubernetes.io/dockerconfigjson` Secret, replace it when its login changed, leave it when it did
 * not — and optionally what `kubectl patch serviceaccount default` does to make every pod of the
 * namespace use it. The password goes into the Secret and nowhere else: not in a result, an error
 * or a log line.
 */
import type { CoreV1Api, KubeConfig, V1Secret, V1ServiceAccount } from "@kubernetes/client-node";
import { AksAcrError, isAksAcrError } from "../errors.js";
import type { CallOptions } from "../options.js";
import { abortable, loadKubernetesClient, toKubernetesError } from "./kube.js";
import type { LocatedCluster } from "./summary.js";

/** The Secret to create or replace. */
export interface PullSecretSpec {
  /** Name of the Secret (lowercase letters, digits, `-` and `.`), as pods name it in `imagePullSecrets`. */
  name: string;
  /** The registry host as images name it, e.g. "private.example.com" or "ghcr.io" (no scheme, no path). */
  server: string;
  /** The user name to log in with. */
  username: string;
  /** The password or access token. Stored in the Secret only; never returned, logged or quoted in an error. */
  password: string;
  /** @default "default" */
  namespace?: string;
  /** Also add the Secret to the namespace's `default` ServiceAccount, so pods that name no pull secret use it. @default false */
  addToDefaultServiceAccount?: boolean;
}

/** Options of `cluster(ref).pullSecret(...)`. */
export interface PullSecretOptions extends CallOptions {
  /** Use this KubeConfig instead of fetching credentials (one ARM request saved). @default credentials() */
  kubeConfig?: KubeConfig;
}

/** What `pullSecret()` did. Holds no password. */
export interface PullSecretResult {
  /** The Secret's name. */
  name: string;
  /** Its namespace. */
  namespace: string;
  /** The registry host it logs in to. */
  server: string;
  /** The user name it logs in with. */
  username: string;
  /** created: there was none; replaced: it held another login or type; unchanged: it already held this login. */
  secret: "created" | "replaced" | "unchanged";
  /** Set when `addToDefaultServiceAccount` was asked: whether the `default` ServiceAccount's imagePullSecrets gained it. */
  serviceAccount?: "added" | "unchanged";
  /** What happened, in one sentence. */
  summary: string;
}

type GetKubeConfig = (options: CallOptions) => Promise<KubeConfig>;

const DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
const SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOST = /^(?=.{1,253}(:\d{1,5})?$)[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*(:\d{1,5})?$/;
/** The ServiceAccount races with its controller (token updates); a fresh read settles it within a few tries. */
const UPDATE_ATTEMPTS = 3;

export async function pullSecret(cluster: LocatedCluster, spec: PullSecretSpec, options: PullSecretOptions, getKubeConfig: GetKubeConfig): Promise<PullSecretResult> {
  const namespace = spec.namespace ?? "default";
  const operation = `create image pull secret ${String(spec.name)} in cluster ${cluster.name}`;
  validate(spec, namespace, operation);
  const scope = `secret ${namespace}/${spec.name} in cluster ${cluster.name}`;
  const secrets = secretForms(spec);
  const signal = options.abortSignal;
  try {
    const kubeConfig = options.kubeConfig ?? (await getKubeConfig(signal ? { abortSignal: signal } : {}));
    const core = kubeConfig.makeApiClient((await loadKubernetesClient()).CoreV1Api);
    const context = { operation, scope, signal };
    const secret = await applySecret(core, desiredSecret(spec, namespace), context);
    const serviceAccount = spec.addToDefaultServiceAccount ? await addToDefaultServiceAccount(core, namespace, spec.name, context) : undefined;
    const where = `${namespace}/${spec.name}`;
    const account = serviceAccount === undefined ? "" : serviceAccount === "added" ? `; added it to ServiceAccount ${namespace}/default` : `; ServiceAccount ${namespace}/default already uses it`;
    return {
      name: spec.name,
      namespace,
      server: spec.server,
      username: spec.username,
      secret,
      ...(serviceAccount && { serviceAccount }),
      summary: `${secret === "unchanged" ? "Nothing changed: Secret" : `${secret === "created" ? "Created" : "Replaced"} Secret`} ${where} ${secret === "unchanged" ? "already logs in" : "logs in"} to ${spec.server} as ${spec.username}${account}.`,
    };
  } catch (error) {
    throw scrubbed(error, secrets, operation, scope);
  }
}

function validate(spec: PullSecretSpec, namespace: string, operation: string): void {
  const check = (ok: boolean, scope: string, reason: string, fix: string): void => {
    if (!ok) throw new AksAcrError("InvalidInput", { operation, scope, reason, fix });
  };
  check(typeof spec.name === "string" && SUBDOMAIN.test(spec.name), `name ${JSON.stringify(spec.name)}`, "a Secret name has lowercase letters, digits, '-' and '.', starting and ending alphanumeric", 'Pass e.g. name: "regcred"');
  check(LABEL.test(namespace), `namespace ${JSON.stringify(namespace)}`, "a namespace has 1–63 lowercase letters, digits and '-'", 'Pass e.g. namespace: "default"');
  check(typeof spec.server === "string" && HOST.test(spec.server), `server ${JSON.stringify(spec.server)}`, "the server is the registry host as images name it, without scheme or path", 'Pass e.g. server: "private.example.com"');
  check(typeof spec.username === "string" && spec.username.length > 0 && !spec.username.includes(":"), "username", "the user name is a non-empty string without ':'", "Pass the registry user name");
  // The password's value is never quoted, even when it is wrong.
  check(typeof spec.password === "string" && spec.password.length > 0, "password", "the password is a non-empty string", "Pass the registry password or token");
}

/** The `.dockerconfigjson` kubelet reads: `auths[server]` with the login and its `auth` (base64 of user:password). */
function desiredSecret(spec: PullSecretSpec, namespace: string): V1Secret {
  const auth = Buffer.from(`${spec.username}:${spec.password}`, "utf8").toString("base64");
  const config = { auths: { [spec.server]: { username: spec.username, password: spec.password, auth } } };
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: spec.name, namespace },
    type: DOCKER_CONFIG_JSON,
    data: { ".dockerconfigjson": Buffer.from(JSON.stringify(config), "utf8").toString("base64") },
  };
}

async function applySecret(core: CoreV1Api, desired: V1Secret, context: Context): Promise<PullSecretResult["secret"]> {
  const name = desired.metadata?.name ?? "";
  const namespace = desired.metadata?.namespace ?? "default";
  const existing = await readOrUndefined(abortable(core.readNamespacedSecret({ name, namespace }), context.signal, context.operation));
  if (!existing) {
    await abortable(core.createNamespacedSecret({ namespace, body: desired }), context.signal, context.operation);
    return "created";
  }
  const same = existing.type === desired.type && existing.data?.[".dockerconfigjson"] === desired.data?.[".dockerconfigjson"];
  if (same) return "unchanged";
  const resourceVersion = existing.metadata?.resourceVersion;
  const body = { ...desired, metadata: { ...desired.metadata, name, namespace, ...(resourceVersion ? { resourceVersion } : {}) } };
  await abortable(core.replaceNamespacedSecret({ name, namespace, body }), context.signal, context.operation);
  return "replaced";
}

async function addToDefaultServiceAccount(core: CoreV1Api, namespace: string, secretName: string, context: Context): Promise<"added" | "unchanged"> {
  for (let attempt = 1; ; attempt++) {
    const account: V1ServiceAccount = await abortable(core.readNamespacedServiceAccount({ name: "default", namespace }), context.signal, context.operation);
    const current = account.imagePullSecrets ?? [];
    if (current.some((ref) => ref.name === secretName)) return "unchanged";
    try {
      const body = { ...account, imagePullSecrets: [...current, { name: secretName }] };
      await abortable(core.replaceNamespacedServiceAccount({ name: "default", namespace, body }), context.signal, context.operation);
      return "added";
    } catch (error) {
      if (statusOf(error) !== 409 || attempt >= UPDATE_ATTEMPTS) throw error;
    }
  }
}

interface Context {
  operation: string;
  scope: string;
  signal: AbortSignal | undefined;
}

async function readOrUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** Every form the password takes on the wire: itself, URL-encoded, and JSON-escaped. */
function secretForms(spec: PullSecretSpec): string[] {
  if (typeof spec.password !== "string" || spec.password === "") return [];
  return [...new Set([spec.password, encodeURIComponent(spec.password), JSON.stringify(spec.password).slice(1, -1)])];
}

/** A run of base64 long enough to hide a login (the `auth` field, the `.dockerconfigjson`, a re-encoded body). */
const BASE64_RUN = /[A-Za-z0-9+/]{24,}={0,2}/g;

/**
 * The error as an AksAcrError whose every text has the password's forms and every long base64 run
 * replaced: the API server redacts secret contents itself, but a proxy or a webhook in between
 * might echo a body, and base64 cannot be searched for a password it encodes.
 */
function scrubbed(error: unknown, secrets: string[], operation: string, scope: string): AksAcrError {
  const known = isAksAcrError(error) ? error : toKubernetesError(error, operation, scope);
  const scrub = (text: string | undefined): string | undefined =>
    text === undefined ? undefined : secrets.reduce((t, s) => t.split(s).join("[REDACTED]"), text).replace(BASE64_RUN, "[REDACTED]");
  const response = known.response && {
    ...known.response,
    ...(known.response.armMessage !== undefined && { armMessage: scrub(known.response.armMessage) as string }),
  };
  return new AksAcrError(known.code, {
    operation: known.operation,
    ...(known.scope !== undefined && { scope: known.scope }),
    reason: scrub(known.reason) as string,
    ...(known.fix !== undefined && { fix: scrub(known.fix) as string }),
    ...(response && { response }),
    changed: known.changed.map((c) => scrub(c) as string),
  });
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}
