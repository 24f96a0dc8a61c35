import type { Built } from "../built.js";
import { REFERENCES, type OperationName, type Reference } from "../azReference.js";
import { roundTrips } from "../flights.js";
import { changesBetween, isWrite, startBench, worldDigest } from "../harness.js";
import { OPERATIONS } from "../operations.js";
import { summarise, type Sample } from "../stats.js";

export interface RequestCount {
  name: OperationName;
  label: string;
  requests: Sample;
  writes: Sample;
  /** Role assignments and tags created or removed. */
  changes: Sample;
  roundTrips: Sample;
  /** The operations (ARM operation ids) of the last run, in order, so the doc shows what was sent. */
  sequence: string[];
  reference: Reference;
  error?: string;
}

/** Scenario 1: requests per operation, counted from the fake's journal; several runs, fresh world each. */
export async function measureRequests(built: Built, runs: number): Promise<RequestCount[]> {
  const bench = startBench(built);
  try {
    const results: RequestCount[] = [];
    for (const operation of OPERATIONS) {
      const requests: number[] = [];
      const writes: number[] = [];
      const rounds: number[] = [];
      const changes: number[] = [];
      let sequence: string[] = [];
      let error: string | undefined;
      for (let run = 0; run < runs && !error; run++) {
        const pair = bench.resetToPair();
        try {
          await operation.prepare?.(bench, pair);
          bench.forget();
          const before = worldDigest(bench.azure);
          await operation.run(bench, pair);
          changes.push(changesBetween(before, worldDigest(bench.azure)));
        } catch (cause) {
          error = (cause as Error).message;
          break;
        }
        const journal = bench.azure.requests;
        requests.push(journal.length);
        writes.push(journal.filter(isWrite).length);
        rounds.push(roundTrips(bench.flights));
        sequence = journal.map((entry) => `${entry.method} ${entry.operation} → ${entry.status}`);
      }
      results.push({
        name: operation.name,
        label: operation.label,
        requests: summarise(requests.length ? requests : [Number.NaN]),
        writes: summarise(writes.length ? writes : [Number.NaN]),
        changes: summarise(changes.length ? changes : [Number.NaN]),
        roundTrips: summarise(rounds.length ? rounds : [Number.NaN]),
        sequence,
        reference: REFERENCES[operation.name],
        ...(error ? { error } : {}),
      });
    }
    return results;
  } finally {
    bench.close();
  }
}
