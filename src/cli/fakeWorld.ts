/**
 * The fake Azure behind `--fake`, `walkthrough` and `fake serve`. Loaded with `await import()` only
 * when asked for, so neither the library nor the ordinary CLI path ever loads the fake or msw.
 */
import { AksAcrError } from "../errors.js";
import type { ClientOptions } from "../options.js";

type FakesModule = typeof import("../../fakes/index.js");
export type FakeAzure = ReturnType<FakesModule["createFakeAzure"]>;

/** Fixed ids, so the demo world's resource ids are the same in every run and can be typed by hand. */
export const DEMO_TENANT_ID = "11111111-0000-4000-8000-000000000001";
export const DEMO_SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000001";

/** What `--fake` and `fake serve` seed: the names the help and the docs use. */
export const DEMO = { resourceGroup: "rg", cluster: "aks", registry: "myacr", image: "nginx:v1", location: "westeurope" } as const;

export async function createFake(): Promise<FakeAzure> {
  const { createFakeAzure } = await loadFakes();
  return createFakeAzure({ tenantId: DEMO_TENANT_ID, subscriptionId: DEMO_SUBSCRIPTION_ID });
}

/** `aks-acr/fakes`, which needs msw: an optional peer that an installed aks-acr may not have beside it. */
export async function loadFakes(): Promise<FakesModule> {
  try {
    return await import("../../fakes/index.js");
  } catch (error) {
    throw mswMissing(error) ?? error;
  }
}

/** The error to show when `error` says msw could not be found; undefined for any other error. */
export function mswMissing(error: unknown): AksAcrError | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const notFound = code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
  if (!notFound || typeof message !== "string" || !/['"]msw(\/[^'"]*)?['"]/.test(message)) return undefined;
  return new AksAcrError("InvalidInput", {
    operation: "start the fake Azure",
    reason: "the fake runs on msw, an optional peer of aks-acr that is not installed next to it",
    fix: "Install it beside aks-acr (npm install --save-dev msw@2 on Node.js 20; msw 3 needs Node.js 22.12), then run the command again",
    cause: error,
  });
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
  const { setupServer } = await import("msw/node").catch((error: unknown) => {
    throw mswMissing(error) ?? error;
  });
  const server = setupServer(...azure.handlers);
  // A request the fake does not know must fail loudly, never reach the real Azure.
  server.listen({ onUnhandledRequest: "error" });
  return {
    azure,
    clientOptions: { credential: azure.credential(), subscriptionId: azure.subscriptionId },
    close: () => server.close(),
  };
}
