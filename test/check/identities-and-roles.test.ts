import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/check/index.js";
import { useFakeAzure } from "./harness.js";

const { azure, fresh } = useFakeAzure();
const cluster = { resourceGroup: "rg", name: "aks" };

function servicePrincipalCluster(): { clientId: string; objectId: string; registryId: string } {
  const created = azure.seed.cluster({ resourceGroup: "rg", name: "aks", identity: "servicePrincipal" }) as { properties: { servicePrincipalProfile: { clientId: string } } };
  const clientId = created.properties.servicePrincipalProfile.clientId;
  const principal = [...azure.world.principals.values()].find((p) => p.clientId === clientId);
  if (!principal) throw new Error("the fake did not record the cluster's service principal");
  const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr" }) as { id: string };
  return { clientId, objectId: principal.objectId, registryId: registry.id };
}

describe("check on a service-principal cluster", () => {
  it("looks the service principal up by client id and checks its assignments by object id", async () => {
    const { clientId, objectId, registryId } = servicePrincipalCluster();
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: objectId });
    const report = await runCheck(fresh(), cluster, "myacr");
    expect(report.get("puller")?.finding).toContain(`service principal (client id ${clientId})`);
    expect(report.get("principal")?.finding).toContain(`(object id ${objectId})`);
    expect(report.get("pullRole")?.status).toBe("pass");
    expect(report.ok).toBe(true);
  });

  it("reports a deleted service principal and skips the role check that needs its object id", async () => {
    const { objectId } = servicePrincipalCluster();
    const principal = azure.world.principals.get(objectId.toLowerCase());
    if (!principal) throw new Error("the fake did not record the cluster's service principal");
    principal.deleted = true;
    const report = await runCheck(fresh(), cluster, "myacr");
    expect(report.get("principal")?.status).toBe("fail");
    expect(report.get("principal")?.fix).toContain("--reset-service-principal");
    expect(report.get("pullRole")?.status).toBe("skipped");
  });
});

describe("check with a custom role", () => {
  it("reads the custom role's definition and honours its pull action", async () => {
    const created = azure.seed.cluster({ resourceGroup: "rg", name: "aks" }) as { properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
    const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr" }) as { id: string };
    const guid = "5d3f8a61-7b2c-4e9d-a0f1-2c3b4a5d6e7f";
    azure.world.roleDefinitions.set(guid, {
      name: guid,
      roleName: "Image Puller",
      description: "Pulls images",
      type: "CustomRole",
      permissions: [{ actions: ["Microsoft.ContainerRegistry/registries/pull/read"], notActions: [], dataActions: [], notDataActions: [] }],
      assignableScopes: [`/subscriptions/${azure.subscriptionId}`],
    });
    azure.seed.roleAssignment({ scope: registry.id, role: guid, principalId: created.properties.identityProfile.kubeletidentity.objectId });
    azure.clearRequests();
    const report = await runCheck(fresh(), cluster, "myacr");
    expect(report.get("pullRole")?.status).toBe("pass");
    expect(report.get("pullRole")?.finding).toContain("Image Puller (on the registry)");
    expect(azure.requests.some((r) => r.method === "GET" && r.url.toLowerCase().includes(`/roledefinitions/${guid}`))).toBe(true);
  });
});
