import { createFakeAzure } from "aks-acr/fakes";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { attachToAllClusters } from "./attach-all-clusters.js";

const azure = createFakeAzure();
const server = setupServer(...azure.handlers);
const target = { credential: azure.credential(), subscriptionId: azure.subscriptionId };

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  azure.reset();
  azure.seed.registry({ resourceGroup: "shared", name: "teamacr", images: ["app:v1"] });
});

function kubeletOf(cluster: Record<string, unknown>): string {
  const identity = (cluster["properties"] as { identityProfile: { kubeletidentity: { objectId: string } } }).identityProfile;
  return identity.kubeletidentity.objectId;
}

describe("examples/attach-all-clusters", () => {
  it("grants AcrPull to every cluster of the resource group and to none elsewhere", async () => {
    const inGroup = ["aks-a", "aks-b", "aks-c"].map((name) => azure.seed.cluster({ resourceGroup: "prod", name }));
    const elsewhere = azure.seed.cluster({ resourceGroup: "dev", name: "aks-dev" });

    const outcomes = await attachToAllClusters("teamacr", "prod", target);

    expect(outcomes.map((o) => o.cluster).sort()).toEqual(["aks-a", "aks-b", "aks-c"]);
    expect(outcomes.every((o) => o.result?.created === true)).toBe(true);
    for (const cluster of inGroup) {
      expect(azure.state.roleAssignments({ principalId: kubeletOf(cluster) }).map((a) => a.roleName)).toEqual(["AcrPull"]);
    }
    expect(azure.state.roleAssignments({ principalId: kubeletOf(elsewhere) })).toEqual([]);
  });

  it("changes nothing when run again", async () => {
    azure.seed.cluster({ resourceGroup: "prod", name: "aks-a" });
    await attachToAllClusters("teamacr", "prod", target);
    const before = azure.state.roleAssignments().length;

    const again = await attachToAllClusters("teamacr", "prod", target);

    expect(again.map((o) => o.result?.created)).toEqual([false]);
    expect(azure.state.roleAssignments()).toHaveLength(before);
  });

  it("reports a caller without permission per cluster instead of stopping", async () => {
    azure.seed.cluster({ resourceGroup: "prod", name: "aks-a" });
    const reader = azure.seed.principal({ displayName: "reader" });
    azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}`, role: "Reader", principalId: reader.objectId });

    const outcomes = await attachToAllClusters("teamacr", "prod", { ...target, credential: azure.credential(reader.objectId) });

    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.error?.code).toBe("PermissionDenied");
    expect(outcomes[0]?.error?.message).toContain("Microsoft.Authorization/roleAssignments/write");
  });

  it("does nothing in a resource group without clusters", async () => {
    azure.seed.resourceGroup({ name: "empty" });
    expect(await attachToAllClusters("teamacr", "empty", target)).toEqual([]);
  });
});
