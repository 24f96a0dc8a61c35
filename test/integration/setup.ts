import type { SetupServer } from "msw/node";
import { beforeEach } from "vitest";
import type { FakeAzure } from "../../fakes/index.js";
import type { Context } from "../../src/context.js";
import { fakeContext, serveFakeAzure } from "../helpers/fake-azure.js";

/** One request's life as msw saw it: when it started and when its answer came, in event order. */
export interface Flight {
  method: string;
  url: string;
  start: number;
  end: number;
  /** `Date.now()` at the start (the fake clock under fake timers). */
  at: number;
}

/**
 * A fake Azure served through msw for one test file, a context calling it as its default caller,
 * and the requests' flights so tests can count sequential round trips.
 */
export function useFakeAzure(): {
  azure: FakeAzure;
  server: SetupServer;
  context: (options?: { credential?: string; retry?: false }) => Context;
  flights: Flight[];
} {
  const { azure, server } = serveFakeAzure({ lifetime: "file" });
  const flights: Flight[] = [];
  let tick = 0;
  const open = new Map<string, Flight>();
  server.events.on("request:start", ({ request, requestId }) => {
    const flight = { method: request.method, url: request.url, start: tick++, end: Number.POSITIVE_INFINITY, at: Date.now() };
    open.set(requestId, flight);
    flights.push(flight);
  });
  server.events.on("response:mocked", ({ requestId }) => {
    const flight = open.get(requestId);
    if (flight) flight.end = tick++;
  });
  beforeEach(() => flights.splice(0));

  return {
    azure,
    server,
    flights,
    context: (options = {}) =>
      fakeContext(azure, {
        ...(options.credential !== undefined && { principal: options.credential }),
        ...(options.retry === false && { retryOptions: { maxRetries: 0 } }),
      }),
  };
}

/**
 * Sequential round trips on the critical path: a request is one round after the latest request
 * that had already answered when it started.
 */
export function roundTrips(flights: Flight[]): number {
  const level = new Map<Flight, number>();
  for (const flight of [...flights].sort((a, b) => a.start - b.start)) {
    const before = flights.filter((f) => f.end < flight.start).map((f) => level.get(f) ?? 0);
    level.set(flight, 1 + Math.max(0, ...before));
  }
  return Math.max(0, ...level.values());
}

/** The ARM/Graph writes in the fake's journal. */
export function writes(azure: FakeAzure): FakeAzure["requests"][number][] {
  // A Resource Graph query is a POST that only reads.
  return azure.requests.filter((r) => (r.method === "PUT" || r.method === "DELETE" || r.method === "PATCH" || r.method === "POST") && r.operation !== "Resources_Resources");
}
