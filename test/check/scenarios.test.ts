import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/check/index.js";
import { seedClusterAndRegistry, useFakeAzure } from "./harness.js";

const { azure, fresh } = useFakeAzure();
const cluster = { resourceGroup: "rg", name: "aks" };
const ATTACH = 'integration({ resourceGroup: "rg", name: "aks" }).attach("myacr")';

describe("check, from ARM alone", () => {
  it("reports a registry that is not attached, and names the attach call", async () => {
    seedClusterAndRegistry(azure);
    const report = await runCheck(fresh(), cluster, "myacr");
    expect(report.ok).toBe(false);
    const pull = report.get("pullRole");
    expect(pull?.status).toBe("fail");
    expect(pull?.finding).toMatch(/No role assignment lets the kubelet identity .* pull from registry myacr/);
    expect(pull?.fix).toBe(`Attach the registry: ${ATTACH}`);
    expect(report.checks.filter((c) => c.status === "fail").map((c) => c.id)).toEqual(["pullRole"]);
  });

  it("reports AcrPull on an ABAC registry as present but not honoured, and names Repository Reader", async () => {
    const { kubeletObjectId, registryId } = seedClusterAndRegistry(azure, { resourceGroup: "rg", name: "myacr", roleAssignmentMode: "AbacRepositoryPermissions" });
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: kubeletObjectId });
    const report = await runCheck(fresh(), cluster, "myacr");
    const pull = report.get("pullRole");
    expect(pull?.status).toBe("fail");
    expect(pull?.finding).toContain("present but not honoured in ABAC mode");
    expect(pull?.fix).toBe(`Attach with Container Registry Repository Reader: integration({ resourceGroup: "rg", name: "aks" }).attach("myacr", { role: "Container Registry Repository Reader" })`);
    expect(report.ok).toBe(false);
  });

  it("passes an assignment at the resource-group scope and says it is inherited", async () => {
    const { kubeletObjectId } = seedClusterAndRegistry(azure);
    azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}/resourceGroups/rg`, role: "AcrPull", principalId: kubeletObjectId });
    const report = await runCheck(fresh(), cluster, "myacr");
    const pull = report.get("pullRole");
    expect(pull?.status).toBe("pass");
    expect(pull?.finding).toContain("AcrPull (inherited from resource group rg)");
    expect(report.ok).toBe(true);
  });

  it("reports a deleted kubelet identity, and says how to replace it", async () => {
    const { kubeletObjectId, registryId } = seedClusterAndRegistry(azure);
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: kubeletObjectId });
    const principal = azure.world.principals.get(kubeletObjectId.toLowerCase());
    if (!principal) throw new Error("the fake did not record the kubelet identity");
    principal.deleted = true;
    const report = await runCheck(fresh(), cluster, "myacr");
    const check = report.get("principal");
    expect(check?.status).toBe("fail");
    expect(check?.finding).toBe(`The kubelet identity ${kubeletObjectId} no longer exists in Microsoft Entra ID, so role assignments naming it grant nothing.`);
    expect(check?.fix).toContain("az aks update -g rg -n aks --assign-kubelet-identity <identity resource id>");
    expect(check?.fix).toContain(ATTACH);
    expect(report.ok).toBe(false);
  });

  it("reports a registry in another tenant, and names both tenants", async () => {
    seedClusterAndRegistry(azure);
    const otherTenant = "2b5a7f0e-3c41-4d7e-9a0b-1f2e3d4c5b6a";
    const foreignSubscription = azure.seed.subscription({ tenantId: otherTenant });
    const foreign = azure.seed.registry({ resourceGroup: "shared", name: "foreignacr", subscriptionId: foreignSubscription }) as { id: string };
    const report = await runCheck(fresh(), cluster, foreign.id);
    const tenant = report.get("tenant");
    expect(tenant?.status).toBe("fail");
    expect(tenant?.finding).toContain(`belongs to tenant ${otherTenant}, the cluster's to tenant ${azure.tenantId}`);
    expect(tenant?.fix).toContain(`Use a registry in tenant ${azure.tenantId}`);
    expect(report.get("registry")?.status).toBe("skipped");
    expect(report.ok).toBe(false);
  });

  it("warns when public network access is disabled, naming the private endpoint and DNS zone", async () => {
    const { kubeletObjectId, registryId } = seedClusterAndRegistry(azure, { resourceGroup: "rg", name: "myacr", publicNetworkAccess: "Disabled" });
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: kubeletObjectId });
    const report = await runCheck(fresh(), cluster, "myacr");
    const network = report.get("network");
    expect(network?.status).toBe("warn");
    expect(network?.finding).toContain("Public network access is disabled");
    expect(network?.fix).toContain("private DNS zone privatelink.azurecr.io");
    expect(report.ok).toBe(true);
  });

  it("warns when the registry firewall denies by default", async () => {
    const { kubeletObjectId, registryId } = seedClusterAndRegistry(azure);
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: kubeletObjectId });
    const record = azure.world.registries.get(registryId.toLowerCase());
    if (!record) throw new Error("the fake did not record the registry");
    record.networkRuleSet = { defaultAction: "Deny", ipRules: [{ action: "Allow", value: "198.51.100.0/24" }] };
    const report = await runCheck(fresh(), cluster, "myacr");
    expect(report.get("network")?.status).toBe("warn");
    expect(report.get("network")?.finding).toContain("allows only 198.51.100.0/24");
    expect(report.get("network")?.fix).toContain("az acr network-rule add -n myacr");
  });

  it("warns about an enabled admin user", async () => {
    seedClusterAndRegistry(azure, { resourceGroup: "rg", name: "myacr", adminUserEnabled: true });
    const report = await runCheck(fresh(), cluster, "myacr");
    expect(report.get("adminUser")?.status).toBe("warn");
    expect(report.get("adminUser")?.fix).toBe("Disable it (az acr update -n myacr --admin-enabled false); the cluster pulls with its own identity.");
  });

  it("reports a missing tag as a missing tag, not as an authorization failure", async () => {
    const { kubeletObjectId, registryId } = seedClusterAndRegistry(azure);
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: kubeletObjectId });
    const report = await runCheck(fresh(), cluster, "myacr", { image: "nginx:v2" });
    const image = report.get("image");
    expect(image?.status).toBe("fail");
    expect(image?.finding).toBe("Tag v2 does not exist in repository nginx of myacr.azurecr.io (TAG_UNKNOWN: a missing image, not an authorization failure).");
    expect(image?.fix).toContain('registry("myacr").import("<source image>", { tags: ["nginx:v2"] })');
    expect(report.get("pullRole")?.status).toBe("pass");
  });

  it("reports a missing repository through the registry's data plane", async () => {
    seedClusterAndRegistry(azure);
    const report = await runCheck(fresh(), cluster, "myacr", { image: "myacr.azurecr.io/app/web:1.0" });
    expect(report.get("image")?.status).toBe("fail");
    expect(report.get("image")?.finding).toContain("Repository app/web does not exist in myacr.azurecr.io");
  });

  it("reports an unknown registry and skips what depends on it", async () => {
    seedClusterAndRegistry(azure);
    const report = await runCheck(fresh(), cluster, "nosuchacr");
    const registry = report.get("registry");
    expect(registry?.status).toBe("fail");
    expect(registry?.finding).toContain('No registry with the name "nosuchacr"');
    expect(registry?.fix).toContain("az acr list");
    expect(report.get("pullRole")?.status).toBe("skipped");
    expect(report.get("network")?.status).toBe("skipped");
    expect(report.ok).toBe(false);
  });

  it("reports an unknown cluster with the resolver's fix", async () => {
    seedClusterAndRegistry(azure);
    const report = await runCheck(fresh(), { resourceGroup: "rg", name: "nosuchaks" }, "myacr");
    expect(report.get("cluster")?.status).toBe("fail");
    expect(report.get("cluster")?.fix).toContain("Check the name and resource group");
    expect(report.get("puller")?.status).toBe("skipped");
  });

  it("is ok when everything holds: every check passes, only the probe that was not asked for is skipped", async () => {
    const { kubeletObjectId, registryId } = seedClusterAndRegistry(azure);
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: kubeletObjectId });
    const report = await runCheck(fresh(), cluster, "myacr.azurecr.io", { image: "nginx:v1" });
    expect(report.ok).toBe(true);
    const notPassing = report.checks.filter((c) => c.status !== "pass");
    expect(notPassing.map((c) => [c.id, c.status])).toEqual([["probe", "skipped"]]);
    expect(report.checks.map((c) => c.id)).toEqual(["cluster", "puller", "principal", "registry", "tenant", "pullRole", "assignments", "network", "adminUser", "image", "probe"]);
    expect(report.get("puller")?.finding).toContain(kubeletObjectId);
  });

  it("reads the cluster and the registry before any other request", async () => {
    seedClusterAndRegistry(azure);
    azure.clearRequests();
    await runCheck(fresh(), cluster, "myacr");
    const operations = azure.requests.map((r) => r.operation);
    const first = operations.slice(0, 2).sort();
    expect(first).toEqual(["ManagedClusters_Get", "Resources_Resources"].sort());
  });
});
