import { describe, expect, it } from "vitest";
import { createIntegration } from "../../src/integration/index.js";
import { useFakeAzure, writes } from "./setup.js";

const assignmentWrites = () => writes(azure).filter((w) => w.operation.startsWith("RoleAssignments_"));

/** Assignments whose principal was deleted from Entra ID: ARM keeps them, showing principalType "Unknown". */
const { azure, context } = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };
const link = () => createIntegration(context(), CLUSTER);

function seedWithOrphans() {
  const cluster = azure.seed.cluster(CLUSTER) as { properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
  const kubelet = cluster.properties.identityProfile.kubeletidentity.objectId;
  const registry = (azure.seed.registry({ resourceGroup: "rg", name: "myacr" }) as { id: string }).id;
  const live = azure.seed.principal({ type: "ServicePrincipal" });
  const gone = azure.seed.principal({ type: "ServicePrincipal", deleted: true });
  const goneToo = azure.seed.principal({ type: "ServicePrincipal", deleted: true });
  const group = `/subscriptions/${azure.subscriptionId}/resourceGroups/rg`;
  const kept = [
    azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: kubelet }),
    azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: live.objectId }),
    azure.seed.roleAssignment({ scope: group, role: "AcrPull", principalId: goneToo.objectId }),
  ] as { id: string }[];
  const orphans = [
    azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: gone.objectId }),
    azure.seed.roleAssignment({ scope: registry, role: "AcrPush", principalId: goneToo.objectId }),
  ] as { id: string }[];
  azure.clearRequests();
  return { registry, kept: kept.map((k) => k.id), orphans: orphans.map((o) => o.id) };
}

describe("orphaned role assignments", () => {
  it("a dry run lists the registry's orphans, and only those, deleting nothing", async () => {
    const { orphans } = seedWithOrphans();

    const result = await link().removeOrphans("myacr", { dryRun: true });

    expect(result.removed.map((a) => a.id).sort()).toEqual([...orphans].sort());
    expect(result.removed.every((a) => a.principalType === "Unknown")).toBe(true);
    expect(result.summary).toMatch(/^Would remove 2 orphaned/);
    expect(assignmentWrites()).toHaveLength(0);
  });

  it("removes them and nothing else: not live principals' grants, not an orphan inherited from the resource group", async () => {
    const { orphans, kept } = seedWithOrphans();

    const result = await link().removeOrphans("myacr");

    expect(result.removed.map((a) => a.id).sort()).toEqual([...orphans].sort());
    expect(assignmentWrites().map((w) => w.method)).toEqual(["DELETE", "DELETE"]);
    const remaining = azure.state.roleAssignments().map((a) => a.id);
    expect(remaining).toEqual(expect.arrayContaining(kept));
    for (const id of orphans) expect(remaining).not.toContain(id);
    expect((await link().removeOrphans("myacr")).summary).toBe("No orphaned role assignments at myacr.");
  });

  it("check warns about them, naming the fix", async () => {
    seedWithOrphans();

    const report = await link().check("myacr");

    expect(report.get("assignments")).toMatchObject({ status: "warn" });
    expect(report.get("assignments")?.finding).toMatch(/2 role assignment\(s\) at myacr name principals that no longer exist/);
    expect(report.get("assignments")?.fix).toContain('.removeOrphans("myacr")');
  });
});
