/**
 * `--endpoint URL` (or AKS_ACR_ENDPOINT): every request goes to a running `aks-acr fake serve`, so
 * commands run one after another against one world. ARM and Graph are the endpoint (a custom cloud);
 * the token comes from its managed-identity endpoint (`/msi/token`, `Metadata: true`), as az gets
 * one with MSI_ENDPOINT; a request for any other host is refused, so nothing leaks to the internet.
 */
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { createDefaultHttpClient, RestError, type HttpClient } from "@azure/core-rest-pipeline";
import { AzurePublicCloud, type Cloud } from "../cloud.js";
import { AksAcrError } from "../errors.js";

const SUBSCRIPTIONS_API = "2022-12-01";

/** Public Azure's names and audiences, with Resource Manager and Graph at the endpoint. */
export function endpointCloud(endpoint: string): Cloud {
  return { ...AzurePublicCloud, name: `aks-acr endpoint ${endpoint}`, resourceManager: endpoint, graph: endpoint };
}

/** Tokens from the endpoint's `/msi/token`, for the scope asked (e.g. `https://management.azure.com/.default`). */
export function endpointCredential(endpoint: string): TokenCredential {
  return {
    async getToken(scopes): Promise<AccessToken> {
      const scope = Array.isArray(scopes) ? (scopes[0] ?? "") : (scopes as string);
      const resource = scope.replace(/\/\.default$/, "/");
      const response = await reach(endpoint, `${endpoint}/msi/token?resource=${encodeURIComponent(resource)}`, { headers: { Metadata: "true" } });
      const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_on?: string };
      if (!response.ok || !body.access_token) {
        throw new AksAcrError("AuthenticationFailed", {
          operation: `get a token from ${endpoint}/msi/token`,
          reason: `it answered ${response.status} without a token`,
          fix: "Check that --endpoint is the URL `aks-acr fake serve` printed",
        });
      }
      return { token: body.access_token, expiresOnTimestamp: Number(body.expires_on ?? 0) * 1000 };
    },
  };
}

/** The endpoint's only subscription, for commands given no --subscription. */
export async function endpointSubscription(endpoint: string, credential: TokenCredential): Promise<string> {
  const token = await credential.getToken(`${AzurePublicCloud.resourceManager}/.default`);
  const headers = { authorization: `Bearer ${token?.token ?? ""}` };
  const ids: string[] = [];
  let next: string | undefined = `${endpoint}/subscriptions?api-version=${SUBSCRIPTIONS_API}`;
  let response: Response | undefined;
  // Pages are followed only until a second subscription shows that the choice is ambiguous.
  while (next && ids.length < 2) {
    response = await reach(endpoint, next, { headers });
    if (!response.ok) break;
    const page = (await response.json()) as { value?: { subscriptionId: string }[]; nextLink?: string | null };
    ids.push(...(page.value ?? []).map((s) => s.subscriptionId));
    next = page.nextLink ?? undefined;
  }
  const [only] = ids;
  if (ids.length === 1 && only) return only;
  throw new AksAcrError("InvalidInput", {
    operation: `pick the subscription at ${endpoint}`,
    reason: ids.length === 0 ? `it lists no subscription (status ${response?.status ?? "none"})` : `it holds several subscriptions: ${ids.join(", ")}, …`,
    fix: "Pass --subscription <id>",
  });
}

/** The default HTTP client, for the endpoint's origin only: any other host is refused before a byte is sent. */
export function endpointHttpClient(endpoint: string, inner: HttpClient = createDefaultHttpClient()): HttpClient {
  return {
    sendRequest(request) {
      if (new URL(request.url).origin === endpoint) return inner.sendRequest(request);
      return Promise.reject(new RestError(`aks-acr --endpoint ${endpoint} sends nothing to ${new URL(request.url).host}: only the endpoint is reached`, { code: "REQUEST_SEND_ERROR", request }));
    },
  };
}

async function reach(endpoint: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new AksAcrError("ServiceUnavailable", {
      operation: `reach ${endpoint}`,
      reason: `the connection failed (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message})`,
      fix: `Start the fake first (aks-acr fake serve) and pass the URL it prints as --endpoint, or unset AKS_ACR_ENDPOINT`,
    });
  }
}

/**
 * The kubeconfig of a cluster served by the endpoint, usable by @kubernetes/client-node: the fake
 * serves its API over plain HTTP on loopback, which the client refuses unless told to skip TLS
 * verification, a setting that has nothing to verify there.
 */
export function plainHttpKubeConfig<T extends { clusters: { server: string }[] }>(kubeConfig: T, endpoint: string, load: (clusters: T["clusters"]) => void): T {
  const clusters = kubeConfig.clusters.map((cluster) => (cluster.server.startsWith(`${endpoint}/`) && endpoint.startsWith("http:") ? { ...cluster, skipTLSVerify: true } : cluster));
  load(clusters);
  return kubeConfig;
}
