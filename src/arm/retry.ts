import type { PipelinePolicy, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { isRestError } from "@azure/core-rest-pipeline";
import type { AzureLogger } from "@azure/logger";
import type { RetryOptions } from "../options.js";
import { AksAcrError } from "../errors.js";
import { redactUrl } from "./redact.js";
import { sleep } from "./sleep.js";

export const retryPolicyName = "aksAcrRetryPolicy";

/** Statuses that can succeed if sent again later. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Node socket errors that mean the connection dropped, not that the request was wrong. */
const DROPPED_CONNECTION_CODES = new Set([
  "REQUEST_SEND_ERROR", "ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN",
]);

export const DEFAULT_RETRY: Required<RetryOptions> = { maxRetries: 4, retryDelayInMs: 1000, maxRetryDelayInMs: 60_000 };

/** Requests sent with `retry: false`; a WeakSet so the pipeline request itself stays untouched. */
const noRetry = new WeakSet<PipelineRequest>();
/** Requests sent with `retryDropped: false`. */
const noDropRetry = new WeakSet<PipelineRequest>();
/** How many times each request was sent, for error messages ("after 5 attempts"). */
const attempts = new WeakMap<PipelineRequest, number>();

/** Marks a request to be sent once, whatever it answers. */
export function disableRetry(request: PipelineRequest): void {
  noRetry.add(request);
}

/** Marks a request whose dropped connection is thrown at once, to be resolved by the caller. */
export function disableDroppedRetry(request: PipelineRequest): void {
  noDropRetry.add(request);
}

/** How many times the retry policy sent `request` (1 when it was not retried). */
export function attemptsOf(request: PipelineRequest): number {
  return attempts.get(request) ?? 1;
}

/** True for an error that means the connection failed before an answer came back. */
export function isDroppedConnection(error: unknown): boolean {
  if (!isRestError(error)) return false;
  return error.statusCode === undefined && DROPPED_CONNECTION_CODES.has(error.code ?? "REQUEST_SEND_ERROR");
}

/**
 * The wait the server asked for, in ms: `retry-after-ms` / `x-ms-retry-after-ms` (precise) first,
 * then `Retry-After` in seconds or as an HTTP date; `undefined` when none is usable.
 */
export function serverRetryDelayMs(headers: { get(name: string): string | undefined }, now = Date.now()): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = Number(headers.get(name));
    if (headers.get(name) !== undefined && Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
  // A negative or other bare number is no delay-seconds, and Date.parse would read it as a year.
  if (/^[-+]?\d+(\.\d+)?$/.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Retries 429, 5xx and dropped connections, waiting what the server asked for or, without a hint,
 * `retryDelayInMs` doubled per retry; every wait is capped by `maxRetryDelayInMs` and ends at once on abort.
 * After the budget the last response is returned (or the last error thrown) for the caller to map.
 */
export function retryPolicy(options: RetryOptions = {}, logger?: AzureLogger): PipelinePolicy {
  const { maxRetries, retryDelayInMs, maxRetryDelayInMs } = validRetryOptions({ ...DEFAULT_RETRY, ...definedOnly(options) });
  return {
    name: retryPolicyName,
    async sendRequest(request, next): Promise<PipelineResponse> {
      const budget = noRetry.has(request) ? 0 : maxRetries;
      for (let attempt = 1; ; attempt++) {
        attempts.set(request, attempt);
        let response: PipelineResponse | undefined;
        try {
          response = await next(request);
        } catch (error) {
          if (attempt > budget || !isDroppedConnection(error) || noDropRetry.has(request)) throw error;
        }
        if (response && (attempt > budget || !RETRYABLE_STATUSES.has(response.status))) return response;
        const hinted = response ? serverRetryDelayMs(response.headers) : undefined;
        const delay = Math.min(hinted ?? retryDelayInMs * 2 ** (attempt - 1), maxRetryDelayInMs);
        logger?.warning(
          `${request.method} ${redactUrl(request.url)} ${response ? `answered ${response.status}` : "lost its connection"}; retry ${attempt} of ${budget} in ${delay} ms`,
        );
        await sleep(delay, request.abortSignal);
      }
    },
  };
}

/** Checked when the client is made: a NaN or negative budget would silently mean "never retry" or "retry forever". */
function validRetryOptions(options: Required<RetryOptions>): Required<RetryOptions> {
  for (const [name, value] of Object.entries(options)) {
    const whole = name === "maxRetries";
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (whole && !Number.isInteger(value))) {
      throw new AksAcrError("InvalidInput", {
        operation: "create the ARM client",
        scope: `retryOptions.${name}`,
        reason: `retryOptions.${name} must be a ${whole ? "whole number" : "number of milliseconds"} ≥ 0, not ${JSON.stringify(value) ?? String(value)}`,
        fix: `Pass e.g. retryOptions: { maxRetries: ${DEFAULT_RETRY.maxRetries}, retryDelayInMs: ${DEFAULT_RETRY.retryDelayInMs}, maxRetryDelayInMs: ${DEFAULT_RETRY.maxRetryDelayInMs} }, or leave retryOptions out for these defaults`,
      });
    }
  }
  return options;
}

function definedOnly(options: RetryOptions): RetryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
