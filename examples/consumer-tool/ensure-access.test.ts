/**
 * How a consumer tests code built on aks-acr: one fake Azure per file, served by msw; each test
 * resets it and seeds only what it needs, then asserts on what the tool returned and on what the
 * fake world holds afterwards.
 */
import { createFakeAzure } from "aks-acr/fakes";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureAcrAccess } from "./ensure-access.js";

const azure = createFakeAzure();
const server = setupServer(...azure.handlers);
const asOwner = () => ({ credential: azure.credential(), subscriptionId: azure.subscriptionId });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => azure.reset());

function kubeletOf(cluster: Record<string, unknown>): string {
  return (cluster["properties"] as { identityProfile: { kubeletidentity: { objectId: string } } }).identityProfile.kubeletidentity.objectId;
}

describe("ensureAcrAccess", () => {
  it("grants each cluster AcrPull on the registry and says so", async () => {
    azure.seed.registry({ resourceGroup: "shared", name: "teamacr" });
    const east = azure.seed.cluster({ resourceGroup: "east", name: "aks" });
    const west = azure.seed.cluster({ resourceGroup: "west", name: "aks" });

    const report = await ensureAcrAccess([{ resourceGroup: "east", name: "aks" }, { resourceGroup: "west", name: "aks" }], "teamacr", asOwner());

    expect(report.map((r) => [r.cluster, r.status, r.role])).toEqual([
      ["east/aks", "granted", "AcrPull"],
      ["west/aks", "granted", "AcrPull"],
    ]);
    for (const cluster of [east, west]) {
      const [grant, ...others] = azure.state.roleAssignments({ principalId: kubeletOf(cluster) });
      expect(others).toEqual([]);
      expect(grant?.roleName).toBe("AcrPull");
      expect(grant?.scope.toLowerCase()).toContain("/registries/teamacr");
    }
  });

  it("reports clusters that can already pull as alreadyGranted, without writing", async () => {
    const registry = azure.seed.registry({ resourceGroup: "shared", name: "teamacr" });
    const cluster = azure.seed.cluster({ resourceGroup: "east", name: "aks" });
    azure.seed.roleAssignment({ scope: registry["id"] as string, role: "AcrPull", principalId: kubeletOf(cluster) });
    azure.clearRequests();

    const [access] = await ensureAcrAccess([{ resourceGroup: "east", name: "aks" }], "teamacr", asOwner());

    expect(access?.status).toBe("alreadyGranted");
    expect(azure.state.roleAssignments({ principalId: kubeletOf(cluster) })).toHaveLength(1);
    expect(azure.requests.filter((r) => r.method === "PUT" && r.status === 201)).toEqual([]);
  });

  it("grants Container Registry Repository Reader on an ABAC registry, where AcrPull would not work", async () => {
    azure.seed.registry({ resourceGroup: "shared", name: "abacacr", roleAssignmentMode: "AbacRepositoryPermissions" });
    const cluster = azure.seed.cluster({ resourceGroup: "east", name: "aks" });

    const [access] = await ensureAcrAccess([{ resourceGroup: "east", name: "aks" }], "abacacr.azurecr.io", asOwner());

    expect(access).toMatchObject({ status: "granted", role: "Container Registry Repository Reader" });
    expect(azure.state.roleAssignments({ principalId: kubeletOf(cluster) }).map((a) => a.roleName)).toEqual(["Container Registry Repository Reader"]);
  });

  it("writes nothing on a dry run", async () => {
    azure.seed.registry({ resourceGroup: "shared", name: "teamacr" });
    const cluster = azure.seed.cluster({ resourceGroup: "east", name: "aks" });

    const [access] = await ensureAcrAccess([{ resourceGroup: "east", name: "aks" }], "teamacr", { ...asOwner(), dryRun: true });

    expect(access?.status).toBe("wouldGrant");
    expect(azure.state.roleAssignments({ principalId: kubeletOf(cluster) })).toEqual([]);
  });

  it("keeps going when one cluster fails, with the error code for each failure", async () => {
    azure.seed.registry({ resourceGroup: "shared", name: "teamacr" });
    azure.seed.cluster({ resourceGroup: "east", name: "aks" });

    const report = await ensureAcrAccess([{ resourceGroup: "east", name: "missing" }, { resourceGroup: "east", name: "aks" }], "teamacr", asOwner());

    expect(report.map((r) => [r.status, r.errorCode])).toEqual([
      ["failed", "NotFound"],
      ["granted", undefined],
    ]);
    expect(report[0]?.detail).toContain("missing");
  });

  it("fails with PermissionDenied for a caller who may read but not assign roles", async () => {
    azure.seed.registry({ resourceGroup: "shared", name: "teamacr" });
    const cluster = azure.seed.cluster({ resourceGroup: "east", name: "aks" });
    const reader = azure.seed.principal({ displayName: "ci pipeline", type: "ServicePrincipal" });
    azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}`, role: "Reader", principalId: reader.objectId });

    const [access] = await ensureAcrAccess([{ resourceGroup: "east", name: "aks" }], "teamacr", {
      credential: azure.credential(reader.objectId),
      subscriptionId: azure.subscriptionId,
    });

    expect(access).toMatchObject({ status: "failed", errorCode: "PermissionDenied" });
    expect(access?.detail).toMatch(/Owner|User Access Administrator/);
    expect(azure.state.roleAssignments({ principalId: kubeletOf(cluster) })).toEqual([]);
  });
});
