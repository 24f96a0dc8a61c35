/**
 * Random sequences of attach / detach / import over 3 clusters × 3 registries, run 3 at a time
 * against a fresh fake with random fault rules, must leave exactly what the successful operations
 * imply. Operations on the same cluster–registry pair (or on the same registry, for imports) run in
 * order, because racing an attach with a detach of the same pair has no defined outcome.
 */
import fc from "fast-check";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeAzure, type FakeAzure, type FaultRule } from "../../fakes/index.js";
import { createClient, isAksAcrError, type AzureClient } from "../../src/index.js";

const CLUSTERS = ["aks0", "aks1", "aks2"] as const;
const REGISTRIES = ["regzero", "regone", "regtwo"] as const;
const TAGS = ["t0", "t1", "t2"] as const;
const SEED = Number(process.env["FC_SEED"] ?? 20_260_101);
const RUNS = 200;

type Op =
  | { kind: "attach" | "detach"; cluster: number; registry: number }
  | { kind: "import"; registry: number; tag: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom("attach" as const, "detach" as const), cluster: fc.nat(2), registry: fc.nat(2) }),
  fc.record({ kind: fc.constant("import" as const), registry: fc.nat(2), tag: fc.nat(2) }),
);

const effectArb: fc.Arbitrary<Partial<FaultRule>> = fc.oneof(
  fc.constant({ throttle: { retryAfterSeconds: 0 } }),
  fc.constant({ throttle: { retryAfterSeconds: 0, html: true } }),
  fc.constantFrom<Partial<FaultRule>>({ status: 500 }, { status: 503 }),
  fc.constantFrom<Partial<FaultRule>>({ drop: "before" }, { drop: "after" }),
);
const faultArb: fc.Arbitrary<FaultRule> = fc.oneof(
  fc.record({
    // Weighted towards the writes, where a lost or doubled change would show.
    operation: fc.constantFrom(
      "RoleAssignments_Create", "RoleAssignments_Create", "RoleAssignments_Create", "RoleAssignments_Delete", "RoleAssignments_Delete",
      "Registries_ImportImage", "Registries_ImportImage", "Operations_GetResult", "RoleAssignments_ListForScope", "ManagedClusters_Get", "Resources_List",
    ),
    nth: fc.integer({ min: 1, max: 3 }),
    times: fc.integer({ min: 1, max: 3 }),
    effect: effectArb,
  }).map(({ effect, ...match }) => ({ ...match, ...effect })),
  fc.integer({ min: 1, max: 3 }).map((n): FaultRule => ({ principalNotFound: n })),
  fc.integer({ min: 1, max: 3 }).map((nth): FaultRule => ({ operation: "Registries_ImportImage", nth, fail: true })),
);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

interface World {
  azure: FakeAzure;
  kubelets: string[];
  registryIds: string[];
}

