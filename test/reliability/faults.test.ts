import { describe, expect, it, vi } from "vitest";
import { drive, rejection } from "../cluster/harness.js";
import { calls, CLUSTER, until, useFaultyAzure } from "./harness.js";

const h = useFaultyAzure();
const statuses = (operation: string): number[] => calls(h.azure, operation).map((c) => c.status);
const assignmentsAtRegistry = () => h.azure.state.roleAssignments({ scope: h.registryId });

describe("throttling: the library waits exactly what Retry-After says", () => {
  for (const html of [false, true]) {
    it(`retries a role-assignment write after a 429 with a ${html ? "text/html" : "JSON"} body exactly Retry-After later`, async () => {
      h.azure.faults.add({ operation: "RoleAssignments_Create", throttle: { retryAfterSeconds: 7, html } });
      const attached = h.client().integration(CLUSTER).attach("regone");
      await until(() => statuses("RoleAssignments_Create").length === 1);
      await vi.advanceTimersByTimeAsync(6999);
      expect(statuses("RoleAssignments_Create")).toEqual([429]);
      await vi.advanceTimersByTimeAsync(1);
      const result = await attached;
      expect(result.created).toBe(true);
      expect(statuses("RoleAssignments_Create")).toEqual([429, 201]);
      expect(assignmentsAtRegistry().map((a) => [a.principalId, a.roleName])).toEqual([[h.kubelet, "AcrPull"]]);
    });
  }

  it("keeps role-assignment writes under ARM's per-minute limit, waiting until the window ends", async () => {
    h.azure.seed.registry({ resourceGroup: "rg", name: "regtwo" });
    h.azure.seed.registry({ resourceGroup: "rg", name: "regthree" });
    h.azure.faults.rateLimit({ writesPerMinute: 2 });
    const link = h.client().integration(CLUSTER);
    const started = Date.now();
    const results = await drive(Promise.all(["regone", "regtwo", "regthree"].map((name) => link.attach(name))));
    expect(results.every((r) => r.created)).toBe(true);
    expect(statuses("RoleAssignments_Create").sort()).toEqual([201, 201, 201, 429]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(60_000);
    expect(h.azure.state.roleAssignments({ principalId: h.kubelet })).toHaveLength(3);
  });
});

describe("transient server errors are retried", () => {
  it("gets past a 500 and then a 503 on reading the cluster", async () => {
    h.azure.faults.add({ operation: "ManagedClusters_Get", status: 500 });
    h.azure.faults.add({ operation: "ManagedClusters_Get", status: 503, nth: 2 });
    const result = await drive(h.client().integration(CLUSTER).attach("regone"));
    expect(result.created).toBe(true);
    expect(statuses("ManagedClusters_Get")).toEqual([500, 503, 200]);
    expect(assignmentsAtRegistry()).toHaveLength(1);
  });
});

describe("a retry budget that runs out ends in a typed error that says what changed", () => {
  it("Throttled after every attempt was throttled, saying nothing was changed", async () => {
    h.azure.faults.add({ operation: "RoleAssignments_Create", throttle: { retryAfterSeconds: 1 }, times: Infinity });
    const error = await rejection(h.client({ retryOptions: { maxRetries: 2 } }).integration(CLUSTER).attach("regone"));
    expect(error.code).toBe("Throttled");
    expect(error.message).toContain("after 3 attempts");
    expect(error.message).toContain("nothing was changed");
    expect(error.changed).toEqual([]);
    expect(statuses("RoleAssignments_Create")).toEqual([429, 429, 429]);
    expect(assignmentsAtRegistry()).toEqual([]);
  });

  it("ServiceUnavailable after every attempt answered 503, read back as not written", async () => {
    h.azure.faults.add({ operation: "RoleAssignments_Create", status: 503, times: Infinity });
    const error = await rejection(h.client({ retryOptions: { maxRetries: 2 } }).integration(CLUSTER).attach("regone"));
    expect(error.code).toBe("ServiceUnavailable");
    expect(error.message).toMatch(/after 3 attempts.*not created; nothing was changed/);
    expect(error.changed).toEqual([]);
    expect(statuses("RoleAssignments_Get")).toEqual([404]);
    expect(assignmentsAtRegistry()).toEqual([]);
  });

  it("an import refused with 429 every time changes no tag and says so", async () => {
    h.azure.faults.add({ operation: "Registries_ImportImage", throttle: true, times: Infinity });
    const error = await rejection(h.client({ retryOptions: { maxRetries: 1 } }).registry("regone").import("docker.io/library/nginx:latest", { tags: ["app:v1"], mode: "Force" }));
    expect(error.code).toBe("Throttled");
    expect(error.message).toContain("nothing was changed");
    expect(error.changed).toEqual([]);
    expect(h.azure.state.images("regone")).toEqual(["app:v1"]);
    expect(h.azure.world.operations.size).toBe(0);
  });

  it("an import whose polls keep failing after ARM accepted it reports that it started", async () => {
    h.azure.faults.add({ operation: "Operations_GetResult", status: 503, times: Infinity });
    const error = await rejection(h.client({ retryOptions: { maxRetries: 1 } }).registry("regone").import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] }));
    expect(error.code).toBe("ServiceUnavailable");
    expect(error.message).toContain("ARM had accepted the import, which may still complete");
    expect(error.changed).toEqual(["started importing docker.io/library/nginx:latest as nginx:v1"]);
    expect([...h.azure.world.operations.values()].map((op) => op.status)).toEqual(["InProgress"]);
  });
});

