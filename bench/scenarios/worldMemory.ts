import { spawnSync } from "node:child_process";
import { setupServer } from "msw/node";
import type { Built } from "../built.js";
import { summarise, type Sample } from "../stats.js";

export const WORLD_MEMORY_CHILD = "world-memory";

export interface WorldShape {
  clusters: number;
  registries: number;
  assignmentsPerRegistry: number;
}

/** What one child process measured. */
interface ChildFigures {
  heapBytes: number;
  seedMs: number;
  listMs: number;
  listed: number;
  roleAssignments: number;
}

export interface WorldMemoryResult extends WorldShape {
  roleAssignments: number;
  heapMiB: Sample;
  seedMs: Sample;
  /** One `GET {registry}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()` among them all. */
  listAtScopeMs: Sample;
  listed: number;
}

const LIST_CALLS = 50;

/**
 * Scenario 4b, child side (run with --expose-gc): seeds a big world through the seeding API,
 * measures the heap it added after a full GC, then times `list atScope()` at one registry.
 */
export async function worldMemoryChild(built: Built, shape: WorldShape): Promise<ChildFigures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("Failed to measure the fake's memory: run this child with node --expose-gc.");
  const azure = built.fakes.createFakeAzure();
  gc();
  const before = process.memoryUsage().heapUsed;
  const seedStarted = performance.now();
  const kubelets = Array.from({ length: shape.clusters }, (_, c) => {
    const cluster = azure.seed.cluster({ resourceGroup: `mem-clusters-${c % 10}`, name: `mem-aks-${c}` });
    const identity = (cluster.properties as { identityProfile?: { kubeletidentity?: { objectId?: string } } }).identityProfile?.kubeletidentity?.objectId;
    if (!identity) throw new Error("Failed to seed the memory world: a seeded cluster has no kubelet identity objectId.");
    return identity;
  });
  const registryIds = Array.from({ length: shape.registries }, (_, r) => String(azure.seed.registry({ resourceGroup: `mem-registries-${r % 10}`, name: `memacr${r}` }).id));
  registryIds.forEach((scope, r) => {
    for (let a = 0; a < shape.assignmentsPerRegistry; a++) {
      azure.seed.roleAssignment({ scope, role: "AcrPull", principalId: kubelets[(r + a * 97) % kubelets.length] as string });
    }
  });
  const seedMs = performance.now() - seedStarted;
  gc();
  const heapBytes = process.memoryUsage().heapUsed - before;

  const server = setupServer(...azure.handlers);
  server.listen({ onUnhandledRequest: "error" });
  const token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
  const url = `https://management.azure.com${registryIds[Math.floor(registryIds.length / 2)]}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()&api-version=2022-04-01`;
  const list = async (): Promise<number> => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { value?: unknown[] };
    if (response.status !== 200 || !body.value) throw new Error(`Failed to list role assignments atScope() in the memory world: ${response.status}.`);
    return body.value.length;
  };
  let listed = await list();
  const times: number[] = [];
  for (let i = 0; i < LIST_CALLS; i++) {
    const started = performance.now();
    listed = await list();
    times.push(performance.now() - started);
    azure.clearRequests();
  }
  server.close();
  return { heapBytes, seedMs, listMs: summarise(times).median, listed, roleAssignments: azure.state.roleAssignments().length };
}

/** Scenario 4b, parent side: one fresh child process per run, so no run inherits another's heap. */
export function measureWorldMemory(bundle: string, shape: WorldShape, runs: number): WorldMemoryResult {
  const figures: ChildFigures[] = [];
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, ["--expose-gc", bundle, "--child", WORLD_MEMORY_CHILD], { encoding: "utf8", env: process.env });
    const line = child.stdout.trim().split("\n").pop() ?? "";
    if (child.status !== 0 || !line.startsWith("{")) {
      throw new Error(`Failed to measure the fake's memory in a child process (exit ${child.status}): ${child.stderr.trim().slice(-500)}`);
    }
    figures.push(JSON.parse(line) as ChildFigures);
  }
  const last = figures[figures.length - 1] as ChildFigures;
  return {
    ...shape,
    roleAssignments: last.roleAssignments,
    heapMiB: summarise(figures.map((f) => f.heapBytes / 2 ** 20)),
    seedMs: summarise(figures.map((f) => f.seedMs)),
    listAtScopeMs: summarise(figures.map((f) => f.listMs)),
    listed: last.listed,
  };
}
