import type { FakeCostResult } from "./scenarios/fakeCost.js";
import type { FleetResult } from "./scenarios/fleet.js";
import type { ImportTimes, LazyLoading } from "./scenarios/footprint.js";
import type { InstalledSize } from "./scenarios/installedSize.js";
import type { LatencyResult } from "./scenarios/latency.js";
import type { RequestCount } from "./scenarios/requests.js";
import type { FakeScaleCost, ScaleResult } from "./scenarios/scale.js";
import type { WorldMemoryResult } from "./scenarios/worldMemory.js";

/** Everything one `npm run bench` measured, handed to the report. */
export interface BenchResults {
  environment: { node: string; platform: string; cpus: number; cpuModel: string; date: string; loadAverage: [number, number] };
  /** Real time of the whole run, including the dist/ build when one was needed. */
  totalSeconds: number;
  buildSeconds: number;
  requests: RequestCount[];
  latency: { delayMs: number; results: LatencyResult[] };
  fleet: FleetResult[];
  fakeCost: FakeCostResult;
  fakeScaleCost: FakeScaleCost;
  scale: ScaleResult;
  worldMemory: WorldMemoryResult;
  imports: ImportTimes;
  lazyLoading: LazyLoading[];
  installedSize: InstalledSize[];
}
