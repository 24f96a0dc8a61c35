import { setupServer } from "msw/node";
import type { FakeAzure } from "../../fakes/index.js";
import type { Built } from "../built.js";
import { recordFlights, roundTrips } from "../flights.js";
import { seedPair } from "../harness.js";
import { summarise, type Sample } from "../stats.js";

/** Items per page of an ARM list. */
const ARM_PAGE_SIZE = 1000;

/** One operation in a world grown to its worst case: requests, round trips and bytes downloaded. */
export interface ScaleFigure {
  label: string;
  requests: number;
  roundTrips: number;
  /** Response bytes the library downloaded. */
  bytes: number;
  /** What it sent, in order. */
  sequence: string[];
  error?: string;
}

export interface ScaleResult {
  subscriptions: number;
  attachByName: ScaleFigure;
  list: ScaleFigure;
  /** n → detach and check at a registry holding n other principals' assignments. */
  assignments: Array<{ n: number; detach: ScaleFigure; check: ScaleFigure }>;
}

/** Counts requests, round trips and response bytes of one call against `azure`. */
async function measure(azure: FakeAzure, label: string, work: () => Promise<unknown>): Promise<ScaleFigure> {
  const server = setupServer(...azure.handlers);
  let bytes = 0;
  const pending: Array<Promise<void>> = [];
  server.events.on("response:mocked", ({ response }) => {
    pending.push(response.clone().arrayBuffer().then((body) => void (bytes += body.byteLength)));
  });
  const flights = recordFlights(server);
  server.listen({ onUnhandledRequest: "error" });
  azure.clearRequests();
  let error: string | undefined;
  try {
    await work();
  } catch (cause) {
    error = (cause as Error).message;
  } finally {
    await Promise.all(pending);
    server.close();
  }
  const arm = azure.requests.filter((e) => e.operation !== "ClusterApi");
  return {
    label,
    requests: arm.length,
    roundTrips: roundTrips(flights),
    bytes,
    sequence: arm.map((e) => `${e.method} ${e.operation} → ${e.status}`),
    ...(error ? { error } : {}),
  };
}

/**
 * Scenario 6: the worst case, not the best. The registry sits in the last of `subscriptions`
 * subscriptions the caller can read; `list()` runs in the same world; detach and check run at a
 * registry that holds n assignments of other principals, for each n.
 */
export async function measureScale(built: Built, options: { subscriptions: number; assignments: number[] }): Promise<ScaleResult> {
  const azure = built.fakes.createFakeAzure();
  // ARM's page size for these lists, not the fake's small default that exercises paging in tests.
  azure.knobs.pageSize = ARM_PAGE_SIZE;
  const pair = seedPair(azure);
  let last = azure.subscriptionId;
  for (let s = 1; s < options.subscriptions; s++) last = azure.seed.subscription();
  azure.seed.registry({ resourceGroup: "far-rg", name: "faracr", subscriptionId: last });
  const client = built.lib.createClient({ credential: azure.credential(), subscriptionId: azure.subscriptionId });
  const link = () => client.integration(pair.cluster);
  const attachByName = await measure(azure, `attach by name, registry in the last of ${options.subscriptions} subscriptions`, () => link().attach("faracr"));
  const list = await measure(azure, `list() with ${options.subscriptions} subscriptions`, () => link().list());

  const assignments: ScaleResult["assignments"] = [];
  for (const n of options.assignments) {
    const world = built.fakes.createFakeAzure();
    world.knobs.pageSize = ARM_PAGE_SIZE;
    const p = seedPair(world);
    const principals = Array.from({ length: Math.min(n, 500) }, () => world.seed.principal({ type: "ServicePrincipal" }).objectId);
    for (let i = 0; i < n; i++) {
      world.seed.roleAssignment({ scope: p.registryId, role: i % 2 ? "AcrPull" : "Reader", principalId: principals[i % principals.length] ?? "" });
    }
    const c = built.lib.createClient({ credential: world.credential(), subscriptionId: world.subscriptionId });
    await measure(world, "attach", () => c.integration(p.cluster).attach(p.registryId));
    const check = await measure(world, `check at ${n} assignments`, () => c.integration(p.cluster).check(p.registryId, { image: "nginx:v1" }));
    const detach = await measure(world, `detach at ${n} assignments`, () => c.integration(p.cluster).detach(p.registryId));
    assignments.push({ n, detach, check });
  }
  return { subscriptions: options.subscriptions, attachByName, list, assignments };
}

/** Per-request cost of the fake in an empty world and in a big one, for three requests. */
export interface WorldCost {
  label: string;
  emptyMs: Sample;
  bigMs: Sample;
  /** big ÷ empty, per run. */
  ratio: Sample;
}

