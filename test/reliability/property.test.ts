/**
 * Random rounds of attach / detach / import over 2 clusters × 2 registries (one RBAC, one ABAC),
 * the operations of a round running at once, on the same pair too, against a fresh fake with
 * random fault rules of every kind the fake has and operations that progress on the fake's
 * clock. The oracle (property-model.ts) checks the exact scope, role and principal of every role
 * assignment and every tag's digest against a model of what the operations reported.
 * Reproduce a failure with the seed it prints: `FC_SEED=<seed> npx vitest run test/reliability/property.test.ts`.
 */
import fc from "fast-check";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createFakeAzure, type FaultRule } from "../../fakes/index.js";
import { createClient, isAksAcrError, type AzureClient } from "../../src/index.js";
import type { ImportSourceInput } from "../../src/registry/types.js";
import { dockerHubDigest, dockerHubHandlers } from "../helpers/docker-hub.js";
import { applyRound, checkWorld, type ModelWorld, type Op, type Outcome, type Presence } from "./property-model.js";

const CLUSTERS = ["aks0", "aks1"] as const;
const REGISTRIES = [
  { name: "regrbac", mode: "LegacyRegistryPermissions", role: "AcrPull" },
  { name: "regabac", mode: "AbacRepositoryPermissions", role: "Container Registry Repository Reader" },
] as const;
const SOURCES = ["docker.io/library/nginx:latest", "docker.io/library/nginx:alpine"] as const;
const SEED = Number(process.env["FC_SEED"] ?? 20_261_201);
const RUNS = Number(process.env["FC_RUNS"] ?? 300);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("attach" as const, "detach" as const), cluster: fc.nat(1), registry: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("import" as const), registry: fc.nat(1), source: fc.nat(2), tag: fc.nat(1) }) },
);
const roundsArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 });

/** Every effect of fakes/faults (throttle, 5xx, drops, PrincipalNotFound, AuthorizationFailed, failed / canceled / slow operations, latency), on the requests that matter. */
const ruleArb: fc.Arbitrary<FaultRule> = fc
  .record({
    operation: fc.constantFrom(
      "RoleAssignments_Create", "RoleAssignments_Create", "RoleAssignments_Delete", "RoleAssignments_Get", "RoleAssignments_ListForScope",
      "Registries_ImportImage", "Registries_ImportImage", "Operations_GetResult", "ManagedClusters_Get", "Registries_Get", "Resources_List",
    ),
    nth: fc.integer({ min: 1, max: 3 }),
    times: fc.integer({ min: 1, max: 3 }),
    effect: fc.oneof(
      fc.record({ throttle: fc.record({ retryAfterSeconds: fc.integer({ min: 0, max: 20 }), html: fc.boolean() }) }),
      fc.record({ status: fc.constantFrom(500 as const, 502 as const, 503 as const, 504 as const) }),
      fc.record({ drop: fc.constantFrom("before" as const, "after" as const) }),
      fc.record({ latencyMs: fc.integer({ min: 1, max: 3000 }), probability: fc.constantFrom(0.5, 1) }),
    ),
  })
  .map(({ effect, ...match }): FaultRule => ({ ...match, ...effect }));
const faultArb: fc.Arbitrary<FaultRule> = fc.oneof(
  { weight: 4, arbitrary: ruleArb },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((n): FaultRule => ({ principalNotFound: n })) },
  { weight: 1, arbitrary: fc.nat(1).map((r): FaultRule => ({ operation: "RoleAssignments_Create", authorizationFailed: true, url: new RegExp(REGISTRIES[r]?.name ?? "") })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((nth): FaultRule => ({ operation: "Registries_ImportImage", nth, fail: true })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }).map((nth): FaultRule => ({ operation: "Registries_ImportImage", nth, canceled: true })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((polls): FaultRule => ({ operation: "Registries_ImportImage", polls })) },
);
/** How long operations run: by polls, on the clock, or whichever first. */
const knobsArb = fc.record({
  operationProgress: fc.constantFrom("polls" as const, "clock" as const, "both" as const),
  operationDurationMs: fc.integer({ min: 0, max: 8000 }),
  importPolls: fc.integer({ min: 0, max: 2 }),
  retryAfterSeconds: fc.integer({ min: 0, max: 2 }),
});
const rateLimitArb = fc.option(fc.integer({ min: 2, max: 6 }), { nil: undefined });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => vi.useRealTimers());
afterAll(() => server.close());

