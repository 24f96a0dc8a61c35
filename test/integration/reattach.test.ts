import { describe, expect, it } from "vitest";
import { createIntegration } from "../../src/integration/index.js";
import { roundTrips, useFakeAzure, writes } from "./setup.js";

/** Attach run again and again (CI on every deploy, GitOps loops): the re-run is the common case. */
const { azure, context, flights } = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };

function seedPair() {
  const cluster = azure.seed.cluster(CLUSTER) as { properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
  const registry = (azure.seed.registry({ resourceGroup: "rg", name: "myacr" }) as { id: string }).id;
  azure.clearRequests();
  return { registry, kubelet: cluster.properties.identityProfile.kubeletidentity.objectId };
}

const link = (credential?: string) => createIntegration(context(credential === undefined ? {} : { credential }), CLUSTER);

async function attachedOnce(registry: string) {
  const first = await link().attach(registry);
  azure.clearRequests();
  flights.splice(0);
  return first;
}

describe("first attach by id", () => {
  it("reads cluster, registry and the pair's assignment in one round trip, then one PUT: 2 round trips", async () => {
    const { registry } = seedPair();

    const result = await link().attach(registry);

    expect(result).toMatchObject({ created: true, attempts: 1 });
    expect(azure.requests.map((r) => `${r.method} ${r.operation} ${r.status}`).sort()).toEqual([
      "GET ManagedClusters_Get 200",
      "GET Registries_Get 200",
      "GET RoleAssignments_Get 404",
      "PUT RoleAssignments_Create 201",
    ]);
    expect(roundTrips(flights)).toBeLessThanOrEqual(2);
  });
});

describe("re-attach", () => {
  it("by id: 0 writes and 1 round trip, reporting the grant that is there", async () => {
    const { registry, kubelet } = seedPair();
    const first = await attachedOnce(registry);

    const again = await link().attach(registry);

    expect(again).toMatchObject({ created: false, alreadyPresent: "sameName", attempts: 0, assignmentId: first.assignmentId, principal: { objectId: kubelet } });
    expect(again.replaced).toBeUndefined();
    expect(writes(azure)).toHaveLength(0);
    expect(azure.requests.map((r) => `${r.method} ${r.operation} ${r.status}`).sort()).toEqual([
      "GET ManagedClusters_Get 200",
      "GET Registries_Get 200",
      "GET RoleAssignments_Get 200",
    ]);
    expect(roundTrips(flights)).toBe(1);
    expect(again.summary).toMatch(/^Nothing changed/);
  });

  it("by id with an explicit role: 2 requests (cluster, assignment), 1 round trip", async () => {
    const { registry } = seedPair();
    await attachedOnce(registry);

    await link().attach(registry, { role: "AcrPull" });

    expect(azure.requests.map((r) => r.operation).sort()).toEqual(["ManagedClusters_Get", "RoleAssignments_Get"]);
    expect(roundTrips(flights)).toBe(1);
  });

  it("by name: 0 writes, 1 round trip (the Resource Graph query that finds the name brings the pair's assignment)", async () => {
    const { registry } = seedPair();
    await attachedOnce(registry);

    const again = await link().attach("myacr");

    expect(again.alreadyPresent).toBe("sameName");
    expect(writes(azure).filter((w) => w.operation.startsWith("RoleAssignments_"))).toHaveLength(0);
    expect(roundTrips(flights)).toBe(1);
  });

  it("succeeds for a caller that may only read (Reader): no write is sent, so no 403", async () => {
    const { registry } = seedPair();
    await attachedOnce(registry);
    const reader = azure.seed.principal({ displayName: "ci-reader", type: "ServicePrincipal" });
    azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}`, role: "Reader", principalId: reader.objectId });

    const again = await link(reader.objectId).attach(registry);

    expect(again).toMatchObject({ created: false, alreadyPresent: "sameName" });
    expect(azure.requests.every((r) => r.caller === reader.objectId && r.status === 200)).toBe(true);
    expect(writes(azure)).toHaveLength(0);
    expect(roundTrips(flights)).toBe(1);
  });
});

describe("an equivalent assignment under another name (made by az or the portal)", () => {
  it("is found through ARM's 409 RoleAssignmentExists and a principal-filtered list, and not duplicated", async () => {
    const { registry, kubelet } = seedPair();
    const byAz = azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: kubelet }) as { id: string };
    azure.clearRequests();

    const result = await link().attach(registry);

    expect(result).toMatchObject({ created: false, alreadyPresent: "otherName", assignmentId: byAz.id });
    expect(azure.requests.map((r) => `${r.method} ${r.operation} ${r.status}`)).toEqual(expect.arrayContaining(["PUT RoleAssignments_Create 409", "GET RoleAssignments_ListForScope 200"]));
    const listed = azure.requests.find((r) => r.operation === "RoleAssignments_ListForScope");
    expect(new URL(listed?.url ?? "").searchParams.get("$filter")).toBe(`atScope() and assignedTo('${kubelet}')`);
    expect(roundTrips(flights)).toBe(3);
    expect(azure.state.roleAssignments({ scope: registry })).toHaveLength(1);
  });
});

describe("dry run", () => {
  it("of a first attach: reads, lists the principal's assignments to find one under another name, writes nothing", async () => {
    const { registry, kubelet } = seedPair();

    const result = await link().attach(registry, { dryRun: true });

    expect(result).toMatchObject({ dryRun: true, created: false, attempts: 0, role: { name: "AcrPull" } });
    expect(result.summary).toMatch(/would assign AcrPull/i);
    expect(writes(azure)).toHaveLength(0);
    const listed = azure.requests.find((r) => r.operation === "RoleAssignments_ListForScope");
    expect(new URL(listed?.url ?? "").searchParams.get("$filter")).toBe(`atScope() and assignedTo('${kubelet}')`);
    expect(roundTrips(flights)).toBe(2);
    expect(azure.state.roleAssignments({ scope: registry })).toEqual([]);
  });

  it("when az made the grant: nothing to do, naming that assignment", async () => {
    const { registry, kubelet } = seedPair();
    const byAz = azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: kubelet }) as { id: string };

    const result = await link().attach(registry, { dryRun: true });

    expect(result).toMatchObject({ alreadyPresent: "otherName", assignmentId: byAz.id });
    expect(result.summary).toMatch(/nothing to do/);
    expect(writes(azure)).toHaveLength(0);
  });

  it("of a re-attach: one round trip, nothing to do", async () => {
    const { registry } = seedPair();
    const first = await attachedOnce(registry);

    const result = await link().attach(registry, { dryRun: true });

    expect(result).toMatchObject({ dryRun: true, alreadyPresent: "sameName", assignmentId: first.assignmentId });
    expect(result.summary).toMatch(/nothing to do/);
    expect(writes(azure)).toHaveLength(0);
    expect(roundTrips(flights)).toBe(1);
  });
});