function freshWorld(): World {
  const azure = createFakeAzure();
  const kubelets = CLUSTERS.map((name) => {
    const cluster = azure.seed.cluster({ resourceGroup: "rg", name }) as { properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
    return cluster.properties.identityProfile.kubeletidentity.objectId;
  });
  const registryIds = REGISTRIES.map((name) => (azure.seed.registry({ resourceGroup: "rg", name, images: ["base:v1"] }) as { id: string }).id);
  server.resetHandlers(...azure.handlers);
  return { azure, kubelets, registryIds };
}

interface Outcome {
  op: Op;
  ok: boolean;
  /** The error said nothing was changed (attach) or listed no change (import). */
  claimedUnchanged: boolean;
}

async function run(client: AzureClient, op: Op): Promise<Outcome> {
  const registry = REGISTRIES[op.registry] as string;
  try {
    if (op.kind === "import") {
      await client.registry(registry).import("docker.io/library/nginx:latest", { tags: [`app:${TAGS[op.tag]}`] });
    } else {
      const link = client.integration({ resourceGroup: "rg", name: CLUSTERS[op.cluster] as string });
      await (op.kind === "attach" ? link.attach(registry, { principalWait: { attempts: 4, initialDelayMs: 1, maxDelayMs: 2 } }) : link.detach(registry));
    }
    return { op, ok: true, claimedUnchanged: false };
  } catch (error) {
    if (!isAksAcrError(error)) throw error;
    const claimedUnchanged = op.kind === "import" ? error.changed.length === 0 : /nothing was changed|nothing was created/.test(error.message);
    return { op, ok: false, claimedUnchanged };
  }
}

/** Runs `ops` at most 3 at a time, each one after the previous op on the same key. */
async function runBounded(clients: AzureClient[], ops: Op[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(ops.length);
  const tails = new Map<string, Promise<void>>();
  let running = 0;
  const waiters: Array<() => void> = [];
  const slot = async (): Promise<void> => {
    while (running >= 3) await new Promise<void>((resolve) => waiters.push(resolve));
    running++;
  };
  const release = (): void => {
    running--;
    waiters.shift()?.();
  };
  const all = ops.map((op, i) => {
    const key = op.kind === "import" ? `import/${op.registry}` : `${op.cluster}/${op.registry}`;
    const next = (tails.get(key) ?? Promise.resolve()).then(async () => {
      await slot();
      try {
        outcomes[i] = await run(clients[i % clients.length] as AzureClient, op);
      } finally {
        release();
      }
    });
    tails.set(key, next);
    return next;
  });
  await Promise.all(all);
  return outcomes;
}

type Presence = "present" | "absent" | "either";

/** What each pair must hold after the outcomes, in the order each pair's ops ran. */
function expectedPairs(outcomes: Outcome[]): Map<string, Presence> {
  const pairs = new Map<string, Presence>();
  for (const { op, ok, claimedUnchanged } of outcomes) {
    if (op.kind === "import") continue;
    const key = `${op.cluster}/${op.registry}`;
    const before = pairs.get(key) ?? "absent";
    if (ok) pairs.set(key, op.kind === "attach" ? "present" : "absent");
    else if (!claimedUnchanged && before !== (op.kind === "attach" ? "present" : "absent")) pairs.set(key, "either");
  }
  return pairs;
}

function check(world: World, outcomes: Outcome[]): void {
  const pairs = expectedPairs(outcomes);
  for (const [c, kubelet] of world.kubelets.entries()) {
    for (const [r, scope] of world.registryIds.entries()) {
      const held = world.azure.state.roleAssignments({ scope, principalId: kubelet });
      const expected = pairs.get(`${c}/${r}`) ?? "absent";
      expect(held.length, `assignments of cluster ${c} at registry ${r}`).toBeLessThanOrEqual(1);
      if (expected !== "either") expect(held.length, `cluster ${c} at registry ${r} should be ${expected}`).toBe(expected === "present" ? 1 : 0);
    }
  }
  for (const [r, name] of REGISTRIES.entries()) {
    const mine = outcomes.filter((o) => o.op.kind === "import" && o.op.registry === r);
    const must = new Set(["base:v1", ...mine.filter((o) => o.ok).map((o) => `app:${TAGS[(o.op as { tag: number }).tag]}`)]);
    const may = new Set([...must, ...mine.filter((o) => !o.ok && !o.claimedUnchanged).map((o) => `app:${TAGS[(o.op as { tag: number }).tag]}`)]);
    const images = world.azure.state.images(name);
    expect([...must].filter((t) => !images.includes(t)), `tags lost in ${name}`).toEqual([]);
    expect(images.filter((t) => !may.has(t)), `tags written by failed imports in ${name}`).toEqual([]);
  }
}

describe("attach / detach / import under random faults", () => {
  it(`keeps every promise over ${RUNS} seeded sequences (FC_SEED=${SEED})`, async () => {
    const retry = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), fc.array(faultArb, { minLength: 1, maxLength: 5 }), async (ops, faults) => {
          const world = freshWorld();
          for (const fault of faults) world.azure.faults.add(fault);
          const clients = [0, 1].map(() => createClient({ credential: world.azure.credential(), subscriptionId: world.azure.subscriptionId, retry }));
          check(world, await runBounded(clients, ops));
        }),
        { seed: SEED, numRuns: RUNS },
      );
    } catch (error) {
      throw new Error(`The property failed; reproduce with FC_SEED=${SEED}.\n${(error as Error).message}`);
    }
  }, 60_000);
});
