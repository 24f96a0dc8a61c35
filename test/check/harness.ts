import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createFakeAzure, type FakeAzure } from "../../fakes/index.js";
import { createContext, type Context } from "../../src/context.js";

/** One fake Azure per test file, served by msw; `fresh()` resets it and returns a context for the default caller. */
export function useFakeAzure(): { azure: FakeAzure; fresh(): Context } {
  const azure = createFakeAzure();
  const server = setupServer(...azure.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    azure.reset();
  });
  afterAll(() => server.close());
  return {
    azure,
    fresh: () => createContext({ credential: azure.credential(), subscriptionId: azure.subscriptionId, retry: { maxRetries: 0 } }),
  };
}

/** A managed-identity cluster "aks" and a registry "myacr" (nginx:v1) in resource group "rg"; returns the kubelet identity's object id. */
export function seedClusterAndRegistry(azure: FakeAzure, registry: Parameters<FakeAzure["seed"]["registry"]>[0] = { resourceGroup: "rg", name: "myacr" }): {
  kubeletObjectId: string;
  registryId: string;
} {
  const cluster = azure.seed.cluster({ resourceGroup: "rg", name: "aks" }) as {
    properties: { identityProfile: { kubeletidentity: { objectId: string } } };
  };
  const created = azure.seed.registry({ images: ["nginx:v1"], ...registry }) as { id: string };
  return { kubeletObjectId: cluster.properties.identityProfile.kubeletidentity.objectId, registryId: created.id };
}
