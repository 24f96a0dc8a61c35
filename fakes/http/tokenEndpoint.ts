import { issueToken, TOKEN_LIFETIME_SECONDS } from "../token.js";
import { json } from "./respond.js";
import type { Route, RouteContext } from "./route.js";

/**
 * Entra ID's token endpoint, enough for `ClientSecretCredential` (and so for `EnvironmentCredential`
 * and an unmodified `DefaultAzureCredential`): a client-credentials grant for a seeded service
 * principal's client id. A principal seeded with a `secret` must send that secret; one seeded
 * without is signed in with any. (MSAL knows the public clouds' authority metadata itself, so it
 * asks for no instance discovery there.)
 */
function token(ctx: RouteContext): Response {
  const tenantId = ctx.params.tenant ?? "";
  const form = (ctx.body ?? {}) as Record<string, unknown>;
  const clientId = typeof form.client_id === "string" ? form.client_id.toLowerCase() : "";
  const principal = [...ctx.world.principals.values()].find(
    (p) => !p.deleted && p.clientId?.toLowerCase() === clientId && p.tenantId.toLowerCase() === tenantId.toLowerCase(),
  );
  if (!principal) {
    return json(400, {
      error: "unauthorized_client",
      error_description: `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`,
      error_codes: [700016],
    });
  }
  if (principal.secret !== undefined && form.client_secret !== principal.secret) {
    return json(401, {
      error: "invalid_client",
      error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${principal.clientId ?? clientId}'.`,
      error_codes: [7000215],
    });
  }
  const scope = typeof form.scope === "string" ? form.scope.split(" ")[0] ?? "" : "";
  const aud = scope.replace(/\/?\.default$/, "") || "https://management.azure.com";
  const issued = issueToken({ oid: principal.objectId, tid: principal.tenantId, appid: principal.clientId ?? clientId, aud }, ctx.world.now());
  return json(200, { token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token: issued.token });
}

/** The authority metadata MSAL reads before its first token request. */
function openidConfiguration(ctx: RouteContext): Response {
  const tenant = ctx.params.tenant ?? "";
  const base = `${ctx.origin}/${tenant}`;
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    issuer: `${base}/v2.0`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    tenant_region_scope: "WW",
  });
}

export const loginRoutes: Route[] = [
  { method: "POST", pattern: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/i, operation: "Login_Token", handle: token },
  { method: "GET", pattern: /^\/(?<tenant>[^/]+)\/v2\.0\/\.well-known\/openid-configuration$/i, operation: "Login_OpenIdConfiguration", handle: openidConfiguration },
];
