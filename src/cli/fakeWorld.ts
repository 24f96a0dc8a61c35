/**
 * The fake Azure behind `--fake`, `walkthrough` and `fake serve`. Loaded with `await import()` only
 * when asked for, so neither the library nor the ordinary CLI path ever loads the fake or msw.
 */
import type { ClientOptions } from "../options.js";

type FakesModule = typeof import("../../fakes/index.js");
export type FakeAzure = ReturnType<FakesModule["createFakeAzure"]>;

/** Fixed ids, so the demo world's resource ids are the same in every run and can be typed by hand. */
export const DEMO_TENANT_ID = "11111111-0000-4000-8000-000000000001";
export const DEMO_SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000001";

/** What `--fake` and `fake serve` seed: the names the help and the docs use. */
export const DEMO = { resourceGroup: "rg", cluster: "aks", registry: "myacr", image: "nginx:v1", location: "westeurope" } as const;

export async function createFake(): Promise<FakeAzure> {
  const { createFakeAzure } = await import("../../fakes/index.js");
  return createFakeAzure({ tenantId: DEMO_TENANT_ID, subscriptionId: DEMO_SUBSCRIPTION_ID });
}

/** Resource group `rg`, cluster `aks` (managed identity, not attached) and registry `myacr` holding `nginx:v1`. */
export function seedDemo(azure: FakeAzure): void {
  azure.seed.resourceGroup({ name: DEMO.resourceGroup, location: DEMO.location });
  azure.seed.cluster({ resourceGroup: DEMO.resourceGroup, name: DEMO.cluster, location: DEMO.location });
  azure.seed.registry({ resourceGroup: DEMO.resourceGroup, name: DEMO.registry, location: DEMO.location, images: [DEMO.image] });
}

/** A fake Azure answering this process's requests (ARM, token endpoint, cluster APIs) through msw. */
export interface InProcessFake {
  readonly azure: FakeAzure;
  /** Client options that call the fake as its default caller (Owner of the subscription). */
  readonly clientOptions: ClientOptions;
  close(): void;
}

export async function startInProcessFake(azure: FakeAzure): Promise<InProcessFake> {
  const { setupServer } = await import("msw/node");
  const server = setupServer(...azure.handlers);
  // A request the fake does not know must fail loudly, never reach the real Azure.
  server.listen({ onUnhandledRequest: "error" });
  return {
    azure,
    clientOptions: { credential: azure.credential(), subscriptionId: azure.subscriptionId },
    close: () => server.close(),
  };
}
