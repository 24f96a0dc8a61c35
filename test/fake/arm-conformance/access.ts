import { describe, expect, it } from "vitest";
import { collect } from "./clients.js";
import type { Harness } from "./harness.js";

const POLL = { updateIntervalInMs: 1 };
const NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7";
const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
const GUID_1 = "11111111-2222-4333-8444-555555555555";
const GUID_2 = "66666666-7777-4888-9999-aaaaaaaaaaaa";

/** Identities (@azure/arm-msi), role assignments and definitions (@azure/arm-authorization), resource groups (@azure/arm-resources). */
export function accessConformance(get: () => Harness): void {
  describe("user-assigned identities (@azure/arm-msi)", () => {
    it("creates, reads, lists by group and subscription across pages, and deletes identities with their principals", async () => {
      const { azure, clients } = get();
      const created = await clients.msi.userAssignedIdentities.createOrUpdate("rg", "id1", { location: "westeurope", tags: { team: "a" } });
      expect(azure.world.principals.get((created.principalId ?? "").toLowerCase())).toMatchObject({ type: "ManagedIdentity", clientId: created.clientId, deleted: false });
      expect(created.tenantId).toBe(azure.tenantId);
      expect(await clients.msi.userAssignedIdentities.get("rg", "id1")).toMatchObject({ principalId: created.principalId, tags: { team: "a" } });
      azure.seed.userAssignedIdentity({ resourceGroup: "rg", name: "id2" });
      azure.seed.userAssignedIdentity({ resourceGroup: "other", name: "id3" });
      expect((await collect(clients.msi.userAssignedIdentities.listByResourceGroup("rg"))).map((i) => i.name).sort()).toEqual(["id1", "id2"]);
      expect((await collect(clients.msi.userAssignedIdentities.listBySubscription())).map((i) => i.name).sort()).toEqual(["id1", "id2", "id3"]);
      await clients.msi.userAssignedIdentities.delete("rg", "id1");
      expect([...azure.world.userAssignedIdentities.values()].map((i) => i.name).sort()).toEqual(["id2", "id3"]);
      expect(azure.world.principals.get((created.principalId ?? "").toLowerCase())?.deleted).toBe(true);
      await expect(clients.msi.userAssignedIdentities.get("rg", "id1")).rejects.toMatchObject({ statusCode: 404 });
    });
  });

  describe("role assignments and definitions (@azure/arm-authorization)", () => {
    it("assigns Network Contributor on a subnet as `az aks create --vnet-subnet-id` does, and lists it across pages", async () => {
      const { azure, clients } = get();
      const identity = await clients.msi.userAssignedIdentities.createOrUpdate("rg", "control", { location: "westeurope" });
      const subnet = `/subscriptions/${azure.subscriptionId}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks-subnet`;
      const [role] = await collect(clients.authorization.roleDefinitions.list(subnet, { filter: "roleName eq 'Network Contributor'" }));
      expect(role?.name).toBe(NETWORK_CONTRIBUTOR);
      expect(role?.permissions?.[0]?.actions).toContain("Microsoft.Network/*");
      await clients.authorization.roleAssignments.create(subnet, GUID_1, { roleDefinitionId: role?.id ?? "", principalId: identity.principalId ?? "" });
      expect(azure.state.roleAssignments({ scope: subnet })).toMatchObject([{ roleName: "Network Contributor", principalId: identity.principalId, principalType: "ManagedIdentity" }]);
      const read = await clients.authorization.roleAssignments.get(subnet, GUID_1);
      // ARM sends the unset fields as explicit nulls, and the client passes them on.
      expect([read.principalType, read.condition, read.description]).toEqual(["ServicePrincipal", null, null]);
      const listed = await collect(clients.authorization.roleAssignments.listForScope(subnet, { filter: "atScope()" }));
      expect(listed.map((a) => a.name).sort()).toEqual([GUID_1, ...azure.state.roleAssignments({ principalId: azure.callerObjectId }).map((a) => a.name)].sort());
    });

    it("shows the assignments of a deleted identity with principalType Unknown", async () => {
      const { azure, clients } = get();
      const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr01" }).id as string;
      const identity = await clients.msi.userAssignedIdentities.createOrUpdate("rg", "puller", { location: "westeurope" });
      const roleDefinitionId = `/subscriptions/${azure.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`;
      await clients.authorization.roleAssignments.create(registry, GUID_2, { roleDefinitionId, principalId: identity.principalId ?? "", principalType: "ServicePrincipal" });
      await clients.msi.userAssignedIdentities.delete("rg", "puller");
      const orphan = await clients.authorization.roleAssignments.get(registry, GUID_2);
      expect([orphan.principalId, orphan.principalType]).toEqual([identity.principalId, "Unknown"]);
      await clients.authorization.roleAssignments.delete(registry, GUID_2);
      expect(azure.state.roleAssignments({ scope: registry })).toEqual([]);
    });

    it("serves the built-in catalogue with the real GUIDs the AKS and ACR flows name", async () => {
      const { clients, azure } = get();
      const scope = `/subscriptions/${azure.subscriptionId}`;
      const names = (await collect(clients.authorization.roleDefinitions.list(scope, { filter: "type eq 'BuiltInRole'" }))).map((r) => `${r.roleName}=${r.name}`);
      expect(names).toEqual(
        expect.arrayContaining([
          "Managed Identity Operator=f1a07417-d97a-45cb-824c-7a7467783830",
          "Azure Kubernetes Service Cluster User Role=4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
          "Azure Kubernetes Service RBAC Cluster Admin=b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
          "Container Registry Repository Contributor=2efddaa5-3f1f-4df3-97df-af3f13818f4c",
          "AcrPush=8311e382-0749-4cb8-b61a-304f252e45ec",
          "Role Based Access Control Administrator=f58310d9-a9f6-439a-9e8d-f62e7b41a168",
        ]),
      );
      const reader = await clients.authorization.roleDefinitions.get(scope, "7f6c6a51-bcf8-42ba-9220-52d62157d7db");
      expect(reader.permissions?.[0]?.dataActions).toContain("Microsoft.ContainerService/managedClusters/pods/read");
    });
  });

  describe("resource groups (@azure/arm-resources)", () => {
    it("creates and lists groups across pages, and deletes a group with everything it holds (the usual teardown)", async () => {
      const { azure, clients } = get();
      await clients.resources.resourceGroups.createOrUpdate("teardown", { location: "westeurope" });
      await clients.resources.resourceGroups.createOrUpdate("keep", { location: "westeurope" });
      expect((await collect(clients.resources.resourceGroups.list())).map((g) => g.name).sort()).toEqual(["keep", "rg", "teardown"]);
      const cluster = azure.seed.cluster({ resourceGroup: "teardown", name: "aks" });
      const registry = azure.seed.registry({ resourceGroup: "teardown", name: "myacr01" }).id as string;
      const identity = azure.seed.userAssignedIdentity({ resourceGroup: "teardown", name: "id1" }) as { properties: { principalId: string } };
      azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: identity.properties.principalId });
      const elsewhere = azure.seed.registry({ resourceGroup: "keep", name: "myacr02" }).id as string;
      azure.seed.roleAssignment({ scope: elsewhere, role: "AcrPull", principalId: identity.properties.principalId });
      const listed = await collect(clients.resources.resources.listByResourceGroup("teardown"));
      expect(listed.map((r) => r.type).sort()).toEqual(["Microsoft.ContainerRegistry/registries", "Microsoft.ContainerService/managedClusters", "Microsoft.ManagedIdentity/userAssignedIdentities"]);

      await clients.resources.resourceGroups.beginDeleteAndWait("teardown", POLL);
      expect(azure.state.clusters().filter((c) => c.id === cluster.id)).toEqual([]);
      expect(azure.state.registries().map((r) => r.name)).toEqual(["myacr02"]);
      expect([...azure.world.userAssignedIdentities.values()]).toEqual([]);
      expect(azure.state.roleAssignments({ scope: registry })).toEqual([]);
      expect(azure.state.roleAssignments({ scope: elsewhere })).toHaveLength(1);
      expect(await clients.resources.resourceGroups.checkExistence("teardown")).toMatchObject({ body: false });
      await expect(clients.resources.resourceGroups.beginDeleteAndWait("teardown", POLL)).rejects.toMatchObject({ statusCode: 404, code: "ResourceGroupNotFound" });
    });
  });
}
