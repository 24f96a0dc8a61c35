/**
 * The benchmark suite `npm run bench` runs (through bench/run.mjs, which builds dist/ and bundles
 * this file): five scenarios, then docs/benchmarks.md. `--quick` runs fewer
 * repetitions, to try the suite out; the committed doc comes from a full run.
 */
import { cpus, loadavg } from "node:os";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadBuilt } from "./built.js";
import { renderReport } from "./report.js";
import type { BenchResults } from "./results.js";
import { measureFakeCost } from "./scenarios/fakeCost.js";
import { measureFleet } from "./scenarios/fleet.js";
import { measureImports, traceLazyLoading } from "./scenarios/footprint.js";
import { measureInstalledSize } from "./scenarios/installedSize.js";
import { measureLatency } from "./scenarios/latency.js";
import { measureRequests } from "./scenarios/requests.js";
import { measureFakeScaleCost, measureScale } from "./scenarios/scale.js";
import { measureWorldMemory, WORLD_MEMORY_CHILD, worldMemoryChild } from "./scenarios/worldMemory.js";

const WORLD = { clusters: 1_000, registries: 1_000, assignmentsPerRegistry: 10 };
const FLEETS = [{ label: "1 registry → 500 clusters, plain Promise.all", clusters: 500 }];
const BIG_WORLD = { clusters: 1_000, registries: 1_000, assignments: 50_000 };
const SCALE = { subscriptions: 1_000, assignments: [10, 10_000] };

const root = process.cwd();
const args = process.argv.slice(2);
const built = await loadBuilt(root);

if (args[0] === "--child" && args[1] === WORLD_MEMORY_CHILD) {
  process.stdout.write(`${JSON.stringify(await worldMemoryChild(built, WORLD))}\n`);
  process.exit(0);
}

const quick = args.includes("--quick");
const runs = quick
  ? { requests: 2, latency: 2, walkthrough: 1, fleet: 1, cost: 2, costRequests: 100, memory: 1, imports: 2 }
  : { requests: 5, latency: 7, walkthrough: 5, fleet: 1, cost: 5, costRequests: 300, memory: 3, imports: 11 };
const started = performance.now();
const loadAtStart = loadavg()[0] ?? 0;
const step = async <T>(title: string, work: () => Promise<T> | T): Promise<T> => {
  const stepStarted = performance.now();
  process.stdout.write(`bench: ${title} … `);
  const result = await work();
  process.stdout.write(`${((performance.now() - stepStarted) / 1000).toFixed(1)} s\n`);
  return result;
};

const requests = await step("1 requests per operation", () => measureRequests(built, runs.requests));
const latency = await step("2 latency with 50 ms per request", () =>
  measureLatency(built, { delayMs: 50, runs: runs.latency, walkthroughRuns: runs.walkthrough }),
);
const fleet: BenchResults["fleet"] = [];
for (const shape of FLEETS) {
  fleet.push(await step(`3 fleet: ${shape.label}`, () => measureFleet(built, shape, { requestDelayMs: 50, runs: runs.fleet })));
}
const fakeScaleCost = await step("4 the fake's per-request cost in a big world", () =>
  measureFakeScaleCost(built, { ...BIG_WORLD, runs: runs.cost, requestsPerRun: runs.costRequests }),
);
const scale = await step("6 worst cases: 1000 subscriptions, 10k assignments", () => measureScale(built, SCALE));
const fakeCost = await step("4 the fake's per-request cost", () => measureFakeCost(built, { runs: runs.cost, requestsPerRun: runs.costRequests }));
const worldMemory = await step("4 the fake's memory for a big world", () => measureWorldMemory(process.argv[1] ?? "", WORLD, runs.memory));
const imports = await step("5 cold import times", () => measureImports(root, runs.imports));
const lazyLoading = await step("5 lazy loading", () => traceLazyLoading(root));
const installedSize = await step("5 installed size", () => measureInstalledSize(root));

const buildSeconds = Number(process.env.AKS_ACR_BENCH_BUILD_MS ?? 0) / 1000;
const results: BenchResults = {
  environment: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown CPU",
    date: new Date().toISOString().slice(0, 10),
    loadAverage: [loadAtStart, loadavg()[0] ?? 0],
  },
  totalSeconds: buildSeconds + (performance.now() - started) / 1000,
  buildSeconds,
  requests,
  latency: { delayMs: 50, results: latency },
  fleet,
  fakeCost,
  fakeScaleCost,
  scale,
  worldMemory,
  imports,
  lazyLoading,
  installedSize,
};
const target = join(root, "docs", "benchmarks.md");
writeFileSync(target, renderReport(results));
console.log(`bench: wrote ${target} in ${results.totalSeconds.toFixed(0)} s${quick ? " (quick run: fewer repetitions)" : ""}`);