describe("a dropped connection during the role-assignment PUT is resolved by reading back", () => {
  it("the write landed before the answer was lost: one assignment, reported as created", async () => {
    h.azure.faults.add({ operation: "RoleAssignments_Create", drop: "after" });
    const result = await drive(h.client().integration(CLUSTER).attach("regone"));
    expect(result.created).toBe(true);
    expect(statuses("RoleAssignments_Create")).toEqual([0]);
    expect(statuses("RoleAssignments_Get")).toEqual([200]);
    expect(assignmentsAtRegistry().map((a) => a.name)).toEqual([result.assignmentName]);
  });

  it("the write never arrived: read back finds nothing, writes again once", async () => {
    h.azure.faults.add({ operation: "RoleAssignments_Create", drop: "before" });
    const result = await drive(h.client().integration(CLUSTER).attach("regone"));
    expect(result.created).toBe(true);
    expect(statuses("RoleAssignments_Create")).toEqual([0, 201]);
    expect(statuses("RoleAssignments_Get")).toEqual([404]);
    expect(assignmentsAtRegistry()).toHaveLength(1);
  });

  it("every write is lost before arriving: ServiceUnavailable after the budget, nothing written", async () => {
    h.azure.faults.add({ operation: "RoleAssignments_Create", drop: "before", times: Infinity });
    const error = await rejection(h.client({ retryOptions: { maxRetries: 2 } }).integration(CLUSTER).attach("regone"));
    expect(error.code).toBe("ServiceUnavailable");
    expect(error.message).toContain("nothing was changed");
    expect(error.changed).toEqual([]);
    expect(statuses("RoleAssignments_Create")).toEqual([0, 0, 0]);
    expect(assignmentsAtRegistry()).toEqual([]);
  });
});