export interface FakeScaleCost {
  world: { clusters: number; registries: number; assignments: number };
  requestsPerRun: number;
  costs: WorldCost[];
}

/**
 * Scenario 4b: what the fake costs per request once the world is big (1k clusters, 1k registries,
 * 50k role assignments) against an empty world, for GET cluster, PUT assignment and list atScope,
 * sent straight to each world's dispatcher, the two worlds taking turns request by request.
 */
export async function measureFakeScaleCost(
  built: Built,
  options: { clusters: number; registries: number; assignments: number; runs: number; requestsPerRun: number },
): Promise<FakeScaleCost> {
  const worlds = [built.fakes.createFakeAzure(), built.fakes.createFakeAzure()] as const;
  for (const w of worlds) w.knobs.pageSize = ARM_PAGE_SIZE;
  const pairs = worlds.map(seedPair);
  const big = worlds[1];
  const principals = Array.from({ length: 1000 }, () => big.seed.principal({ type: "ServicePrincipal" }).objectId);
  const registries: string[] = [];
  for (let r = 0; r < options.registries; r++) registries.push(String(big.seed.registry({ resourceGroup: `rg-${r % 20}`, name: `bigacr${r}` }).id));
  for (let c = 0; c < options.clusters; c++) big.seed.cluster({ resourceGroup: `rg-${c % 20}`, name: `big-aks-${c}` });
  for (let a = 0; a < options.assignments; a++) {
    big.seed.roleAssignment({ scope: registries[a % registries.length] ?? "", role: "AcrPull", principalId: principals[a % principals.length] ?? "" });
  }
  const tokens = await Promise.all(worlds.map(async (w) => (await w.credential().getToken("https://management.azure.com/.default"))?.token ?? ""));
  const targets = worlds.map((w) => w.seed.principal({ type: "ServicePrincipal" }).objectId);
  const ARM = "https://management.azure.com";
  // Straight into each world's dispatcher: the fake's own cost, without msw's share (the same in both worlds).
  const send = async (world: 0 | 1, method: string, path: string, body?: unknown): Promise<void> => {
    const response = await worlds[world].dispatch(
      new Request(`${ARM}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens[world]}`, "content-type": "application/json" },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
    );
    if (response.status >= 300) throw new Error(`Failed to benchmark ${method} ${path}: the fake answered ${response.status}. The scenario's world is not seeded as it expects.`);
    await response.arrayBuffer();
  };
  let counter = 0;
  const guid = (): string => `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`;
  const cases: Array<{ label: string; send: (w: 0 | 1) => Promise<void>; after?: (w: 0 | 1) => void }> = [
    { label: "GET managed cluster", send: (w: 0 | 1) => send(w, "GET", `${pairs[w]?.clusterId}?api-version=2026-04-01`) },
    {
      label: "PUT role assignment",
      send: (w: 0 | 1) =>
        send(w, "PUT", `${pairs[w]?.registryId}/providers/Microsoft.Authorization/roleAssignments/${guid()}?api-version=2022-04-01`, {
          properties: { roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d", principalId: targets[w], principalType: "ServicePrincipal" },
        }),
      // Untimed: the next PUT grants the same role again, which would be a 409 duplicate.
      after: (w: 0 | 1) => void worlds[w].world.roleAssignments.delete(`00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`),
    },
    { label: "list role assignments atScope()", send: (w: 0 | 1) => send(w, "GET", `${pairs[w]?.registryId}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`) },
  ];
  const costs: WorldCost[] = [];
  try {
    for (const c of cases) {
      const empty: number[] = [];
      const bigRuns: number[] = [];
      for (let run = -1; run < options.runs; run++) {
        const spent = [0, 0];
        for (let i = 0; i < options.requestsPerRun; i++) {
          for (const w of [0, 1] as const) {
            const started = performance.now();
            await c.send(w);
            spent[w] = (spent[w] ?? 0) + performance.now() - started;
            c.after?.(w);
          }
        }
        for (const w of worlds) w.clearRequests();
        if (run >= 0) {
          empty.push((spent[0] ?? 0) / options.requestsPerRun);
          bigRuns.push((spent[1] ?? 0) / options.requestsPerRun);
        }
      }
      costs.push({ label: c.label, emptyMs: summarise(empty), bigMs: summarise(bigRuns), ratio: summarise(bigRuns.map((b, i) => b / (empty[i] ?? Number.NaN))) });
    }
  } finally {
    for (const w of worlds) w.clearRequests();
  }
  return {
    world: { clusters: options.clusters, registries: options.registries, assignments: options.assignments },
    requestsPerRun: options.requestsPerRun,
    costs,
  };
}
