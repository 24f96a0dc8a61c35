import { describe, expect, it } from "vitest";
import { createClient } from "../../src/index.js";
import { settleWithFakeTimers, useFakeClock } from "../integration/drive-timers.js";
import { serveFakeAzure } from "../helpers/fake-azure.js";

const served = serveFakeAzure();
const client = () => createClient({ credential: served.azure.credential(), subscriptionId: served.azure.subscriptionId, pacingOptions: { refillPerSecond: { writes: 5, reads: 20 } } });

function seedFleet(count: number, subscriptionId?: string): void {
  for (let i = 0; i < count; i++) served.azure.seed.cluster({ resourceGroup: `fleet-${i % 3}`, name: `aks-${i}`, ...(subscriptionId && { subscriptionId }) });
}

describe("listClusters", () => {
  it("lists a resource group, a subscription or everything visible, each in one Resource Graph request", async () => {
    const other = served.azure.seed.subscription();
    seedFleet(4);
    seedFleet(2, other);
    served.azure.seed.cluster({ resourceGroup: "hidden", name: "nope", subscriptionId: served.azure.seed.subscription({ owner: null }) });
    const azure = client();
    const everything = await azure.listClusters();
    expect(everything.clusters).toHaveLength(6);
    expect(everything.lookup).toEqual({ via: "resourceGraph" });
    expect(everything.clusters[0]).toMatchObject({ provisioningState: "Succeeded", puller: { kind: "kubeletIdentity" } });
    expect((await azure.listClusters({ subscriptionId: other })).clusters.map((c) => c.subscriptionId)).toEqual([other, other]);
    expect((await azure.listClusters({ resourceGroup: "fleet-0" })).clusters.map((c) => c.name).sort()).toEqual(["aks-0", "aks-3"]);
    expect(served.azure.requests.map((r) => r.operation)).toEqual(["Resources_Resources", "Resources_Resources", "Resources_Resources"]);
  });

  it("falls back to the subscriptions one by one where Resource Graph is refused, and says so", async () => {
    seedFleet(3);
    served.azure.faults.add({ operation: "Resources_Resources", authorizationFailed: true, times: Infinity });
    const listed = await client().listClusters();
    expect(listed.clusters).toHaveLength(3);
    expect(listed.lookup).toMatchObject({ via: "subscriptions", reason: expect.stringContaining("403") });
  });

  it("refuses a malformed resource group before any request", async () => {
    await expect(client().listClusters({ resourceGroup: "bad/group" })).rejects.toMatchObject({ code: "InvalidInput" });
    expect(served.azure.requests).toHaveLength(0);
  });
});

describe("attachToClusters", () => {
  it("attaches one registry to 30 clusters with a plain Promise.all under ARM's token bucket: no failure, progress per cluster", async () => {
    useFakeClock();
    seedFleet(30);
    served.azure.seed.registry({ resourceGroup: "rg", name: "fleetacr" });
    served.azure.faults.rateLimit({ tokenBucket: { writes: { bucketSize: 10, refillPerSecond: 5 }, reads: { bucketSize: 40, refillPerSecond: 20 } } });
    const events: number[] = [];
    const result = await settleWithFakeTimers(
      client().attachToClusters("fleetacr", {}, { onProgress: (e) => events.push(e.completed) }),
    );
    expect(result).toMatchObject({ total: 30, attached: 30, failed: 0, role: "AcrPull", lookup: { via: "resourceGraph" } });
    expect(events).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(served.azure.state.roleAssignments({ scope: result.registry.id })).toHaveLength(30);
    const again = await settleWithFakeTimers(client().attachToClusters("fleetacr", {}, {}));
    expect(again).toMatchObject({ attached: 0, unchanged: 30, failed: 0 });
  });

  it("reports a cluster that fails without stopping the others", async () => {
    seedFleet(2);
    served.azure.seed.registry({ resourceGroup: "rg", name: "fleetacr" });
    const result = await client().attachToClusters("fleetacr", [{ resourceGroup: "fleet-0", name: "aks-0" }, { resourceGroup: "fleet-1", name: "missing" }]);
    expect(result.outcomes.map((o) => o.status)).toEqual(["attached", "failed"]);
    expect(result.outcomes[1]?.error).toMatchObject({ code: "NotFound" });
  });
});
