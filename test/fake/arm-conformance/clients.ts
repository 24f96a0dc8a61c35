import type { Agent } from "node:https";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ContainerRegistryManagementClient } from "@azure/arm-containerregistry";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type { FakeAzure } from "../../../fakes/index.js";

/** How the official clients reach the fake: in-process through msw, or over `listen({ tls })`. */
export interface Transport {
  /** The fake's ARM origin over loopback; unset in-process (the clients' default host). */
  endpoint?: string;
  /** Trusts the fake's loopback CA, for this client only (verification stays on). */
  agent?: Agent;
}

/** One answer a client received, as the client saw it. */
export interface Captured {
  method: string;
  url: string;
  status: number;
  requestId: string | undefined;
  body: string | undefined;
}

/** Records every response (after retries' last attempt) and puts the transport's agent on every request. */
function transportPolicy(transport: Transport, captured: Captured[]): PipelinePolicy {
  return {
    name: "fakeTransport",
    async sendRequest(request, next) {
      if (transport.agent) request.agent = transport.agent;
      const response = await next(request);
      captured.push({ method: request.method, url: request.url, status: response.status, requestId: response.headers.get("x-ms-request-id"), body: response.bodyAsText ?? undefined });
      return response;
    },
  };
}

/** The five official management clients, all talking to `azure` over `transport`. */
export function officialClients(azure: FakeAzure, transport: Transport, captured: Captured[]) {
  const credential = azure.credential();
  const options = {
    ...(transport.endpoint ? { endpoint: transport.endpoint } : {}),
    additionalPolicies: [{ policy: transportPolicy(transport, captured), position: "perRetry" as const }],
  };
  return {
    aks: new ContainerServiceClient(credential, azure.subscriptionId, options),
    acr: new ContainerRegistryManagementClient(credential, azure.subscriptionId, options),
    authorization: new AuthorizationManagementClient(credential, azure.subscriptionId, options),
    msi: new ManagedServiceIdentityClient(credential, azure.subscriptionId, options),
    resources: new ResourceManagementClient(credential, azure.subscriptionId, options),
  };
}

export type OfficialClients = ReturnType<typeof officialClients>;

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
