import type { TokenCredential } from "@azure/core-auth";
import type { HttpClient } from "@azure/core-rest-pipeline";
import type { AzureLogger } from "@azure/logger";
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

/** How the library retries requests that can succeed later (429, 5xx, dropped connections). */
export interface RetryOptions {
  /** Retries after the first attempt. @default 4 */
  maxRetries?: number;
  /** Delay when the server gives no Retry-After, doubled per retry. @default 1000 */
  baseDelayMs?: number;
  /** Longest single wait, whatever Retry-After says. @default 60000 */
  maxDelayMs?: number;
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
  retry?: RetryOptions;
  /** Transport to send requests with; tests and proxies inject one. @default core-rest-pipeline's default HTTP client */
  httpClient?: HttpClient;
  /** Extra user-agent prefix, e.g. "my-tool/1.2". The library always adds `aks-acr/<version>`. */
  userAgentPrefix?: string;
}

/** Options of each call. */
export interface CallOptions {
  /** Cancels the call; pending waits end at once with an `Aborted` error. */
  signal?: AbortSignal;
}

/** Options of calls that run long operations. */
export interface LongCallOptions extends CallOptions {
  /** Called as a long-running operation advances. */
  onProgress?: (event: ProgressEvent) => void;
}
