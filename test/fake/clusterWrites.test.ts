import { ContainerServiceClient } from "@azure/arm-containerservice";
import { beforeEach, describe, expect, it } from "vitest";
import { seedResourceGroup, serveFakeAzure } from "../helpers/fake-azure.js";

const { azure } = serveFakeAzure({ lifetime: "file", seed: seedResourceGroup });
let client: ContainerServiceClient;
const POLL = { updateIntervalInMs: 1 };

beforeEach(() => {
  client = new ContainerServiceClient(azure.credential(), azure.subscriptionId);
});

const managedCluster = {
  location: "westeurope",
  identity: { type: "SystemAssigned" as const },
  dnsPrefix: "aks-dns",
  agentPoolProfiles: [{ name: "nodepool1", count: 2, vmSize: "Standard_DS2_v2", mode: "System" as const }],
};

async function put(body: unknown, name = "aks"): Promise<Response> {
  const token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
  return fetch(`https://management.azure.com/subscriptions/${azure.subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}?api-version=2026-04-01`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("managed cluster create, update and delete through the official client", () => {
  it("creates a cluster with a kubelet identity through the long-running operation", async () => {
    azure.knobs.lroPolls = 2;
    const created = await client.managedClusters.beginCreateOrUpdateAndWait("rg", "aks", managedCluster, POLL);
    expect(created.provisioningState).toBe("Succeeded");
    expect(created.fqdn).toMatch(/^aks-dns-[0-9a-f]{8}\.hcp\.westeurope\.azmk8s\.io$/);
    const kubelet = created.identityProfile?.["kubeletidentity"]?.objectId ?? "";
    expect(azure.world.principals.get(kubelet.toLowerCase())?.type).toBe("ManagedIdentity");
    const statusPolls = azure.requests.filter((r) => r.operation === "Operations_GetStatus");
    expect(statusPolls).toHaveLength(3);
  });

  it("shows Creating until the operation completes, on the wire", async () => {
    azure.knobs.lroPolls = 1;
    const response = await put({ location: "westeurope", identity: { type: "SystemAssigned" }, properties: managedClusterProperties() });
    expect(response.status).toBe(201);
    expect(response.headers.get("azure-asyncoperation")).toMatch(/\/providers\/Microsoft\.ContainerService\/locations\/westeurope\/operations\//);
    expect(((await response.json()) as { properties: { provisioningState: string } }).properties.provisioningState).toBe("Creating");
    expect((await client.managedClusters.get("rg", "aks")).provisioningState).toBe("Creating");
  });

  it("accepts a full-cluster PUT that echoes the AKS-made kubelet identity, as az aks update sends it", async () => {
    const created = await client.managedClusters.beginCreateOrUpdateAndWait("rg", "aks", managedCluster, POLL);
    const echoed = await client.managedClusters.beginCreateOrUpdateAndWait("rg", "aks", { ...created, tags: { env: "echo" } }, POLL);
    expect(echoed.identityProfile?.["kubeletidentity"]?.objectId).toBe(created.identityProfile?.["kubeletidentity"]?.objectId);
    expect(echoed.tags).toEqual({ env: "echo" });
  });

  it("refuses a new custom kubelet identity on a system-assigned cluster", async () => {
    const response = await put({
      location: "westeurope",
      identity: { type: "SystemAssigned" },
      properties: { ...managedClusterProperties(), identityProfile: { kubeletidentity: { resourceId: "/subscriptions/x/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mine" } } },
    });
    expect(response.status).toBe(400);
  });

  it("updates an existing cluster with 200 and keeps its kubelet identity", async () => {
    const created = await client.managedClusters.beginCreateOrUpdateAndWait("rg", "aks", managedCluster, POLL);
    const response = await put({ location: "westeurope", identity: { type: "SystemAssigned" }, tags: { env: "test" }, properties: managedClusterProperties(3) });
    expect(response.status).toBe(200);
    // AKS refuses a write while the update runs; poll it to its end first.
    const token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
    await fetch(response.headers.get("azure-asyncoperation") ?? "", { headers: { authorization: `Bearer ${token}` } });
    const updated = await client.managedClusters.beginCreateOrUpdateAndWait("rg", "aks", { ...managedCluster, tags: { env: "prod" } }, POLL);
    expect(updated.identityProfile?.["kubeletidentity"]?.objectId).toBe(created.identityProfile?.["kubeletidentity"]?.objectId);
    expect(updated.tags).toEqual({ env: "prod" });
  });

  it("rejects a body without location, identity or a valid agent pool", async () => {
    const noLocation = await put({ identity: { type: "SystemAssigned" }, properties: managedClusterProperties() });
    expect(noLocation.status).toBe(400);
    expect(((await noLocation.json()) as { error: { code: string } }).error.code).toBe("LocationRequired");
    const noIdentity = await put({ location: "westeurope", properties: managedClusterProperties() });
    expect(((await noIdentity.json()) as { error: { message: string } }).error.message).toMatch(/identity/);
    const badCount = await put({ location: "westeurope", identity: { type: "SystemAssigned" }, properties: managedClusterProperties(-1) });
    expect(((await badCount.json()) as { error: { message: string } }).error.message).toMatch(/count/);
    expect(azure.state.clusters()).toHaveLength(0);
  });

  it("creates a service-principal cluster whose kubelet pulls as that principal", async () => {
    const sp = azure.seed.principal({ type: "ServicePrincipal" });
    const created = await client.managedClusters.beginCreateOrUpdateAndWait(
      "rg",
      "spaks",
      { location: "westeurope", dnsPrefix: "spaks", servicePrincipalProfile: { clientId: sp.clientId ?? "", secret: "s3cret" }, agentPoolProfiles: managedCluster.agentPoolProfiles },
      POLL,
    );
    expect(created.servicePrincipalProfile?.clientId).toBe(sp.clientId);
    expect(created.identityProfile).toBeUndefined();
  });

  it("deletes a cluster through the Location operation", async () => {
    await client.managedClusters.beginCreateOrUpdateAndWait("rg", "aks", managedCluster, POLL);
    await client.managedClusters.beginDeleteAndWait("rg", "aks", POLL);
    expect(azure.state.clusters()).toHaveLength(0);
    await expect(client.managedClusters.get("rg", "aks")).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("cluster credentials", () => {
  it("lists user credentials as a kubeconfig named like AKS's, pointing at the cluster FQDN", async () => {
    const created = await client.managedClusters.beginCreateOrUpdateAndWait("rg", "aks", managedCluster, POLL);
    const result = await client.managedClusters.listClusterUserCredentials("rg", "aks");
    expect(result.kubeconfigs?.map((k) => k.name)).toEqual(["clusterUser"]);
    const yaml = Buffer.from(result.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8");
    expect(yaml).toContain(`server: https://${created.fqdn}:443`);
    expect(yaml).toContain("user: clusterUser_rg_aks");
    expect(yaml).toContain("current-context: aks");
    expect(yaml).toMatch(/token: fakekubetoken[0-9a-f]{48}/);
  });

  it("lists admin credentials as a recognisable fake token of their own, with no unusable certificate", async () => {
    await client.managedClusters.beginCreateOrUpdateAndWait("rg", "aks", managedCluster, POLL);
    const result = await client.managedClusters.listClusterAdminCredentials("rg", "aks");
    expect(result.kubeconfigs?.[0]?.name).toBe("clusterAdmin");
    const yaml = Buffer.from(result.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8");
    expect(yaml).toContain("current-context: aks-admin");
    const userYaml = Buffer.from((await client.managedClusters.listClusterUserCredentials("rg", "aks")).kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8");
    const adminToken = /token: (fakekubetoken[0-9a-f]{48})/.exec(yaml)?.[1];
    expect(adminToken).toBeDefined();
    expect(userYaml).not.toContain(adminToken);
    expect(yaml).not.toMatch(/client-(key|certificate)-data/);
  });

  it("answers 404 ResourceNotFound for a cluster that does not exist", async () => {
    await expect(client.managedClusters.listClusterUserCredentials("rg", "nope")).rejects.toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
  });
});

function managedClusterProperties(count = 2) {
  return { dnsPrefix: "aks-dns", agentPoolProfiles: [{ name: "nodepool1", count, vmSize: "Standard_DS2_v2", mode: "System" }] };
}
