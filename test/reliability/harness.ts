import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { createFakeAzure, type FakeAzure, type JournalEntry } from "../../fakes/index.js";
import { createClient, type AzureClient, type ClientOptions } from "../../src/index.js";

export const CLUSTER = { resourceGroup: "rg", name: "aks" };

/** A fresh fake Azure per test (a cluster `aks` and registry `acr1` in `rg`), served by msw, on a fake clock. */
export interface ReliabilityHarness {
  readonly azure: FakeAzure;
  readonly server: ReturnType<typeof setupServer>;
  /** A client of the public API calling the fake as its default caller. */
  client(options?: Partial<ClientOptions>): AzureClient;
  /** The kubelet identity of `aks`. */
  readonly kubelet: string;
  readonly registryId: string;
}

export function useFaultyAzure(): ReliabilityHarness {
  const server = setupServer();
  const state: { azure?: FakeAzure; kubelet?: string; registryId?: string } = {};
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    const azure = createFakeAzure();
    const cluster = azure.seed.cluster({ resourceGroup: "rg", name: "aks" }) as { properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
    const registry = azure.seed.registry({ resourceGroup: "rg", name: "regone", images: ["app:v1"] }) as { id: string };
    state.azure = azure;
    state.kubelet = cluster.properties.identityProfile.kubeletidentity.objectId;
    state.registryId = registry.id;
    server.resetHandlers(...azure.handlers);
  });
  afterEach(() => {
    vi.useRealTimers();
    server.resetHandlers();
  });
  afterAll(() => server.close());
  return {
    get azure() {
      return state.azure as FakeAzure;
    },
    server,
    client: (options = {}) => createClient({ credential: state.azure?.credential(), subscriptionId: state.azure?.subscriptionId, ...options }),
    get kubelet() {
      return state.kubelet as string;
    },
    get registryId() {
      return state.registryId as string;
    },
  };
}

/** Journal entries of one ARM operation, e.g. `RoleAssignments_Create`. */
export function calls(azure: FakeAzure, operation: string): JournalEntry[] {
  return azure.requests.filter((r) => r.operation === operation);
}

/** Lets in-process I/O run (setImmediate is not faked) until `condition` holds. */
export async function until(condition: () => boolean, rounds = 2000): Promise<void> {
  for (let i = 0; i < rounds && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error("condition not reached");
}
