import { describe, expect, it } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";
import { hasAction, hasDataAction, isParentScope, matches } from "../../fakes/world/authorization.js";
import { newCluster } from "../../fakes/world/clusters.js";

describe("RBAC evaluation in the fake", () => {
  it("matches action wildcards case-insensitively, across segments", () => {
    expect(matches("*", "Microsoft.Authorization/roleAssignments/write")).toBe(true);
    expect(matches("Microsoft.Authorization/*/Write", "Microsoft.Authorization/roleAssignments/write")).toBe(true);
    expect(matches("*/read", "Microsoft.ContainerService/managedClusters/read")).toBe(true);
    expect(matches("*/read", "Microsoft.Authorization/roleAssignments/write")).toBe(false);
    expect(matches("Microsoft.ContainerRegistry/registries/pull/read", "microsoft.containerregistry/registries/pull/read")).toBe(true);
  });

  it("treats a scope as its own parent and `/` as everyone's, ignoring case", () => {
    expect(isParentScope("/", "/subscriptions/s")).toBe(true);
    expect(isParentScope("/subscriptions/S/resourceGroups/RG", "/subscriptions/s/resourcegroups/rg/providers/x/y/z")).toBe(true);
    expect(isParentScope("/subscriptions/s/resourceGroups/rg", "/subscriptions/s/resourceGroups/rg2")).toBe(false);
  });

  it("grants by role and scope: Owner writes assignments, Contributor's notActions exclude it, AcrPull holds no data actions", () => {
    const azure = createFakeAzure();
    const sub = `/subscriptions/${azure.subscriptionId}`;
    const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr01" }).id as string;
    const write = "Microsoft.Authorization/roleAssignments/write";
    const [contributor, puller, reader] = [azure.seed.principal(), azure.seed.principal(), azure.seed.principal()];
    azure.seed.roleAssignment({ scope: sub, role: "contributor", principalId: contributor.objectId });
    azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: puller.objectId });
    azure.seed.roleAssignment({ scope: registry, role: "b93aa761-3e63-49ed-ac28-beffa264f7ac", principalId: reader.objectId });
    const { world } = azure;

    expect(hasAction(world, azure.callerObjectId, registry, write)).toBe(true);
    expect(hasAction(world, contributor.objectId, registry, write)).toBe(false);
    expect(hasAction(world, contributor.objectId, registry, "Microsoft.ContainerRegistry/registries/write")).toBe(true);
    expect(hasAction(world, puller.objectId, registry, "Microsoft.ContainerRegistry/registries/pull/read")).toBe(true);
    expect(hasAction(world, puller.objectId, sub, "Microsoft.ContainerRegistry/registries/pull/read")).toBe(false);
    const contentRead = "Microsoft.ContainerRegistry/registries/repositories/content/read";
    expect([hasDataAction(world, puller.objectId, registry, contentRead), hasDataAction(world, reader.objectId, registry, contentRead)]).toEqual([false, true]);
  });

  it("creates a cluster's kubelet identity the way AKS does, replication delay included", () => {
    const azure = createFakeAzure({ subscriptionId: "00000000-0000-4000-8000-00000000aaaa" });
    azure.knobs.identityReplicationAttempts = 3;
    azure.seed.resourceGroup({ name: "rg", location: "westus2" });
    const cluster = newCluster(azure.world, { subscriptionId: azure.subscriptionId, resourceGroup: "rg", name: "aks", dnsPrefix: "aks-dns" });
    const kubelet = azure.world.principals.get(cluster.kubeletIdentity?.objectId ?? "");
    expect(kubelet).toMatchObject({ type: "ManagedIdentity", clientId: cluster.kubeletIdentity?.clientId, unreplicatedAttempts: 3 });
    expect(cluster.kubeletIdentity?.resourceId).toBe(
      `/subscriptions/${azure.subscriptionId}/resourcegroups/MC_rg_aks_westus2/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-agentpool`,
    );
    expect(cluster.fqdn).toMatch(/^aks-dns-[0-9a-f]{8}\.hcp\.westus2\.azmk8s\.io$/);
    const sp = newCluster(azure.world, { subscriptionId: azure.subscriptionId, resourceGroup: "rg", name: "sp", identity: "servicePrincipal" });
    expect([...azure.world.principals.values()].find((p) => p.clientId === sp.servicePrincipalClientId)?.type).toBe("ServicePrincipal");
  });
});
