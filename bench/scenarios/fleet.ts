import { setupServer } from "msw/node";
import type { Built } from "../built.js";
import { runPool } from "../pool.js";
import { summarise, type Sample } from "../stats.js";
import { installVirtualClock } from "../virtualClock.js";

export interface FleetShape {
  label: string;
  clusters: number;
  registries: number;
}

export interface FleetOptions {
  writesPerMinute: number;
  /** Virtual time every request takes before the fake answers it, so a retry is not free. */
  requestDelayMs: number;
  concurrency: number;
  runs: number;
}

export interface FleetResult extends FleetShape {
  attaches: number;
  writesPerMinute: number;
  requestDelayMs: number;
  concurrency: number;
  succeeded: Sample;
  failures: Sample;
  throttled: Sample;
  /** Virtual seconds from the first admitted write to the last. */
  spanSeconds: Sample;
  /** The span a client that wrote the instant each window opened would need. */
  idealSpanSeconds: number;
  /** idealSpan / span: throughput as a fraction of what the limit allows. */
  fractionOfLimit: Sample;
  /** Real time the whole run took on this machine. */
  wallMs: Sample;
  firstFailure?: string;
}

const WINDOW_SECONDS = 60;
const ROLE_ASSIGNMENT_WRITE = /\/providers\/microsoft\.authorization\/roleassignments\//i;

/**
 * Scenario 3: one client attaches registries to many clusters with bounded concurrency, against a
 * fake that enforces `writesPerMinute` role-assignment writes per window (the fake's own
 * `faults.rateLimit`, on the world's clock) and answers 429 + Retry-After beyond it. Each request
 * takes `requestDelayMs` before it is answered. Time is virtual, so minutes of windows run in
 * about a second of real time.
 */
export async function measureFleet(built: Built, shape: FleetShape, options: FleetOptions): Promise<FleetResult> {
  const succeeded: number[] = [];
  const failures: number[] = [];
  const throttled: number[] = [];
  const spans: number[] = [];
  const fractions: number[] = [];
  const wall: number[] = [];
  let firstFailure: string | undefined;
  const attaches = shape.clusters * shape.registries;
  const idealSpanSeconds = Math.floor((attaches - 1) / options.writesPerMinute) * WINDOW_SECONDS;

  for (let run = 0; run < options.runs; run++) {
    const azure = built.fakes.createFakeAzure();
    const registryIds = Array.from({ length: shape.registries }, (_, r) =>
      String(azure.seed.registry({ resourceGroup: "fleet-registries", name: `fleetacr${r}` }).id),
    );
    const clusters = Array.from({ length: shape.clusters }, (_, c) => {
      const ref = { resourceGroup: `fleet-rg-${c % 10}`, name: `fleet-aks-${c}` };
      azure.seed.cluster(ref);
      return ref;
    });
    azure.faults.rateLimit({ writesPerMinute: options.writesPerMinute });
    azure.hooks.beforeRoute.unshift(() => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), options.requestDelayMs)));
    const admittedAt: number[] = [];
    // After the rate limit's hook: sees only the writes the limit let through.
    azure.hooks.beforeRoute.push((info) => {
      if (info.request.method === "PUT" && ROLE_ASSIGNMENT_WRITE.test(info.url.pathname)) admittedAt.push(Date.now());
      return undefined;
    });
    const server = setupServer(...azure.handlers);
    server.listen({ onUnhandledRequest: "error" });
    const clock = installVirtualClock();
    const started = performance.now();
    try {
      const client = built.lib.createClient({ credential: azure.credential(), subscriptionId: azure.subscriptionId });
      const tasks = registryIds.flatMap((registryId) => clusters.map((cluster) => () => client.integration(cluster).attach(registryId)));
      const outcomes = await clock.drive(runPool(tasks, options.concurrency));
      wall.push(performance.now() - started);
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      firstFailure ??= rejected[0] ? String((rejected[0].reason as Error).message ?? rejected[0].reason) : undefined;
      succeeded.push(outcomes.length - rejected.length);
      failures.push(rejected.length);
      throttled.push(azure.requests.filter((entry) => entry.status === 429).length);
      const span = admittedAt.length > 1 ? ((admittedAt[admittedAt.length - 1] as number) - (admittedAt[0] as number)) / 1000 : 0;
      spans.push(span);
      fractions.push(span === 0 ? 1 : idealSpanSeconds / span);
    } finally {
      clock.uninstall();
      server.close();
    }
  }
  return {
    ...shape,
    attaches,
    writesPerMinute: options.writesPerMinute,
    requestDelayMs: options.requestDelayMs,
    concurrency: options.concurrency,
    succeeded: summarise(succeeded),
    failures: summarise(failures),
    throttled: summarise(throttled),
    spanSeconds: summarise(spans),
    idealSpanSeconds,
    fractionOfLimit: summarise(fractions),
    wallMs: summarise(wall),
    ...(firstFailure ? { firstFailure } : {}),
  };
}
