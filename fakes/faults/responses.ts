/** The answers fault rules give, in ARM's own words and shapes. */
import { armError } from "../http/respond.js";

const STATUS_ERRORS: Record<number, { code: string; message: string }> = {
  500: { code: "InternalServerError", message: "Encountered internal server error. Diagnostic information: timestamp '{time}', correlation id '{id}'." },
  502: { code: "BadGateway", message: "The gateway did not receive a response from 'Microsoft.{provider}' within the specified time period." },
  503: { code: "ServiceUnavailable", message: "The service is currently unavailable. Please try again later." },
  504: { code: "GatewayTimeout", message: "The gateway did not receive a response from 'Microsoft.{provider}' within the specified time period." },
};

/** ARM's 5xx answer: its error envelope, plus `Retry-After` on 503 as ARM's front door sends it. */
export function serverError(status: 500 | 502 | 503 | 504, url: URL, requestId: string, now: number): Response {
  const template = STATUS_ERRORS[status] ?? { code: "InternalServerError", message: "Internal server error." };
  const provider = /\/providers\/Microsoft\.([^/]+)/i.exec(url.pathname)?.[1] ?? "Resources";
  const message = template.message.replace("{time}", new Date(now).toISOString()).replace("{id}", requestId).replace("{provider}", provider);
  return armError(status, template.code, message, status === 503 ? { "Retry-After": "1" } : {});
}

/** ARM's 429: `ResourceRequestsThrottled` with `Retry-After`, as JSON or (as ARM sometimes sends) text/html. */
export function throttled(options: { retryAfterSeconds: number; html: boolean; subscriptionId: string; operation: string }): Response {
  const message = `Number of requests for subscription '${options.subscriptionId}' and operation '${options.operation}' exceeded the backend storage limit. Please try again after '${options.retryAfterSeconds}' seconds.`;
  const headers = { "Retry-After": String(options.retryAfterSeconds), "x-ms-ratelimit-remaining-subscription-writes": "0" };
  if (!options.html) return armError(429, "ResourceRequestsThrottled", message, headers);
  const page = `<!DOCTYPE html><html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1><p>${message}</p></body></html>`;
  return new Response(page, { status: 429, headers: { ...headers, "content-type": "text/html; charset=utf-8" } });
}

/** ARM's replication-delay answer to a role-assignment write, worded as recorded from Azure. */
export function principalNotFound(principalId: string, tenantId: string): Response {
  return armError(
    400,
    "PrincipalNotFound",
    `Principal ${principalId.replace(/-/g, "")} does not exist in the directory ${tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
  );
}

/**
 * The action a request needs, as ARM names it: the provider's resource type, then `read`, `write`,
 * `delete`, or `<name>/action` for a POST.
 */
export function actionOf(method: string, pathname: string): string {
  const at = pathname.toLowerCase().lastIndexOf("/providers/");
  const segments = at < 0 ? pathname.split("/").filter(Boolean) : pathname.slice(at + "/providers/".length).split("/").filter(Boolean);
  const [namespace = "Microsoft.Resources", ...rest] = at < 0 ? ["Microsoft.Resources", ...segments.filter((_, i) => i % 2 === 0)] : segments;
  const types = at < 0 ? rest : rest.filter((_, i) => i % 2 === 0);
  const verb = method.toUpperCase();
  if (verb === "POST") return `${namespace}/${types.join("/")}/action`;
  return `${namespace}/${types.join("/")}/${verb === "GET" || verb === "HEAD" ? "read" : verb === "DELETE" ? "delete" : "write"}`;
}

/** The ARM scope a request acts on: its path without the last `/{name}` of an action. */
export function scopeOf(pathname: string): string {
  return pathname.replace(/\/(importImage|listClusterUserCredential|listClusterAdminCredential)$/i, "");
}
