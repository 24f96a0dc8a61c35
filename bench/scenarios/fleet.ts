import { setupServer } from "msw/node";
import type { Built } from "../built.js";
import { summarise, type Sample } from "../stats.js";
import { installVirtualClock } from "../virtualClock.js";

export interface FleetShape {
  label: string;
  clusters: number;
}

export interface FleetOptions {
  /** Virtual time every request takes before the fake answers it, so a retry is not free. */
  requestDelayMs: number;
  runs: number;
}

type OperationType = "reads" | "writes" | "deletes";

/** ARM's published buckets, which the fake enforces with `faults.rateLimit({ tokenBucket: true })`. */
export const ARM_BUCKETS: Record<OperationType, { bucketSize: number; refillPerSecond: number }> = {
  reads: { bucketSize: 250, refillPerSecond: 25 },
  writes: { bucketSize: 200, refillPerSecond: 10 },
  deletes: { bucketSize: 200, refillPerSecond: 10 },
};

export interface FleetResult extends FleetShape {
  attaches: number;
  requestDelayMs: number;
  succeeded: Sample;
  failures: Sample;
  throttled: Sample;
  /** Admitted requests per operation type (last run). */
  admitted: Record<OperationType, number>;
  /** Virtual seconds from the first admitted request to the last. */
  spanSeconds: Sample;
  /** The shortest span the buckets allow for the admitted requests: the slowest type's (n − bucket) ÷ refill. */
  idealSpanSeconds: number;
  /** Which bucket sets the ideal span. */
  bindingBucket: OperationType;
  /** idealSpan / span: throughput as a fraction of what the limit allows. */
  fractionOfLimit: Sample;
  /** Real time the whole run took on this machine. */
  wallMs: Sample;
  firstFailure?: string;
}

const typeOf = (method: string): OperationType => (method === "GET" || method === "HEAD" ? "reads" : method === "DELETE" ? "deletes" : "writes");

/**
 * Scenario 3: one client attaches a registry to every cluster of a fleet with a plain
 * `Promise.all` (no pool of the benchmark's own), against a fake that enforces ARM's token buckets
 * per subscription, principal and operation type, answering 429 + Retry-After when one is empty.
 * The client's pacer is all that spaces the requests. Time is virtual (bench/virtualClock.ts).
 */
export async function measureFleet(built: Built, shape: FleetShape, options: FleetOptions): Promise<FleetResult> {
  const succeeded: number[] = [];
  const failures: number[] = [];
  const throttled: number[] = [];
  const spans: number[] = [];
  const fractions: number[] = [];
  const wall: number[] = [];
  let firstFailure: string | undefined;
  let admitted: Record<OperationType, number> = { reads: 0, writes: 0, deletes: 0 };
  let ideal = { seconds: 0, bucket: "writes" as OperationType };

  for (let run = 0; run < options.runs; run++) {
    const azure = built.fakes.createFakeAzure({ journalSize: 100_000 });
    const registryId = String(azure.seed.registry({ resourceGroup: "fleet-registries", name: "fleetacr" }).id);
    const clusters = Array.from({ length: shape.clusters }, (_, c) => {
      const ref = { resourceGroup: `fleet-rg-${c % 10}`, name: `fleet-aks-${c}` };
      azure.seed.cluster(ref);
      return ref;
    });
    azure.faults.rateLimit({ tokenBucket: true });
    azure.hooks.beforeRoute.unshift(() => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), options.requestDelayMs)));
    const admittedAt: Array<{ at: number; type: OperationType }> = [];
    // After the rate limit's hook: sees only the requests the buckets let through.
    azure.hooks.beforeRoute.push((info) => {
      if (info.host === "arm") admittedAt.push({ at: Date.now(), type: typeOf(info.request.method) });
      return undefined;
    });
    const server = setupServer(...azure.handlers);
    server.listen({ onUnhandledRequest: "error" });
    const clock = installVirtualClock();
    const started = performance.now();
    try {
      const client = built.lib.createClient({ credential: azure.credential(), subscriptionId: azure.subscriptionId });
      const attaches = clusters.map((cluster) => client.integration(cluster).attach(registryId));
      const outcomes = await clock.drive(Promise.allSettled(attaches));
      wall.push(performance.now() - started);
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      firstFailure ??= rejected[0] ? String((rejected[0].reason as Error).message ?? rejected[0].reason) : undefined;
      succeeded.push(outcomes.length - rejected.length);
      failures.push(rejected.length);
      throttled.push(azure.requests.filter((entry) => entry.status === 429).length);
      admitted = { reads: 0, writes: 0, deletes: 0 };
      for (const a of admittedAt) admitted[a.type]++;
      ideal = idealSpan(admitted);
      const span = admittedAt.length > 1 ? ((admittedAt.at(-1)?.at ?? 0) - (admittedAt[0]?.at ?? 0)) / 1000 : 0;
      spans.push(span);
      fractions.push(span === 0 ? 1 : Math.min(1, ideal.seconds / span));
    } finally {
      clock.uninstall();
      server.close();
    }
  }
  return {
    ...shape,
    attaches: shape.clusters,
    requestDelayMs: options.requestDelayMs,
    succeeded: summarise(succeeded),
    failures: summarise(failures),
    throttled: summarise(throttled),
    admitted,
    spanSeconds: summarise(spans),
    idealSpanSeconds: ideal.seconds,
    bindingBucket: ideal.bucket,
    fractionOfLimit: summarise(fractions),
    wallMs: summarise(wall),
    ...(firstFailure ? { firstFailure } : {}),
  };
}

/** The span a client that spent each token the instant it came back would need: the burst, then the refill rate. */
export function idealSpan(admitted: Record<OperationType, number>): { seconds: number; bucket: OperationType } {
  let best = { seconds: 0, bucket: "writes" as OperationType };
  for (const type of Object.keys(admitted) as OperationType[]) {
    const { bucketSize, refillPerSecond } = ARM_BUCKETS[type];
    const seconds = Math.max(0, (admitted[type] - bucketSize) / refillPerSecond);
    if (seconds > best.seconds) best = { seconds, bucket: type };
  }
  return best;
}
