import type { SetupServer } from "msw/node";
import { beforeAll, beforeEach, vi } from "vitest";
import type { FakeAzure } from "../../fakes/index.js";
import type { Context } from "../../src/context.js";
import type { AksAcrError } from "../../src/errors.js";
import { loadKubernetesClient } from "../../src/cluster/kube.js";
import { rejection as rejectionOf, seedResourceGroup, serveFakeAzure } from "../helpers/fake-azure.js";

/** A fresh fake Azure, served in-process by msw, and a library context pointed at it, for every test. */
export interface ClusterHarness {
  readonly azure: FakeAzure;
  readonly ctx: Context;
  readonly server: SetupServer;
  /** Every request the library sent (ARM and Kubernetes), as `METHOD pathname`. */
  readonly sent: string[];
}

export function useFakeAzure(): ClusterHarness {
  const sent: string[] = [];
  const served = serveFakeAzure({ fakeTimers: true, seed: seedResourceGroup });
  served.server.events.on("request:start", ({ request }) => {
    sent.push(`${request.method} ${new URL(request.url).pathname}`);
  });
  // The Kubernetes client loads lazily, in real time: load it before any test drives fake time, or
  // the first test of a file races its import on a busy machine while `drive` runs the clock ahead.
  beforeAll(() => loadKubernetesClient(), 60_000);
  beforeEach(() => {
    sent.length = 0;
  });
  return Object.assign(served, { sent });
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
export function rejection(work: Promise<unknown>): Promise<AksAcrError> {
  return rejectionOf(drive(work));
}

/** Requests sent whose `METHOD pathname` matches. */
export function sentMatching(h: ClusterHarness, pattern: RegExp): string[] {
  return h.sent.filter((line) => pattern.test(line));
}