describe("identity replication and permissions", () => {
  it("waits out PrincipalNotFound for a new kubelet identity, then assigns once", async () => {
    h.azure.faults.add({ principalNotFound: 3, principalId: h.kubelet });
    const result = await drive(h.client().integration(CLUSTER).attach("regone"));
    expect(result).toMatchObject({ created: true, attempts: 4 });
    expect(statuses("RoleAssignments_Create")).toEqual([400, 400, 400, 201]);
    expect(assignmentsAtRegistry()).toHaveLength(1);
  });

  it("gives up with PrincipalNotReady when replication outlasts the wait budget, creating nothing", async () => {
    h.azure.faults.add({ principalNotFound: 5 });
    const error = await rejection(h.client().integration(CLUSTER).attach("regone", { principalWait: { attempts: 2, initialDelayMs: 100 } }));
    expect(error.code).toBe("PrincipalNotReady");
    expect(error.changed).toEqual([]);
    expect(statuses("RoleAssignments_Create")).toEqual([400, 400]);
    expect(assignmentsAtRegistry()).toEqual([]);
  });

  it("fails at once on AuthorizationFailed, without a retry, naming the missing permission", async () => {
    h.azure.faults.add({ operation: "RoleAssignments_Create", authorizationFailed: true, times: Infinity });
    const error = await rejection(h.client().integration(CLUSTER).attach("regone"));
    expect(error.code).toBe("PermissionDenied");
    expect(error.message).toContain("Microsoft.Authorization/roleAssignments/write");
    expect(statuses("RoleAssignments_Create")).toEqual([403]);
    expect(assignmentsAtRegistry()).toEqual([]);
  });
});

describe("long-running operations that fail, are canceled or run long", () => {
  const importNginx = () => h.client().registry("regone").import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] });

  it("an import operation that fails is OperationFailed with ARM's code, and no tag appears", async () => {
    h.azure.faults.add({ operation: "Registries_ImportImage", fail: { code: "InternalServerError", message: "Import failed in the backend." } });
    const error = await rejection(importNginx());
    expect(error.code).toBe("OperationFailed");
    expect(error.message).toContain("Import failed in the backend");
    expect(h.azure.state.images("regone")).toEqual(["app:v1"]);
  });

  it("a canceled import is OperationFailed saying Canceled, and no tag appears", async () => {
    h.azure.faults.add({ operation: "Registries_ImportImage", canceled: true });
    const error = await rejection(importNginx());
    expect(error.code).toBe("OperationFailed");
    expect(error.message).toContain("Canceled");
    expect(h.azure.state.images("regone")).toEqual(["app:v1"]);
  });

  it("an import that takes 5 polls is followed to the end", async () => {
    h.azure.faults.add({ operation: "Registries_ImportImage", polls: 5 });
    const polls: number[] = [];
    const result = await drive(h.client().registry("regone").import("docker.io/library/nginx:latest", { tags: ["nginx:v1"], onProgress: (e) => e.stage === "polling" && polls.push(e.poll ?? 0) }));
    expect(result.images).toEqual(["regone.azurecr.io/nginx:v1"]);
    expect(statuses("Operations_GetResult")).toEqual([202, 202, 202, 202, 202, 200]);
    expect(polls).toEqual([1, 2, 3, 4, 5, 6]);
    expect(h.azure.state.images("regone")).toEqual(["app:v1", "nginx:v1"]);
  });

  it("a cluster create whose operation fails is OperationFailed, says the cluster was started, and attaches nothing", async () => {
    h.azure.faults.add({ operation: "ManagedClusters_CreateOrUpdate", fail: true });
    const error = await rejection(h.client().cluster({ resourceGroup: "rg", name: "aks2" }).create({ location: "westeurope", attach: ["regone"] }));
    expect(error.code).toBe("OperationFailed");
    expect(error.changed).toEqual([expect.stringContaining("started creating cluster")]);
    expect(h.azure.state.clusters().find((c) => c.name === "aks2")?.provisioningState).toBe("Failed");
    expect(calls(h.azure, "RoleAssignments_Create")).toEqual([]);
    expect(assignmentsAtRegistry()).toEqual([]);
  });
});

describe("races", () => {
  it("two clients attaching the same pair at once end with one assignment, created once", async () => {
    h.azure.faults.add({ operation: "RoleAssignments_Create", latencyMs: 50, times: 2 });
    const [a, b] = await drive(Promise.all([h.client().integration(CLUSTER).attach("regone"), h.client().integration(CLUSTER).attach("regone")]));
    expect([a?.created, b?.created].sort()).toEqual([false, true]);
    expect(a?.assignmentId).toBe(b?.assignmentId);
    expect(assignmentsAtRegistry()).toHaveLength(1);
  });
});
