import { describe, expect, it } from "vitest";
import { hasErrorCode } from "../../src/errors.js";
import { createIntegration } from "../../src/integration/index.js";
import { roundTrips, useFakeAzure, writes } from "./setup.js";
import { recreateCluster } from "./world-changes.js";

const { azure, context, flights } = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };

function seed() {
  const cluster = azure.seed.cluster(CLUSTER) as { properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
  const registry = (azure.seed.registry({ resourceGroup: "rg", name: "myacr" }) as { id: string }).id;
  const kubelet = cluster.properties.identityProfile.kubeletidentity.objectId;
  const group = `/subscriptions/${azure.subscriptionId}/resourceGroups/rg`;
  return { registry, kubelet, group };
}

const link = () => createIntegration(context(), CLUSTER);

describe("detach", () => {
  it("removes exactly this principal's pull roles at the registry, and reports what still grants pull", async () => {
    const { registry, kubelet, group } = seed();
    const other = azure.seed.principal({ type: "ServicePrincipal" });
    const acrPull = azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: kubelet }) as { id: string };
    const reader = azure.seed.roleAssignment({ scope: registry, role: "Container Registry Repository Reader", principalId: kubelet }) as { id: string };
    const inherited = azure.seed.roleAssignment({ scope: group, role: "AcrPull", principalId: kubelet }) as { id: string };
    const push = azure.seed.roleAssignment({ scope: registry, role: "AcrPush", principalId: kubelet }) as { id: string };
    const someoneElse = azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: other.objectId }) as { id: string };
    azure.clearRequests();

    const result = await link().detach("myacr");

    expect(result.removed.map((a) => a.id).sort()).toEqual([acrPull.id, reader.id].sort());
    expect(result.nothingFound).toBe(false);
    const left = Object.fromEntries(result.left.map((l) => [l.assignment.id, l.reason]));
    expect(Object.keys(left).sort()).toEqual([inherited.id, push.id].sort());
    expect(left[inherited.id]).toMatch(/inherited from .*resourceGroups\/rg/);
    expect(left[push.id]).toMatch(/more than pull/);
    const remaining = azure.state.roleAssignments().map((a) => a.id);
    expect(remaining).toEqual(expect.arrayContaining([inherited.id, push.id, someoneElse.id]));
    expect(remaining).not.toContain(acrPull.id);
    expect(remaining).not.toContain(reader.id);
    expect(writes(azure).map((w) => w.method)).toEqual(["DELETE", "DELETE"]);
  });

  it("removes a broader role when the roles option names it", async () => {
    const { registry, kubelet } = seed();
    const push = azure.seed.roleAssignment({ scope: registry, role: "AcrPush", principalId: kubelet }) as { id: string };

    const result = await link().detach("myacr", { roles: ["AcrPush"] });

    expect(result.removed.map((a) => a.id)).toEqual([push.id]);
    expect(azure.state.roleAssignments({ scope: registry })).toEqual([]);
  });

  it("says so when there was nothing to remove, instead of a silent success", async () => {
    seed();

    const result = await link().detach("myacr");

    expect(result).toMatchObject({ removed: [], left: [], nothingFound: true });
    expect(result.summary).toMatch(/^Nothing to remove/);
    expect(writes(azure)).toEqual([]);
  });

  it("undoes an attach", async () => {
    const { registry } = seed();
    const attached = await link().attach("myacr");

    const result = await link().detach("myacr");

    expect(result.removed.map((a) => a.id)).toEqual([attached.assignmentId]);
    expect(azure.state.roleAssignments({ scope: registry })).toEqual([]);
  });

  it("on a dry run lists what it would remove and deletes nothing", async () => {
    const { registry, kubelet } = seed();
    const acrPull = azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: kubelet }) as { id: string };
    azure.clearRequests();

    const result = await link().detach("myacr", { dryRun: true });

    expect(result).toMatchObject({ dryRun: true, nothingFound: false });
    expect(result.removed.map((a) => a.id)).toEqual([acrPull.id]);
    expect(result.summary).toMatch(/^Would remove AcrPull/);
    expect(writes(azure)).toEqual([]);
    expect(azure.state.roleAssignments({ scope: registry })).toHaveLength(1);
  });

  it("by resource id reads the cluster and the pair's assignment together, then only this identity's assignments (filtered by ARM), then the DELETE", async () => {
    const { registry, kubelet } = seed();
    azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: kubelet });
    azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: azure.seed.principal({ type: "ServicePrincipal" }).objectId });
    azure.clearRequests();

    await link().detach(registry);

    expect(azure.requests.map((r) => `${r.method} ${r.operation}`).sort()).toEqual([
      "DELETE RoleAssignments_Delete",
      "GET ManagedClusters_Get",
      "GET RoleAssignments_Get",
      "GET RoleAssignments_ListForScope",
    ]);
    const listed = azure.requests.find((r) => r.operation === "RoleAssignments_ListForScope");
    expect(new URL(listed?.url ?? "").searchParams.get("$filter")).toBe(`atScope() and assignedTo('${kubelet}')`);
    expect(roundTrips(flights)).toBe(3);
  });

  it("also removes the pair's assignment when it still names the cluster's previous identity", async () => {
    const { registry } = seed();
    const attached = await link().attach(registry);
    recreateCluster(azure, CLUSTER);

    const result = await link().detach(registry);

    expect(result.removed.map((a) => a.id)).toEqual([attached.assignmentId]);
    expect(azure.state.roleAssignments({ scope: registry })).toEqual([]);
  });

  it("a caller who may not delete assignments gets PermissionDenied naming the action", async () => {
    const { registry, kubelet } = seed();
    azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: kubelet });
    const bob = azure.seed.principal({ displayName: "bob" });
    azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}`, role: "Reader", principalId: bob.objectId });

    const error = await createIntegration(context({ credential: bob.objectId }), CLUSTER).detach("myacr").catch((e: unknown) => e);

    expect(hasErrorCode(error, "PermissionDenied")).toBe(true);
    expect((error as Error).message).toContain("Microsoft.Authorization/roleAssignments/delete");
    expect(azure.state.roleAssignments({ scope: registry })).toHaveLength(1);
  });
});
