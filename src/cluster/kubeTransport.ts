import type { Configuration, KubeConfig, RequestContext, ResponseContext } from "@kubernetes/client-node";
import { DEFAULT_RETRY, RETRYABLE_STATUSES, serverRetryDelayMs } from "../arm/retry.js";
import { redactText } from "../arm/redact.js";
import { sleep } from "../arm/sleep.js";
import { AksAcrError } from "../errors.js";
import type { RetryOptions } from "../options.js";
import type { KubernetesClient } from "./kube.js";

/** What a Kubernetes API client made by {@link makeKubeClient} retries with. */
export interface KubeTransportOptions {
  /** The client's retry budget, as for ARM. @default { maxRetries: 4, retryDelayInMs: 1000, maxRetryDelayInMs: 60000 } */
  retryOptions?: RetryOptions;
  /** Ends a wait between retries at once. */
  abortSignal?: AbortSignal;
}

/**
 * An API client of `kubeConfig`'s current cluster (as `kubeConfig.makeApiClient` makes one) whose
 * requests are retried the way ARM's are: 429 and 5xx after `Retry-After` or a doubling back-off,
 * and dropped connections, for requests that can be sent twice safely. Error bodies reach the
 * client with the bearer token and other secrets redacted, so no error made from them can leak one.
 */
export function makeKubeClient<T>(
  k8s: KubernetesClient,
  kubeConfig: KubeConfig,
  apiClientType: new (configuration: Configuration) => T,
  options: KubeTransportOptions = {},
): T {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) {
    throw new AksAcrError("InvalidInput", {
      operation: "talk to the cluster's API server",
      reason: "the kubeconfig has no current context with a cluster",
      fix: "Pass a KubeConfig from credentials(), or set its current context",
    });
  }
  const inner = new k8s.IsomorphicFetchHttpLibrary();
  const retry = { ...DEFAULT_RETRY, ...definedOnly(options.retryOptions ?? {}) };
  const send = async (request: RequestContext): Promise<ResponseContext> => {
    const budget = canResend(request) ? retry.maxRetries : 0;
    for (let attempt = 1; ; attempt++) {
      let response: ResponseContext | undefined;
      try {
        response = await inner.send(request).toPromise();
      } catch (error) {
        if (attempt > budget || isAbort(error)) throw error;
      }
      if (response && (attempt > budget || !RETRYABLE_STATUSES.has(response.httpStatusCode))) return redacted(k8s, request, response);
      const headers = response?.headers ?? {};
      const hinted = serverRetryDelayMs({ get: (name) => headers[name] ?? headers[name.toLowerCase()] });
      await sleep(Math.min(hinted ?? retry.retryDelayInMs * 2 ** (attempt - 1), retry.maxRetryDelayInMs), options.abortSignal);
    }
  };
  const configuration = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
    httpApi: k8s.wrapHttpLibrary({ send }),
  });
  return new apiClientType(configuration);
}

/**
 * Whether sending the request again cannot do twice what once would: reads, replaces and deletes
 * are idempotent, and so is a create of a named object (a second one answers 409 AlreadyExists);
 * a create with `generateName`, or a patch, is not.
 */
function canResend(request: RequestContext): boolean {
  const method = request.getHttpMethod().toString().toUpperCase();
  if (["GET", "HEAD", "PUT", "DELETE"].includes(method)) return true;
  if (method !== "POST") return false;
  const body = request.getBody();
  if (typeof body !== "string") return false;
  try {
    const name = (JSON.parse(body) as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    return typeof name === "string" && name !== "";
  } catch {
    return false;
  }
}

function isAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "AbortError";
}

/** An error answer with the request's own bearer token (and any other secret the patterns know) replaced. */
async function redacted(k8s: KubernetesClient, request: RequestContext, response: ResponseContext): Promise<ResponseContext> {
  if (response.httpStatusCode < 400) return response;
  const authorization = Object.entries(request.getHeaders()).find(([name]) => name.toLowerCase() === "authorization")?.[1] ?? "";
  const token = /^\s*\S+\s+(\S+)/.exec(authorization)?.[1];
  const text = await response.body.text();
  const clean = redactText(token ? text.split(token).join("REDACTED") : text);
  return new k8s.ResponseContext(response.httpStatusCode, response.headers, {
    text: () => Promise.resolve(clean),
    binary: () => Promise.resolve(Buffer.from(clean)),
  });
}

function definedOnly(options: RetryOptions): RetryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
