import type { ArmResponse } from "../arm/types.js";
import type { ResponseInfo } from "../errors.js";

/** The error facts of a response the caller accepted with `allowStatus` (404, 409, …), for an AksAcrError. */
export function responseInfo(response: ArmResponse, request: { method: string; url: string }): ResponseInfo {
  const error = armError(response.body);
  return {
    status: response.status,
    ...(error?.code !== undefined && { armCode: error.code }),
    ...(error?.message !== undefined && { armMessage: error.message }),
    ...(response.requestId !== undefined && { requestId: response.requestId }),
    request,
  };
}

/** ARM's `{error:{code, message}}`, when the body is one. */
export function armError(body: unknown): { code?: string; message?: string } | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return {
    ...(typeof code === "string" && { code }),
    ...(typeof message === "string" && { message }),
  };
}
