import type { SetupServer } from "msw/node";

/** One request's life as msw saw it, in event order and in real time. */
export interface Flight {
  method: string;
  url: string;
  /** Event order, so overlap is exact even when two requests start in the same millisecond. */
  start: number;
  end: number;
}

/** Records every request msw answers on `server`, so a scenario can count round trips. */
export function recordFlights(server: SetupServer): Flight[] {
  const flights: Flight[] = [];
  const open = new Map<string, Flight>();
  let tick = 0;
  server.events.on("request:start", ({ request, requestId }) => {
    const flight: Flight = { method: request.method, url: request.url, start: tick++, end: Number.POSITIVE_INFINITY };
    open.set(requestId, flight);
    flights.push(flight);
  });
  server.events.on("response:mocked", ({ requestId }) => {
    const flight = open.get(requestId);
    if (flight) flight.end = tick++;
    open.delete(requestId);
  });
  return flights;
}

/**
 * Sequential round trips on the critical path: a request sits one round after the deepest request
 * that had already answered when it started; requests in flight together share a round.
 */
export function roundTrips(flights: readonly Flight[]): number {
  const level = new Map<Flight, number>();
  for (const flight of [...flights].sort((a, b) => a.start - b.start)) {
    const before = flights.filter((f) => f.end < flight.start).map((f) => level.get(f) ?? 0);
    level.set(flight, 1 + Math.max(0, ...before));
  }
  return Math.max(0, ...level.values());
}
