import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ContainerRegistryManagementClient } from "@azure/arm-containerregistry";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { describe, expect, it } from "vitest";
import { serveFakeAzure } from "../helpers/fake-azure.js";

const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
const GUID_1 = "11111111-2222-4333-8444-555555555555";
const GUID_2 = "66666666-7777-4888-9999-aaaaaaaaaaaa";

const { azure } = serveFakeAzure({ lifetime: "file" });

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe("official Azure SDK clients against the fake", () => {
  it("ContainerServiceClient gets and lists the seeded clusters with their kubelet identity", async () => {
    azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
    azure.seed.cluster({ resourceGroup: "rg2", name: "aks-sp", identity: "servicePrincipal" });
    const client = new ContainerServiceClient(azure.credential(), azure.subscriptionId);

    const cluster = await client.managedClusters.get("rg", "aks");
    const held = azure.state.clusters().find((c) => c.name === "aks");
    expect(cluster.identityProfile?.["kubeletidentity"]?.objectId).toBe(held?.kubeletIdentity?.objectId);
    expect(cluster.servicePrincipalProfile?.clientId).toBe("msi");
    expect(cluster.fqdn).toBe(held?.fqdn);

    const all = await collect(client.managedClusters.list());
    expect(all.map((c) => c.name).sort()).toEqual(["aks", "aks-sp"]);
    const byGroup = await collect(client.managedClusters.listByResourceGroup("rg2"));
    expect(byGroup.map((c) => c.servicePrincipalProfile?.clientId)).toEqual([azure.state.clusters().find((c) => c.name === "aks-sp")?.servicePrincipalClientId]);
  });

  it("ContainerRegistryManagementClient gets and lists the seeded registries", async () => {
    azure.seed.registry({ resourceGroup: "rg", name: "myacr01" });
    azure.seed.registry({ resourceGroup: "rg", name: "otheracr02", sku: "Premium" });
    const client = new ContainerRegistryManagementClient(azure.credential(), azure.subscriptionId);

    const registry = await client.registries.get("rg", "myacr01");
    expect(registry.loginServer).toBe("myacr01.azurecr.io");
    const all = await collect(client.registries.list());
    expect(all.map((r) => `${r.name}:${r.sku.name}`).sort()).toEqual(["myacr01:Basic", "otheracr02:Premium"]);
  });

  it("AuthorizationManagementClient creates, reads, lists and deletes a role assignment", async () => {
    const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr01" });
    const scope = registry.id as string;
    const kubelet = azure.seed.principal({ type: "ManagedIdentity" });
    const client = new AuthorizationManagementClient(azure.credential(), azure.subscriptionId);
    const roleDefinitionId = `/subscriptions/${azure.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`;

    const created = await client.roleAssignments.create(scope, GUID_1, { roleDefinitionId, principalId: kubelet.objectId, principalType: "ServicePrincipal" });
    expect(created.id).toBe(`${scope}/providers/Microsoft.Authorization/roleAssignments/${GUID_1}`);
    expect(azure.state.roleAssignments({ scope })).toMatchObject([{ name: GUID_1, roleName: "AcrPull", principalId: kubelet.objectId }]);

    const read = await client.roleAssignments.get(scope, GUID_1);
    expect(read.principalId).toBe(kubelet.objectId);
    expect(read.roleDefinitionId).toBe(roleDefinitionId);

    const atScope = await collect(client.roleAssignments.listForScope(scope, { filter: "atScope()" }));
    expect(atScope.map((a) => a.name).sort()).toEqual([GUID_1, ...azure.state.roleAssignments({ principalId: azure.callerObjectId }).map((a) => a.name)].sort());
    const forPrincipal = await collect(client.roleAssignments.listForScope(scope, { filter: `principalId eq '${kubelet.objectId}'` }));
    expect(forPrincipal.map((a) => a.name)).toEqual([GUID_1]);

    const deleted = await client.roleAssignments.delete(scope, GUID_1);
    expect(deleted.name).toBe(GUID_1);
    expect(azure.state.roleAssignments({ scope })).toEqual([]);
  });

  it("AuthorizationManagementClient reads a role definition at a registry scope", async () => {
    const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr01" });
    const client = new AuthorizationManagementClient(azure.credential(), azure.subscriptionId);
    const role = await client.roleDefinitions.get(registry.id as string, ACR_PULL);
    expect(role.roleName).toBe("AcrPull");
    expect(role.permissions?.[0]?.actions).toEqual(azure.world.roleDefinitions.get(ACR_PULL)?.permissions[0]?.actions);
  });

  it("rejects a duplicate assignment under a new name with RoleAssignmentExists", async () => {
    const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr01" });
    const kubelet = azure.seed.principal({ type: "ManagedIdentity" });
    const client = new AuthorizationManagementClient(azure.credential(), azure.subscriptionId);
    const params = { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`, principalId: kubelet.objectId };
    await client.roleAssignments.create(registry.id as string, GUID_1, params);
    await expect(client.roleAssignments.create(registry.id as string, GUID_2, params)).rejects.toMatchObject({ code: "RoleAssignmentExists", statusCode: 409 });
  });

  it("rejects a caller without roleAssignments/write with AuthorizationFailed", async () => {
    const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr01" });
    const reader = azure.seed.principal({ displayName: "reader" });
    azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}`, role: "Contributor", principalId: reader.objectId });
    const kubelet = azure.seed.principal({ type: "ManagedIdentity" });
    const client = new AuthorizationManagementClient(azure.credential(reader.objectId), azure.subscriptionId);
    const attempt = client.roleAssignments.create(registry.id as string, GUID_1, {
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`,
      principalId: kubelet.objectId,
    });
    await expect(attempt).rejects.toMatchObject({ code: "AuthorizationFailed", statusCode: 403 });
    expect(azure.state.roleAssignments({ scope: registry.id as string })).toEqual([]);
  });
});
