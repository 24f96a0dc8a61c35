import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type { AzureLogger } from "@azure/logger";
import { redactUrl } from "./redact.js";

export const loggingPolicyName = "aksAcrLoggingPolicy";

/**
 * One line per HTTP attempt: method, redacted URL, status, `x-ms-request-id` and duration.
 * Headers and bodies are never logged: they carry tokens and secrets.
 */
export function loggingPolicy(logger: AzureLogger): PipelinePolicy {
  return {
    name: loggingPolicyName,
    async sendRequest(request, next) {
      const started = Date.now();
      const what = `${request.method} ${redactUrl(request.url)}`;
      try {
        const response = await next(request);
        const requestId = response.headers.get("x-ms-request-id") ?? "-";
        const line = `${what} ${response.status} x-ms-request-id=${requestId} ${Date.now() - started}ms`;
        if (response.status >= 400) logger.warning(line);
        else logger.info(line);
        return response;
      } catch (error) {
        const code = (error as { code?: string; name?: string }).code ?? (error as { name?: string }).name ?? "error";
        logger.warning(`${what} failed (${code}) ${Date.now() - started}ms`);
        throw error;
      }
    },
  };
}
