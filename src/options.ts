import type { TokenCredential } from "@azure/core-auth";
import type { HttpClient, PipelinePolicy, PipelineRetryOptions, ProxySettings, UserAgentPolicyOptions } from "@azure/core-rest-pipeline";
import type { OperationTracingOptions } from "@azure/core-tracing";
import type { AzureLogger } from "@azure/logger";
import type { PacingOptions } from "./arm/pacer.js";
import type { Cloud, CloudName } from "./cloud.js";

/** Progress of a long-running operation, reported through `onProgress`. */
export interface ProgressEvent {
  /** What is running: "create registry myacr", "import nginx:v1", "wait for pods". */
  operation: string;
  /** Where it is: "started", "polling", "succeeded", … */
  stage: string;
  /** ARM's status of the operation, when polling one ("InProgress", "Accepted"). */
  status?: string;
  /** Polls so far. */
  poll?: number;
  /** Milliseconds since the operation started. */
  elapsedMs: number;
}

/**
 * How the library retries requests that can succeed later (429, 5xx, dropped connections); the
 * Azure SDK's `PipelineRetryOptions`, with the library's own defaults.
 */
export interface RetryOptions extends PipelineRetryOptions {
  /** Retries after the first attempt. @default 4 */
  maxRetries?: number;
  /** Delay when the server gives no Retry-After, doubled per retry. @default 1000 */
  retryDelayInMs?: number;
  /** Longest single wait, whatever Retry-After says. @default 60000 */
  maxRetryDelayInMs?: number;
}

/** A policy to add to the pipeline, as the Azure SDK's clients take it (`CommonClientOptions.additionalPolicies`). */
export interface AdditionalPolicyConfig {
  /** The policy. */
  policy: PipelinePolicy;
  /** `"perCall"`: once per operation, before retries; `"perRetry"`: on every attempt, after the token is set. */
  position: "perCall" | "perRetry";
}

/** Options every entry point (`integration`, `registry`, `cluster`, `createClient`) accepts. */
export interface ClientOptions {
  /** Who calls Azure. @default a lazily loaded `DefaultAzureCredential` from `@azure/identity` */
  credential?: TokenCredential;
  /** Subscription of references that do not name one. @default process.env.AZURE_SUBSCRIPTION_ID */
  subscriptionId?: string;
  /** Which Azure cloud: a name or custom endpoints. @default "AzurePublicCloud" */
  cloud?: CloudName | Cloud;
  /** Where to log (through `@azure/logger`; tokens and secrets are redacted). @default the "aks-acr" azure logger */
  logger?: AzureLogger;
  /** Retry policy for 429, 5xx and dropped connections. */
  retryOptions?: RetryOptions;
  /** Transport to send requests with; tests and proxies inject one. @default core-rest-pipeline's default HTTP client */
  httpClient?: HttpClient;
  /** User agent: `userAgentPrefix` (e.g. "my-tool/1.2") goes before `aks-acr/<version>`, which is always sent. */
  userAgentOptions?: UserAgentPolicyOptions;
  /** Proxy for every request. @default from HTTPS_PROXY / HTTP_PROXY, honouring NO_PROXY, as the Azure SDK does */
  proxyOptions?: ProxySettings;
  /** Policies to add to the pipeline, per call or per retry. @default [] */
  additionalPolicies?: AdditionalPolicyConfig[];
  /** How requests are paced to ARM's rate limits and bounded in flight. @default ARM's limits, 32 requests in flight */
  pacingOptions?: PacingOptions;
}

/** Options of each call. */
export interface CallOptions {
  /** Cancels the call; pending waits end at once with an `Aborted` error. */
  abortSignal?: AbortSignal;
  /** Tracing context the call's spans are children of (`@azure/core-tracing`), as in the Azure SDK. */
  tracingOptions?: OperationTracingOptions;
}

/** Options of calls that run long operations. */
export interface LongCallOptions extends CallOptions {
  /** Called as a long-running operation advances. */
  onProgress?: (event: ProgressEvent) => void;
  /** Longest wait between polls of an ARM long-running operation when ARM sends no `Retry-After` (or 0): waits start at 100 ms and double up to it; at least 100. @default 2000 */
  updateIntervalInMs?: number;
  /** How long an ARM long-running operation is followed before the call fails with `Timeout` (the operation may go on in Azure). @default 3600000 */
  operationTimeoutInMs?: number;
}
