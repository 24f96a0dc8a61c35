import type { SetupServer } from "msw/node";
import type { FakeAzure, JournalEntry } from "../../fakes/index.js";
import { createClient, type AzureClient, type ClientOptions } from "../../src/index.js";
import { seedClusterAndRegistry, serveFakeAzure } from "../helpers/fake-azure.js";

export const CLUSTER = { resourceGroup: "rg", name: "aks" };

/** A fresh fake Azure per test (a cluster `aks` and registry `regone` in `rg`), served by msw, on a fake clock. */
export interface ReliabilityHarness {
  readonly azure: FakeAzure;
  readonly server: SetupServer;
  /** A client of the public API calling the fake as its default caller. */
  client(options?: Partial<ClientOptions>): AzureClient;
  /** The kubelet identity of `aks`. */
  readonly kubelet: string;
  readonly registryId: string;
}

export function useFaultyAzure(): ReliabilityHarness {
  const seeded = { kubelet: "", registryId: "" };
  const served = serveFakeAzure({
    fakeTimers: true,
    seed: (azure) => {
      const { kubeletObjectId, registryId } = seedClusterAndRegistry(azure, { resourceGroup: "rg", name: "regone", images: ["app:v1"] });
      seeded.kubelet = kubeletObjectId;
      seeded.registryId = registryId;
    },
  });
  return {
    get azure() {
      return served.azure;
    },
    server: served.server,
    client: (options = {}) => createClient({ credential: served.azure.credential(), subscriptionId: served.azure.subscriptionId, ...options }),
    get kubelet() {
      return seeded.kubelet;
    },
    get registryId() {
      return seeded.registryId;
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
