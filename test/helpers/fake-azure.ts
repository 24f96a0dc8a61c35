import { setupServer, type SetupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { createFakeAzure, type FakeAzure } from "../../fakes/index.js";
import { createContext, type Context } from "../../src/context.js";
import { isAksAcrError, type AksAcrError } from "../../src/errors.js";
import type { ClientOptions } from "../../src/options.js";

/**
 * The test harnesses' common ground: a fake Azure served in-process by msw (unhandled requests
 * fail the test), a library context calling it, and the seeding most suites start from.
 */

export interface ServedAzure {
  /** The current test's fake (the file's one fake under `lifetime: "file"`). */
  readonly azure: FakeAzure;
  /** A library context calling the current fake as its default caller, made once per test. */
  readonly ctx: Context;
  readonly server: SetupServer;
}

export interface ServeOptions {
  /**
   * "test": a new `createFakeAzure()` for every test (read `azure` inside tests only).
   * "file": one fake for the file, reset before every test, so `azure` may be captured at module level.
   * @default "test"
   */
  lifetime?: "test" | "file";
  /** Seeds the fake before every test, after it is created or reset. */
  seed?: (azure: FakeAzure) => void;
  /** Runs every test on a fake clock (timers and Date; setImmediate stays real for in-process I/O). */
  fakeTimers?: boolean;
  /** Options of `ctx` beyond the fake's credential and subscription. */
  context?: Partial<ClientOptions>;
}

export function serveFakeAzure(options: ServeOptions = {}): ServedAzure {
  const { lifetime = "test", seed, fakeTimers = false, context } = options;
  let current = lifetime === "file" ? createFakeAzure() : undefined;
  let ctx: Context | undefined;
  const server = setupServer(...(current?.handlers ?? []));

  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    if (fakeTimers) vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    if (current && lifetime === "file") current.reset();
    else current = createFakeAzure();
    ctx = undefined;
    seed?.(current);
    if (lifetime === "test") server.resetHandlers(...current.handlers);
  });
  afterEach(() => {
    vi.useRealTimers();
    server.resetHandlers();
  });
  afterAll(() => server.close());

  return {
    get azure() {
      if (!current) throw new Error("the fake Azure exists only inside a test");
      return current;
    },
    get ctx() {
      ctx ??= fakeContext(this.azure, context);
      return ctx;
    },
    server,
  };
}

/** A library context calling `azure` as its default caller (or as `principal`). */
export function fakeContext(azure: FakeAzure, options: Partial<ClientOptions> & { principal?: string } = {}): Context {
  const { principal, ...rest } = options;
  return createContext({ credential: azure.credential(principal), subscriptionId: azure.subscriptionId, ...rest });
}

/** Resource group "rg" in westeurope, where most suites put their resources. */
export function seedResourceGroup(azure: FakeAzure): void {
  azure.seed.resourceGroup({ name: "rg", location: "westeurope" });
}

/** A managed-identity cluster "aks" and a registry (default "myacr" with nginx:v1) in resource group "rg". */
export function seedClusterAndRegistry(
  azure: FakeAzure,
  registry: Parameters<FakeAzure["seed"]["registry"]>[0] = { resourceGroup: "rg", name: "myacr" },
): { kubeletObjectId: string; registryId: string } {
  const cluster = azure.seed.cluster({ resourceGroup: "rg", name: "aks" }) as {
    properties: { identityProfile: { kubeletidentity: { objectId: string } } };
  };
  const created = azure.seed.registry({ images: ["nginx:v1"], ...registry }) as { id: string };
  return { kubeletObjectId: cluster.properties.identityProfile.kubeletidentity.objectId, registryId: created.id };
}

/** The AksAcrError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<AksAcrError> {
  try {
    await promise;
  } catch (error) {
    if (isAksAcrError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
