import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ProgressEvent } from "../../src/options.js";
import { createRegistryApi } from "../../src/registry/index.js";
import { journal, rejection, useFakeAzure } from "./harness.js";

const h = useFakeAzure();
const polls = (): number => journal(h.azure, "GET", /operation/i).length;

/** Lets pending promise chains (msw, the pipeline) run without moving the fake clock. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

/** Moves the clock in small steps until `done` holds, so the test never depends on how many microtasks a request takes. */
async function until(done: () => boolean, stepMs = 10, maxMs = 60_000): Promise<number> {
  let elapsed = 0;
  while (!done()) {
    if (elapsed >= maxMs) throw new Error("condition not reached");
    await vi.advanceTimersByTimeAsync(stepMs);
    elapsed += stepMs;
  }
  return elapsed;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  h.azure.seed.resourceGroup({ name: "rg" });
  h.azure.seed.registry({ resourceGroup: "rg", name: "myacr" });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("following an import", () => {
  it.each([0, 1, 3])("makes exactly N+1 polls when the operation answers in progress N times (N = %i)", async (n) => {
    h.azure.knobs.importPolls = n;
    const done = createRegistryApi(h.ctx, "myacr").import("nginx", { tags: ["nginx:v1"] });
    await until(() => h.azure.state.images("myacr").includes("nginx:v1"));
    await done;
    expect(polls()).toBe(n + 1);
  });

  it("waits Retry-After between polls, not less", async () => {
    h.azure.knobs.importPolls = 2;
    h.azure.knobs.retryAfterSeconds = 7;
    const done = createRegistryApi(h.ctx, "myacr").import("nginx", { tags: ["nginx:v1"] });
    await settle();
    expect(journal(h.azure, "POST", /importImage$/)).toHaveLength(1);
    expect(polls()).toBe(0);

    await vi.advanceTimersByTimeAsync(6_990);
    expect(polls()).toBe(0);
    await until(() => polls() === 1);
    await vi.advanceTimersByTimeAsync(6_900);
    expect(polls()).toBe(1);
    await until(() => polls() === 2);
    await until(() => polls() === 3);
    await done;
    expect(polls()).toBe(3);
  });

  it("reports progress in order: started, each poll, succeeded", async () => {
    h.azure.knobs.importPolls = 2;
    const events: ProgressEvent[] = [];
    const done = createRegistryApi(h.ctx, "myacr").import("nginx", { tags: ["nginx:v1"], onProgress: (e) => events.push(e) });
    await until(() => h.azure.state.images("myacr").includes("nginx:v1"));
    await done;

    expect(events.map((e) => e.stage)).toEqual(["started", "polling", "polling", "polling", "succeeded"]);
    expect(events.filter((e) => e.stage === "polling").map((e) => e.poll)).toEqual([1, 2, 3]);
    expect(events.filter((e) => e.stage === "polling").map((e) => e.status)).toEqual(["Accepted", "Accepted", "Succeeded"]);
    expect(events.every((e) => e.operation.includes("myacr"))).toBe(true);
    const elapsed = events.map((e) => e.elapsedMs);
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
  });

  it("stops polling at once when aborted mid-operation", async () => {
    h.azure.knobs.importPolls = 50;
    h.azure.knobs.retryAfterSeconds = 5;
    const controller = new AbortController();
    const done = createRegistryApi(h.ctx, "myacr").import("nginx", { tags: ["nginx:v1"], abortSignal: controller.signal });
    const failure = rejection(done);
    await until(() => polls() === 2);

    controller.abort();
    const error = await failure;
    expect(error.code).toBe("Aborted");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polls()).toBe(2);
    expect(h.azure.state.images("myacr")).not.toContain("nginx:v1");
  });
});
