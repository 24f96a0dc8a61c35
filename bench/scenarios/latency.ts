import { setTimeout as delay } from "node:timers/promises";
import type { Built } from "../built.js";
import { REFERENCES } from "../azReference.js";
import { roundTrips } from "../flights.js";
import { startBench, type Bench, type Pair } from "../harness.js";
import { OPERATIONS, type Operation } from "../operations.js";
import { summarise, type Sample } from "../stats.js";
import { runWalkthrough } from "../walkthrough.js";

export interface LatencyResult {
  label: string;
  wallMs: Sample;
  requests: Sample;
  roundTrips: Sample;
  /** az's request count (all sequential) times the delay: a floor under az's wall time. */
  azFloorMs: number | undefined;
}

interface Measured {
  label: string;
  azAtLeast: number | undefined;
  prepare?(bench: Bench, pair: Pair): Promise<unknown>;
  run(bench: Bench, pair: Pair, run: number): Promise<unknown>;
}

const pick = (name: Operation["name"]): Measured => {
  const operation = OPERATIONS.find((o) => o.name === name);
  if (!operation) throw new Error(`Failed to find the benchmark operation '${name}'. Use one of: ${OPERATIONS.map((o) => o.name).join(", ")}.`);
  return { ...operation, azAtLeast: REFERENCES[name].azAtLeast };
};

/**
 * Scenario 2: every request to the fake (ARM, Graph, each cluster's API server, the registries'
 * data plane) waits `delayMs` before it is answered, like a round trip to a far region; wall time
 * is real time. One unmeasured warm-up run first, so lazy imports are not billed to one run.
 */
export async function measureLatency(built: Built, options: { delayMs: number; runs: number; walkthroughRuns: number }): Promise<LatencyResult[]> {
  const bench = startBench(built);
  bench.azure.hooks.beforeRoute.unshift(async () => {
    await delay(options.delayMs);
    return undefined;
  });
  const measured: Array<Measured & { runs: number }> = [
    { ...pick("attachById"), runs: options.runs },
    { ...pick("attachByName"), runs: options.runs },
    { ...pick("detach"), runs: options.runs },
    { label: "full walkthrough (create registry, import, create cluster with attach, credentials, deploy 2 pods, list pods, check with probe)", azAtLeast: undefined, run: (b, _p, run) => runWalkthrough(b, `l${run}`), runs: options.walkthroughRuns },
  ];
  try {
    const results: LatencyResult[] = [];
    for (const item of measured) {
      const wall: number[] = [];
      const requests: number[] = [];
      const rounds: number[] = [];
      for (let run = -1; run < item.runs; run++) {
        const pair = bench.resetToPair();
        await item.prepare?.(bench, pair);
        bench.forget();
        const started = performance.now();
        await item.run(bench, pair, run + 1);
        const elapsed = performance.now() - started;
        if (run < 0) continue;
        wall.push(elapsed);
        requests.push(bench.azure.requests.length);
        rounds.push(roundTrips(bench.flights));
      }
      results.push({
        label: item.label,
        wallMs: summarise(wall),
        requests: summarise(requests),
        roundTrips: summarise(rounds),
        azFloorMs: item.azAtLeast === undefined ? undefined : item.azAtLeast * options.delayMs,
      });
    }
    return results;
  } finally {
    bench.close();
  }
}
