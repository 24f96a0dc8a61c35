import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { createFakeAzure, type FakeAzure } from "../../fakes/index.js";
import { createContext, type Context } from "../../src/context.js";
import { isAksAcrError, type AksAcrError } from "../../src/errors.js";

/** A fresh fake Azure, served in-process by msw, and a library context pointed at it, for every test. */
export interface ClusterHarness {
  readonly azure: FakeAzure;
  readonly ctx: Context;
  readonly server: ReturnType<typeof setupServer>;
  /** Every request the library sent (ARM and Kubernetes), as `METHOD pathname`. */
  readonly sent: string[];
}

export function useFakeAzure(): ClusterHarness {
  const server = setupServer();
  const state: { azure?: FakeAzure; ctx?: Context } = {};
  const sent: string[] = [];
  server.events.on("request:start", ({ request }) => {
    sent.push(`${request.method} ${new URL(request.url).pathname}`);
  });
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    const azure = createFakeAzure();
    state.azure = azure;
    state.ctx = createContext({ credential: azure.credential(), subscriptionId: azure.subscriptionId });
    server.resetHandlers(...azure.handlers);
    sent.length = 0;
    azure.seed.resourceGroup({ name: "rg", location: "westeurope" });
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
    get ctx() {
      return state.ctx as Context;
    },
    server,
    sent,
  };
}

/**
 * Moves the fake clock in steps until `work` settles, as time would pass for a real caller: ARM
 * polls, pull back-offs and the deploy wait all run on it. Never sleeps.
 */
export async function drive<T>(work: Promise<T>, options: { stepMs?: number; maxMs?: number } = {}): Promise<T> {
  const { stepMs = 250, maxMs = 900_000 } = options;
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  await vi.advanceTimersByTimeAsync(0);
  for (let elapsed = 0; !settled && elapsed < maxMs; elapsed += stepMs) {
    await vi.advanceTimersByTimeAsync(stepMs);
  }
  return work;
}

/** The AksAcrError `work` rejects with (driving the clock meanwhile); fails when it resolves. */
export async function rejection(work: Promise<unknown>): Promise<AksAcrError> {
  try {
    await drive(work);
  } catch (error) {
    if (isAksAcrError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Requests sent whose `METHOD pathname` matches. */
export function sentMatching(h: ClusterHarness, pattern: RegExp): string[] {
  return h.sent.filter((line) => pattern.test(line));
}
