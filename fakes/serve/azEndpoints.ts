/**
 * The two endpoints the Azure CLI reads on loopback besides ARM: the cloud metadata of a custom
 * cloud, and the managed-identity (App Service style, `MSI_ENDPOINT`) token endpoint.
 */
import type { FakeAzure } from "../azure.js";
import { issueToken } from "../token.js";

/**
 * The cloud metadata az fetches for a custom cloud: the 2015-01-01 single-cloud shape, or the newer
 * array of clouds, both pointing Resource Manager at this server.
 */
export function cloudMetadata(origin: string, apiVersion: string | null): Response {
  const audiences = ["https://management.core.windows.net/", "https://management.azure.com/"];
  const legacy = {
    galleryEndpoint: `${origin}/`,
    graphEndpoint: "https://graph.windows.net/",
    portalEndpoint: "https://portal.azure.com/",
    authentication: { loginEndpoint: "https://login.microsoftonline.com/", audiences },
  };
  if (!apiVersion || apiVersion === "2015-01-01") return jsonResponse(200, legacy);
  return jsonResponse(200, [
    {
      name: "AzureCloud",
      resourceManager: `${origin}/`,
      portal: "https://portal.azure.com",
      gallery: `${origin}/`,
      microsoftGraphResourceId: "https://graph.microsoft.com/",
      authentication: { loginEndpoint: "https://login.microsoftonline.com", audiences, tenant: "common", identityProvider: "AAD" },
      suffixes: { acrLoginServer: "azurecr.io", keyVaultDns: "vault.azure.net", storage: "core.windows.net" },
    },
  ]);
}

/**
 * The managed-identity token endpoint az uses when MSI_ENDPOINT is set: `resource` from the form
 * (or query), header `Metadata: true`; the token names the default caller, or the principal given
 * by `object_id` / `client_id`.
 */
export async function msiToken(fake: Pick<FakeAzure, "world" | "tenantId" | "callerObjectId">, request: Request): Promise<Response> {
  if (request.headers.get("metadata")?.toLowerCase() !== "true") {
    return jsonResponse(400, { error: "invalid_request", error_description: "Required metadata header not specified" });
  }
  const params = new URLSearchParams(new URL(request.url).search);
  if (request.method === "POST") for (const [name, value] of new URLSearchParams(await request.text())) params.set(name, value);
  const resource = params.get("resource");
  if (!resource) return jsonResponse(400, { error: "invalid_request", error_description: "Required query variable 'resource' is missing" });
  const principal = [...fake.world.principals.values()].find((p) =>
    params.get("object_id") ? p.objectId === params.get("object_id") : params.get("client_id") ? p.clientId === params.get("client_id") : p.objectId === fake.callerObjectId,
  );
  if (!principal) return jsonResponse(400, { error: "invalid_request", error_description: "Identity not found" });
  const { token, expiresOnMs } = issueToken(
    { oid: principal.objectId, tid: principal.tenantId || fake.tenantId, aud: resource.replace(/\/$/, ""), ...(principal.clientId ? { appid: principal.clientId } : {}) },
    fake.world.now(),
  );
  return jsonResponse(200, {
    access_token: token,
    expires_on: String(Math.floor(expiresOnMs / 1000)),
    token_type: "Bearer",
    resource,
    client_id: principal.clientId ?? principal.objectId,
  });
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
