import type { Pipeline } from "@azure/core-rest-pipeline";
import { createEmptyPipeline, setClientRequestIdPolicy, userAgentPolicy } from "@azure/core-rest-pipeline";
import { createClientLogger } from "@azure/logger";
import type { AzureLogger } from "@azure/logger";
import type { Cloud } from "../cloud.js";
import type { ClientOptions } from "../options.js";
import { VERSION } from "../version.js";
import { bearerPolicy, lazyDefaultCredential } from "./auth.js";
import { loggingPolicy } from "./logging.js";
import { retryPolicy } from "./retry.js";

/** The logger of all aks-acr output unless the caller passes one. */
export const defaultLogger: AzureLogger = createClientLogger("aks-acr");

/** The user agent prefix: the caller's, then `aks-acr/<version>` (core appends its own and Node's). */
export function userAgentPrefix(options: Pick<ClientOptions, "userAgentPrefix">): string {
  return [options.userAgentPrefix?.trim(), `aks-acr/${VERSION}`].filter(Boolean).join(" ");
}

/**
 * The one pipeline every request leaves through, in order: user agent, client request id, retry
 * (so each attempt gets a fresh token and its own log line), bearer token, logging.
 */
export function createArmPipeline(options: ClientOptions, cloud: Cloud): Pipeline {
  const logger = options.logger ?? defaultLogger;
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: userAgentPrefix(options) }));
  pipeline.addPolicy(setClientRequestIdPolicy());
  pipeline.addPolicy(retryPolicy(options.retry, logger));
  pipeline.addPolicy(bearerPolicy(options.credential ?? lazyDefaultCredential(cloud), cloud));
  pipeline.addPolicy(loggingPolicy(logger));
  return pipeline;
}
