import { describe, expect, it } from "vitest";
import { collect } from "./clients.js";
import type { Harness } from "./harness.js";

const POLL = { updateIntervalInMs: 1 };
const pool = (name = "nodepool1", count = 2) => [{ name, count, vmSize: "Standard_DS2_v2", mode: "System" as const }];

/** Managed clusters and their sub-resources, driven by @azure/arm-containerservice. */
export function clusterConformance(get: () => Harness): void {
  describe("managed clusters (@azure/arm-containerservice)", () => {
    it("creates a UserAssigned cluster with the caller's own kubelet identity and honours both", async () => {
      const { azure, clients } = get();
      const control = await clients.msi.userAssignedIdentities.createOrUpdate("rg", "aks-control", { location: "westeurope" });
      const kubelet = await clients.msi.userAssignedIdentities.createOrUpdate("rg", "aks-kubelet", { location: "westeurope" });
      const created = await clients.aks.managedClusters.beginCreateOrUpdateAndWait(
        "rg",
        "aks",
        {
          location: "westeurope",
          identity: { type: "UserAssigned", userAssignedIdentities: { [control.id ?? ""]: {} } },
          identityProfile: { kubeletidentity: { resourceId: kubelet.id ?? "" } },
          dnsPrefix: "aks",
          agentPoolProfiles: pool("pool1"),
        },
        POLL,
      );
      expect(created.identity?.type).toBe("UserAssigned");
      expect(created.identity?.userAssignedIdentities?.[control.id ?? ""]).toMatchObject({ principalId: control.principalId, clientId: control.clientId });
      expect(created.identityProfile?.["kubeletidentity"]).toMatchObject({ resourceId: kubelet.id, objectId: kubelet.principalId, clientId: kubelet.clientId });
      const held = azure.state.clusters().find((c) => c.name === "aks");
      expect(held?.kubeletIdentity?.objectId).toBe(kubelet.principalId);
      expect(held?.identity?.userAssignedIdentities?.[control.id ?? ""]?.principalId).toBe(control.principalId);
      expect(created.id).toBe(`/subscriptions/${azure.subscriptionId}/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`);
    });

    it("gives a SystemAssigned cluster an identity principal in the directory, and an eTag that changes on writes", async () => {
      const { azure, clients } = get();
      const created = await clients.aks.managedClusters.beginCreateOrUpdateAndWait("rg", "aks", { location: "westeurope", identity: { type: "SystemAssigned" }, dnsPrefix: "aks", agentPoolProfiles: pool() }, POLL);
      const principalId = created.identity?.principalId ?? "";
      expect(created.identity?.tenantId).toBe(azure.tenantId);
      expect(azure.world.principals.get(principalId.toLowerCase())).toMatchObject({ type: "ManagedIdentity", deleted: false });
      expect(created.eTag).toBe(azure.state.clusters()[0]?.eTag);
      const tagged = await clients.aks.managedClusters.beginUpdateTagsAndWait("rg", "aks", { tags: { env: "ci" } }, POLL);
      expect(tagged.tags).toEqual({ env: "ci" });
      expect(azure.state.clusters()[0]?.tags).toEqual({ env: "ci" });
      expect(tagged.eTag).not.toBe(created.eTag);
    });

    it("answers 409 OperationNotAllowed to a write while the cluster is still Creating", async () => {
      const { azure, clients } = get();
      azure.knobs.lroPolls = 100;
      const body = { location: "westeurope", identity: { type: "SystemAssigned" as const }, dnsPrefix: "aks", agentPoolProfiles: pool() };
      await clients.aks.managedClusters.beginCreateOrUpdate("rg", "aks", body, POLL);
      expect(azure.state.clusters()[0]?.provisioningState).toBe("Creating");
      await expect(clients.aks.managedClusters.beginCreateOrUpdateAndWait("rg", "aks", { ...body, tags: { a: "b" } }, POLL)).rejects.toMatchObject({ statusCode: 409, code: "OperationNotAllowed" });
      await expect(clients.aks.managedClusters.beginUpdateTagsAndWait("rg", "aks", { tags: { a: "b" } }, POLL)).rejects.toMatchObject({ statusCode: 409, code: "OperationNotAllowed" });
      expect(azure.state.clusters()[0]?.tags).toEqual({});
    });

    it("lists clusters across pages, by subscription and by resource group", async () => {
      const { azure, clients } = get();
      for (const name of ["a1", "a2", "a3"]) azure.seed.cluster({ resourceGroup: "rg", name });
      azure.seed.cluster({ resourceGroup: "other", name: "b1", identity: "servicePrincipal" });
      expect((await collect(clients.aks.managedClusters.list())).map((c) => c.name).sort()).toEqual(["a1", "a2", "a3", "b1"]);
      expect((await collect(clients.aks.managedClusters.listByResourceGroup("rg"))).map((c) => c.name).sort()).toEqual(["a1", "a2", "a3"]);
      expect(azure.requests.filter((r) => r.operation === "ManagedClusters_List")).toHaveLength(Math.ceil(4 / azure.knobs.pageSize));
    });

    it("reads agent pools and the upgrade profile of the cluster the world holds", async () => {
      const { azure, clients } = get();
      azure.seed.cluster({ resourceGroup: "rg", name: "aks", nodeCount: 4, kubernetesVersion: "1.31" });
      const pools = await collect(clients.aks.agentPools.list("rg", "aks"));
      expect(pools.map((p) => [p.name, p.count, p.vmSize, p.mode])).toEqual([["nodepool1", 4, "Standard_DS2_v2", "System"]]);
      expect((await clients.aks.agentPools.get("rg", "aks", "nodepool1")).currentOrchestratorVersion).toBe("1.31.8");
      await expect(clients.aks.agentPools.get("rg", "aks", "missing")).rejects.toMatchObject({ statusCode: 404 });
      const profile = await clients.aks.managedClusters.getUpgradeProfile("rg", "aks");
      expect(profile.controlPlaneProfile.kubernetesVersion).toBe("1.31.8");
      expect(profile.controlPlaneProfile.upgrades?.map((u) => u.kubernetesVersion)).toEqual(["1.32.5", "1.33.1"]);
      expect(profile.agentPoolProfiles.map((p) => p.name)).toEqual(["nodepool1"]);
    });

    it("hands out user credentials and deletes the cluster, taking the identities AKS made with it", async () => {
      const { azure, clients } = get();
      const created = await clients.aks.managedClusters.beginCreateOrUpdateAndWait("rg", "aks", { location: "westeurope", identity: { type: "SystemAssigned" }, dnsPrefix: "aks", agentPoolProfiles: pool() }, POLL);
      const credentials = await clients.aks.managedClusters.listClusterUserCredentials("rg", "aks");
      // In-process the server is the cluster's FQDN; over listen() it is the fake's loopback URL for it.
      expect(Buffer.from(credentials.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString()).toMatch(/^\s*name: aks$/m);
      await clients.aks.managedClusters.beginDeleteAndWait("rg", "aks", POLL);
      expect(azure.state.clusters()).toEqual([]);
      const kubelet = created.identityProfile?.["kubeletidentity"]?.objectId ?? "";
      expect(azure.world.principals.get(kubelet.toLowerCase())?.deleted).toBe(true);
      expect(azure.world.principals.get((created.identity?.principalId ?? "").toLowerCase())?.deleted).toBe(true);
    });
  });
}
