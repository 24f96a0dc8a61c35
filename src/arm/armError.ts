import { isRestError } from "@azure/core-rest-pipeline";
import type { ErrorCode, ResponseInfo } from "../errors.js";
import { AksAcrError, isAksAcrError } from "../errors.js";
import { TokenAcquisitionError } from "./auth.js";
import { redactText, redactUrl } from "./redact.js";
import { isDroppedConnection } from "./retry.js";

/** What the caller was doing, for the error's sentence. */
export interface RequestContext {
  operation: string;
  scope?: string;
}

/** A response ARM answered with a status the caller did not accept. */
export interface FailedResponse {
  status: number;
  /** Parsed JSON body, or the raw text when it was not JSON (e.g. a text/html 429). */
  body: unknown;
  requestId?: string;
  method: string;
  url: string;
  /** Times the request was sent, retries included. @default 1 */
  attempts?: number;
}

/** ARM's `{ error: { code, message, details } }`, also when nested as `{ code, message }` at top level. */
export interface ArmErrorBody {
  code?: string;
  message?: string;
  details?: unknown[];
}

/** Reads ARM's error object out of a body of any shape; `{}` when there is none. */
export function readArmError(body: unknown): ArmErrorBody {
  if (typeof body !== "object" || body === null) return {};
  const record = body as Record<string, unknown>;
  const error = (typeof record["error"] === "object" && record["error"] !== null ? record["error"] : record) as Record<string, unknown>;
  const code = typeof error["code"] === "string" ? error["code"] : undefined;
  const message = typeof error["message"] === "string" ? redactText(error["message"]) : undefined;
  const details = Array.isArray(error["details"]) ? error["details"] : undefined;
  return { ...(code !== undefined && { code }), ...(message !== undefined && { message }), ...(details && { details }) };
}

/** ARM codes that say more than their status does (a 400 about a missing group is a NotFound). */
const CODE_BY_ARM_CODE: Readonly<Record<string, ErrorCode>> = {
  ResourceGroupNotFound: "NotFound",
  SubscriptionNotFound: "NotFound",
  ResourceNotFound: "NotFound",
  InvalidAuthenticationToken: "AuthenticationFailed",
  ExpiredAuthenticationToken: "AuthenticationFailed",
  AuthorizationFailed: "PermissionDenied",
  LinkedAuthorizationFailed: "PermissionDenied",
};

function codeFor(status: number, armCode: string | undefined): ErrorCode {
  const byArmCode = armCode !== undefined && Object.hasOwn(CODE_BY_ARM_CODE, armCode) ? CODE_BY_ARM_CODE[armCode] : undefined;
  if (byArmCode && status < 500 && status !== 429) return byArmCode;
  if (status === 401) return "AuthenticationFailed";
  if (status === 403) return "PermissionDenied";
  if (status === 404) return "NotFound";
  if (status === 409) return "Conflict";
  if (status === 429) return "Throttled";
  if (status >= 500) return "ServiceUnavailable";
  return "RequestFailed";
}

const FIXES: Partial<Record<ErrorCode, string>> = {
  AuthenticationFailed: "Sign in again (az login) or check the credential's tenant, client id and secret",
  PermissionDenied: "Ask an Owner or User Access Administrator of the scope to grant you the missing permission, or run this as someone who has it",
  NotFound: "Check the name, resource group and subscription",
  Throttled: "Wait a few minutes and try again, or raise retryOptions.maxRetries",
  ServiceUnavailable: "Azure had a transient problem; try again later (see https://azure.status.microsoft)",
};

function describeBody(status: number, body: unknown, arm: ArmErrorBody): string {
  if (arm.code || arm.message) return `${arm.code ?? "error"}: ${arm.message ?? "no message"}`;
  if (typeof body === "string" && body.trim() !== "") {
    const text = redactText(body.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim()).slice(0, 200);
    return text === "" ? `status ${status}` : text;
  }
  return `status ${status} with no error body`;
}

/** Maps a response ARM answered with an unaccepted status to an `AksAcrError` (never holding a token). */
export function toAksAcrError(failed: FailedResponse, context: RequestContext): AksAcrError {
  const arm = readArmError(failed.body);
  const code = codeFor(failed.status, arm.code);
  const attempts = failed.attempts ?? 1;
  const what = describeBody(failed.status, failed.body, arm);
  const after = attempts > 1 ? ` after ${attempts} attempts` : "";
  const reason =
    code === "Throttled"
      ? `ARM kept answering 429 (too many requests)${after}: ${what}`
      : code === "ServiceUnavailable"
        ? `ARM answered ${failed.status}${after}: ${what}`
        : code === "PermissionDenied"
          ? `ARM denied the request (403): "${arm.message ?? what}"`
          : `ARM answered ${failed.status} (${what})`;
  const response: ResponseInfo = {
    status: failed.status,
    ...(arm.code !== undefined && { armCode: arm.code }),
    ...(arm.message !== undefined && { armMessage: arm.message }),
    ...(failed.requestId !== undefined && { requestId: failed.requestId }),
    request: { method: failed.method, url: redactUrl(failed.url) },
  };
  return new AksAcrError(code, {
    operation: context.operation,
    ...(context.scope !== undefined && { scope: context.scope }),
    reason,
    ...(FIXES[code] !== undefined && { fix: FIXES[code] }),
    response,
    details: { attempts, ...(arm.details && { armDetails: arm.details }) },
  });
}

/** What was being sent when something other than an answer came back. */
export interface ThrownContext extends RequestContext {
  method: string;
  url: string;
  attempts?: number;
}

/** Maps an error thrown while sending (abort, token failure, dropped connection) to an `AksAcrError`. */
export function fromThrown(error: unknown, context: ThrownContext): AksAcrError {
  if (isAksAcrError(error)) return error;
  const base = {
    operation: context.operation,
    ...(context.scope !== undefined && { scope: context.scope }),
    cause: error,
  };
  const name = (error as { name?: string } | null)?.name;
  if (name === "AbortError") {
    return new AksAcrError("Aborted", { ...base, reason: "the caller's AbortSignal fired", fix: "Nothing to do if the abort was intended" });
  }
  if (error instanceof TokenAcquisitionError) {
    const cause = (error.cause as { message?: string } | undefined)?.message;
    return new AksAcrError("AuthenticationFailed", {
      ...base,
      reason: `the credential could not get a token for ${error.scope}${cause ? `: ${redactText(cause)}` : ""}`,
      fix: "Sign in (az login), or pass a credential that can get tokens for this cloud",
    });
  }
  const request = { method: context.method, url: redactUrl(context.url) };
  const attempts = context.attempts ?? 1;
  const message = redactText(error instanceof Error ? error.message : String(error));
  if (isDroppedConnection(error)) {
    const code = isRestError(error) ? error.code : undefined;
    return new AksAcrError("ServiceUnavailable", {
      ...base,
      reason: `the connection failed (${code ?? "network error"}: ${message})${attempts > 1 ? ` after ${attempts} attempts` : ""}`,
      fix: "Check the network and proxy settings, then try again",
      details: { attempts, request },
    });
  }
  return new AksAcrError("RequestFailed", { ...base, reason: `the request could not be sent: ${message}`, details: { request } });
}
