import type { World } from "../world/world.js";
import { readToken } from "../token.js";
import type { Caller } from "./route.js";
import { armError } from "./respond.js";

/**
 * Reads the caller from the bearer token, as ARM and Graph do before anything else; answers 401 in
 * ARM's dialect when the token is missing, unreadable, expired or from another tenant than the
 * subscription the path names.
 */
export function authenticate(world: World, request: Request, pathname: string): Caller | Response {
  const header = request.headers.get("authorization") ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!bearer) {
    return unauthorized("InvalidAuthenticationToken", "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.");
  }
  const claims = readToken(bearer);
  if (!claims) return unauthorized("InvalidAuthenticationToken", "The access token is invalid.");
  if (claims.exp * 1000 <= world.now()) {
    return unauthorized("ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time.");
  }
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(pathname)?.[1];
  const subscription = subscriptionId ? world.subscriptions.get(subscriptionId.toLowerCase()) : undefined;
  if (subscription && subscription.tenantId.toLowerCase() !== claims.tid.toLowerCase()) {
    return unauthorized(
      "InvalidAuthenticationTokenTenant",
      `The access token is from the wrong issuer 'https://sts.windows.net/${claims.tid}/'. It must match the tenant 'https://sts.windows.net/${subscription.tenantId}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${subscription.tenantId}' to get the token.`,
    );
  }
  return { objectId: claims.oid, tenantId: claims.tid };
}

function unauthorized(code: string, message: string): Response {
  return armError(401, code, message, { "www-authenticate": `Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="${message}"` });
}
