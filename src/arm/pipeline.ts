import type { Pipeline } from "@azure/core-rest-pipeline";
import { createPipelineFromOptions } from "@azure/core-rest-pipeline";
import { createClientLogger } from "@azure/logger";
import type { AzureLogger } from "@azure/logger";
import type { Cloud } from "../cloud.js";
import type { ClientOptions } from "../options.js";
import { VERSION } from "../version.js";
import { bearerPolicy, lazyDefaultCredential } from "./auth.js";
import { loggingPolicy } from "./logging.js";
import { pacingPolicy } from "./pacer.js";
import { DEFAULT_RETRY, retryPolicy } from "./retry.js";

/** The logger of all aks-acr output unless the caller passes one. */
export const defaultLogger: AzureLogger = createClientLogger("aks-acr");

/** The user agent prefix: the caller's, then `aks-acr/<version>` (core appends its own and Node's). */
export function userAgentPrefix(options: Pick<ClientOptions, "userAgentOptions">): string {
  return [options.userAgentOptions?.userAgentPrefix?.trim(), `aks-acr/${VERSION}`].filter(Boolean).join(" ");
}

/**
 * The one pipeline every request leaves through, made as the Azure SDK's clients make theirs:
 * core-rest-pipeline's `createPipelineFromOptions` (proxy from `proxyOptions` or HTTPS_PROXY /
 * HTTP_PROXY honouring NO_PROXY, user agent, client request id, tracing, same-origin redirects,
 * core's sanitised log), with core's retry replaced by the library's own (Retry-After, dropped
 * connections, abortable waits), the library's bearer token in the Sign phase, one log line per
 * attempt, and the caller's `additionalPolicies` where core-client puts them: "perCall" once per
 * operation before the retries, "perRetry" on every attempt after the token is set.
 */
export function createArmPipeline(options: ClientOptions, cloud: Cloud): Pipeline {
  const logger = options.logger ?? defaultLogger;
  const pipeline = createPipelineFromOptions({
    ...(options.proxyOptions !== undefined && { proxyOptions: options.proxyOptions }),
    // Core's own log (sanitised requests and responses) stays on core-rest-pipeline's logger, as in every Azure SDK client.
    userAgentOptions: { userAgentPrefix: userAgentPrefix(options) },
  });
  pipeline.removePolicy({ phase: "Retry" });
  pipeline.addPolicy(retryPolicy(options.retryOptions, logger), { phase: "Retry" });
  // Each attempt waits for ARM's rate limit, so a retry is paced like a first try.
  pipeline.addPolicy(pacingPolicy(new URL(cloud.resourceManager).host, options.pacingOptions, options.retryOptions?.maxRetryDelayInMs ?? DEFAULT_RETRY.maxRetryDelayInMs), {
    afterPhase: "Retry",
  });
  pipeline.addPolicy(bearerPolicy(options.credential ?? lazyDefaultCredential(cloud), cloud), { phase: "Sign" });
  for (const { policy, position } of options.additionalPolicies ?? []) {
    pipeline.addPolicy(policy, position === "perRetry" ? { afterPhase: "Sign" } : {});
  }
  pipeline.addPolicy(loggingPolicy(logger), { afterPhase: "Sign" });
  return pipeline;
}