function freshWorld(): ModelWorld & { sourceRegistryId: string } {
  const azure = createFakeAzure();
  const kubelets = CLUSTERS.map((name) => {
    const cluster = azure.seed.cluster({ resourceGroup: "rg", name }) as { properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
    return cluster.properties.identityProfile.kubeletidentity.objectId;
  });
  const registryIds = REGISTRIES.map(({ name, mode }) => (azure.seed.registry({ resourceGroup: "rg", name, roleAssignmentMode: mode, images: ["base:v1"] }) as { id: string }).id);
  const sourceRegistryId = (azure.seed.registry({ resourceGroup: "rg", name: "srcacr", images: ["base:v1"] }) as { id: string }).id;
  const source = azure.state.registries().find((r) => r.name === "srcacr")?.repositories.get("base")?.tags.get("v1") ?? "";
  server.resetHandlers(...dockerHubHandlers(), ...azure.handlers);
  return {
    azure,
    sourceRegistryId,
    kubelets,
    registryIds,
    pullRoles: REGISTRIES.map((r) => r.role),
    registryNames: REGISTRIES.map((r) => r.name),
    sources: [
      { image: "docker.io/library/nginx:latest", digest: dockerHubDigest("library/nginx", "latest") ?? "" },
      { image: "docker.io/library/nginx:alpine", digest: dockerHubDigest("library/nginx", "alpine") ?? "" },
      { image: "srcacr base:v1", digest: source },
    ],
    seededTags: ["base:v1"],
    ownerAssignmentIds: new Set(azure.state.roleAssignments().map((a) => a.id)),
  };
}

/** Registries are named by resource id, as pipelines that know them do (a name costs a lookup the oracle does not need). */
async function run(world: ModelWorld & { sourceRegistryId: string }, client: AzureClient, op: Op): Promise<Outcome> {
  const registry = world.registryIds[op.registry] as string;
  try {
    if (op.kind === "import") {
      const source: ImportSourceInput = SOURCES[op.source] ?? { registry: world.sourceRegistryId, image: "base:v1" };
      const result = await client.registry(registry).import(source, { tags: [`app:t${op.tag}`] });
      return { op, ok: true, claimedUnchanged: false, ...(result.digest !== undefined && { digest: result.digest }) };
    }
    const link = client.integration({ resourceGroup: "rg", name: CLUSTERS[op.cluster] as string });
    if (op.kind === "detach") {
      await link.detach(registry);
      return { op, ok: true, claimedUnchanged: false };
    }
    const result = await link.attach(registry);
    const granted = { scope: result.registry.id.toLowerCase(), role: result.role.name, principalId: result.principal.objectId.toLowerCase() };
    return { op, ok: true, claimedUnchanged: false, granted };
  } catch (error) {
    if (!isAksAcrError(error)) throw error;
    return { op, ok: false, claimedUnchanged: error.changed.length === 0 };
  }
}

/** Moves the fake clock in small steps, letting in-process I/O run between them, until `work` settles. */
async function onTheClock<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  work.then(() => (settled = true), () => (settled = true));
  for (let step = 0; !settled && step < 100_000; step++) {
    for (let i = 0; i < 3 && !settled; i++) await new Promise((resolve) => setImmediate(resolve));
    if (!settled) await vi.advanceTimersByTimeAsync(1000);
  }
  if (!settled) throw new Error("the operations did not settle within 100 000 s on the fake clock");
  return work;
}

describe("attach / detach / import, concurrent on the same pairs, under random faults", () => {
  it(`keeps every promise over ${RUNS} seeded sequences (FC_SEED=${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(roundsArb, fc.array(faultArb, { maxLength: 5 }), knobsArb, rateLimitArb, async (rounds, faults, knobs, writesPerMinute) => {
        vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
        try {
          const world = freshWorld();
          Object.assign(world.azure.knobs, knobs);
          for (const fault of faults) world.azure.faults.add(fault);
          if (writesPerMinute !== undefined) world.azure.faults.rateLimit({ writesPerMinute });
          const clients = [0, 1].map(() => createClient({ credential: world.azure.credential(), subscriptionId: world.azure.subscriptionId }));
          const pairs = new Map<string, Presence>();
          const outcomes: Outcome[] = [];
          for (const round of rounds) {
            const results = await onTheClock(Promise.all(round.map((op, i) => run(world, clients[i % 2] as AzureClient, op))));
            applyRound(pairs, results);
            outcomes.push(...results);
          }
          checkWorld(world, pairs, outcomes);
        } finally {
          vi.useRealTimers();
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(RUNS).toBeGreaterThanOrEqual(Number(process.env["FC_RUNS"] ?? 300));
  }, 120_000);
});
