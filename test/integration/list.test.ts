import { describe, expect, it } from "vitest";
import { createIntegration } from "../../src/integration/index.js";
import { useFakeAzure } from "./setup.js";
import { recreateCluster } from "./world-changes.js";

const { azure, context } = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };

describe("list", () => {
  it("lists the registries the kubelet identity can pull from, with the role, scope and whether the registry honours it", async () => {
    const cluster = azure.seed.cluster(CLUSTER) as { properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
    const kubelet = cluster.properties.identityProfile.kubeletidentity.objectId;
    const legacy = (azure.seed.registry({ resourceGroup: "rg", name: "legacyacr" }) as { id: string }).id;
    const abac = (azure.seed.registry({ resourceGroup: "rg", name: "abacacr", roleAssignmentMode: "AbacRepositoryPermissions" }) as { id: string }).id;
    const other = azure.seed.subscription();
    const inGroup = (azure.seed.registry({ resourceGroup: "team", name: "teamacr", subscriptionId: other }) as { id: string }).id;
    (azure.seed.registry({ resourceGroup: "rg", name: "unrelatedacr" }) as { id: string }).id;
    azure.seed.roleAssignment({ scope: legacy, role: "AcrPull", principalId: kubelet });
    azure.seed.roleAssignment({ scope: abac, role: "AcrPull", principalId: kubelet });
    azure.seed.roleAssignment({ scope: `/subscriptions/${other}/resourceGroups/team`, role: "AcrPull", principalId: kubelet });

    const result = await createIntegration(context(), CLUSTER).list();

    const byId = Object.fromEntries(result.registries.map((r) => [r.registry.id, r]));
    expect(Object.keys(byId).sort()).toEqual([legacy, abac, inGroup].sort());
    expect(byId[legacy]).toMatchObject({ canPull: true, grants: [{ effective: true, inherited: false, assignment: { role: { name: "AcrPull" } } }] });
    expect(byId[abac]).toMatchObject({ canPull: false, grants: [{ effective: false }] });
    expect(byId[abac]?.grants[0]?.reason).toMatch(/Repository Reader/);
    expect(byId[inGroup]).toMatchObject({ canPull: true, grants: [{ inherited: true }] });
    expect(result.principal.objectId).toBe(kubelet);
    expect(result.unreadableSubscriptions).toEqual([]);
  });

  it("lists nothing for a cluster that was never attached", async () => {
    azure.seed.cluster(CLUSTER);
    azure.seed.registry({ resourceGroup: "rg", name: "myacr" });

    const result = await createIntegration(context(), CLUSTER).list();

    expect(result.registries).toEqual([]);
  });

  it("reports the registries where the assignment this cluster owns still names its previous, deleted identity", async () => {
    azure.seed.cluster(CLUSTER);
    const registry = (azure.seed.registry({ resourceGroup: "rg", name: "myacr" }) as { id: string }).id;
    azure.seed.registry({ resourceGroup: "rg", name: "otheracr" });
    const attached = await createIntegration(context(), CLUSTER).attach(registry);
    recreateCluster(azure, CLUSTER);

    const result = await createIntegration(context(), CLUSTER).list();

    expect(result.registries).toEqual([]);
    expect(result.stale).toEqual([
      expect.objectContaining({ registry: expect.objectContaining({ id: registry }), orphaned: true, assignment: expect.objectContaining({ id: attached.assignmentId, principalType: "Unknown" }) }),
    ]);
    expect(result.stale[0]?.reason).toMatch(/no longer exists in Entra ID.*attach again/);
  });
});
