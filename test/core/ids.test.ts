import { describe, expect, it } from "vitest";
import { AzureChinaCloud, AzurePublicCloud, AzureUSGovernment } from "../../src/cloud.js";
import { hasErrorCode, isAksAcrError } from "../../src/errors.js";
import {
  clusterId,
  parseClusterRef,
  parseRegistryRef,
  parseResourceId,
  registryId,
  validateClusterName,
  validateRegistryName,
  validateResourceGroupName,
  validateSubscriptionId,
} from "../../src/ids.js";

const SUB = "12345678-1234-1234-1234-123456789abc";

function invalidInputError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(hasErrorCode(error, "InvalidInput")).toBe(true);
    return error as Error;
  }
  throw new Error("expected an InvalidInput error");
}

describe("parseResourceId", () => {
  it("splits a cluster id into its parts", () => {
    const id = clusterId(SUB, "my.rg(1)", "aks-1");
    expect(parseResourceId(id)).toEqual({
      subscriptionId: SUB,
      resourceGroup: "my.rg(1)",
      provider: "Microsoft.ContainerService",
      type: "managedClusters",
      name: "aks-1",
    });
  });

  it("reads segment keywords case-insensitively and joins child types", () => {
    const id = `/SUBSCRIPTIONS/${SUB}/resourcegroups/rg/PROVIDERS/Microsoft.ContainerRegistry/registries/acr1/replications/westus`;
    expect(parseResourceId(id)).toMatchObject({ type: "registries/replications", name: "westus", resourceGroup: "rg" });
  });

  it.each([
    ["empty", ""],
    ["no leading slash", `subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`],
    ["a URL", `https://management.azure.com/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`],
    ["subscription is not a GUID", "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks"],
    ["missing resourceGroups keyword", `/subscriptions/${SUB}/groups/rg/providers/Microsoft.ContainerService/managedClusters/aks`],
    ["subscription scope only", `/subscriptions/${SUB}`],
    ["resource group scope only", `/subscriptions/${SUB}/resourceGroups/rg`],
    ["type without name", `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters`],
    ["empty segment", `/subscriptions/${SUB}/resourceGroups//providers/Microsoft.ContainerService/managedClusters/aks`],
    ["trailing slash", `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/`],
    ["space around a segment", `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/ aks`],
    ["bad provider namespace", `/subscriptions/${SUB}/resourceGroups/rg/providers/ContainerService/managedClusters/aks`],
    ["resource group ending with a dot", `/subscriptions/${SUB}/resourceGroups/rg./providers/Microsoft.ContainerService/managedClusters/aks`],
    ["extension resource", `${registryId(SUB, "rg", "acr12")}/providers/Microsoft.Authorization/roleAssignments/x`],
  ])("rejects %s with InvalidInput naming the value", (_, id) => {
    const error = invalidInputError(() => parseResourceId(id));
    expect(error.message).toContain(JSON.stringify(id));
    expect(error.message).toMatch(/^Failed to parse resource id/);
  });
});

describe("name validators", () => {
  it.each([
    [validateRegistryName, ["myacr", "ACR12", "a".repeat(50), "abc12"], ["acr", "my-acr", "my_acr", "a".repeat(51), "myacr.io", "ácr12"]],
    [validateClusterName, ["a", "aks-1", "my_cluster", "A".repeat(63)], ["", "-aks", "aks-", "_a", "a".repeat(64), "aks.1", "a b"]],
    [validateResourceGroupName, ["rg", "my.rg", "rg(1)", "grupo-ñ", "資源", "r".repeat(90)], ["", "rg.", "r".repeat(91), "rg/1", "rg 1", "rg#"]],
    [validateSubscriptionId, [SUB, SUB.toUpperCase()], ["", "1234", `${SUB}0`, "zzzzzzzz-1234-1234-1234-123456789abc"]],
  ] as const)("%o accepts valid names and rejects invalid ones", (validate, valid, invalid) => {
    for (const name of valid) expect(validate(name)).toBe(name);
    for (const name of invalid) {
      const error = invalidInputError(() => validate(name));
      expect(error.message).toContain(JSON.stringify(name));
    }
  });

  it("states the rule in the message", () => {
    expect(invalidInputError(() => validateRegistryName("my-acr")).message).toContain("5–50 letters and digits");
  });
});

describe("parseClusterRef", () => {
  it("accepts a cluster id with any casing of provider and type", () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg/providers/microsoft.containerservice/MANAGEDCLUSTERS/aks`;
    expect(parseClusterRef(id)).toEqual({ subscriptionId: SUB, resourceGroup: "rg", name: "aks" });
  });

  it("fills the subscription from the default only when the reference has none", () => {
    const other = "87654321-4321-4321-4321-cba987654321";
    expect(parseClusterRef({ resourceGroup: "rg", name: "aks" }, SUB)).toEqual({ subscriptionId: SUB, resourceGroup: "rg", name: "aks" });
    expect(parseClusterRef({ subscriptionId: other, resourceGroup: "rg", name: "aks" }, SUB).subscriptionId).toBe(other);
    expect(parseClusterRef({ resourceGroup: "rg", name: "aks" })).toEqual({ resourceGroup: "rg", name: "aks" });
  });

  it("rejects a registry id, a bare name and invalid parts", () => {
    expect(invalidInputError(() => parseClusterRef(registryId(SUB, "rg", "myacr"))).message).toContain("not a Microsoft.ContainerService/managedClusters");
    invalidInputError(() => parseClusterRef("aks"));
    invalidInputError(() => parseClusterRef({ resourceGroup: "rg.", name: "aks" }));
    invalidInputError(() => parseClusterRef({ resourceGroup: "rg", name: "-aks" }));
    invalidInputError(() => parseClusterRef({ resourceGroup: "rg", name: "aks" }, "not-a-guid"));
  });
});

describe("parseRegistryRef", () => {
  it("reads a name", () => {
    expect(parseRegistryRef("myacr", AzurePublicCloud)).toEqual({ kind: "name", name: "myacr" });
  });

  it.each([
    [AzurePublicCloud, "myacr.azurecr.io"],
    [AzureChinaCloud, "myacr.azurecr.cn"],
    [AzureUSGovernment, "myacr.azurecr.us"],
  ])("reads a login server in %s", (cloud, loginServer) => {
    expect(parseRegistryRef(loginServer.toUpperCase(), cloud)).toEqual({ kind: "loginServer", name: "myacr", loginServer });
  });

  it("accepts another known cloud's login server and a custom cloud's suffix", () => {
    expect(parseRegistryRef("myacr.azurecr.cn", AzurePublicCloud)).toMatchObject({ kind: "loginServer", name: "myacr" });
    const custom = { ...AzurePublicCloud, name: "stack", acrLoginServerSuffix: "acr.local.test" };
    expect(parseRegistryRef("myacr.acr.local.test", custom)).toMatchObject({ kind: "loginServer", name: "myacr" });
  });

  it("reads a registry id and objects", () => {
    expect(parseRegistryRef(registryId(SUB, "rg", "myacr"), AzurePublicCloud)).toEqual({ kind: "id", subscriptionId: SUB, resourceGroup: "rg", name: "myacr" });
    expect(parseRegistryRef({ subscriptionId: SUB, resourceGroup: "rg", name: "myacr" }, AzurePublicCloud)).toEqual({
      kind: "id", subscriptionId: SUB, resourceGroup: "rg", name: "myacr",
    });
    expect(parseRegistryRef({ resourceGroup: "rg", name: "myacr" }, AzurePublicCloud)).toEqual({ kind: "name", name: "myacr", resourceGroup: "rg" });
  });

  it.each([
    ["my-acr", "5–50 letters and digits"],
    ["https://myacr.azurecr.io", "no scheme, port or path"],
    ["myacr.azurecr.io/nginx:v1", "no scheme, port or path"],
    ["myacr.example.com", "a login server ends with"],
    ["myacr.westeurope.data.azurecr.io", "regional and data endpoints"],
    [clusterId(SUB, "rg", "aks"), "not a Microsoft.ContainerRegistry/registries"],
  ])("rejects %s with a clear reason and the accepted forms", (ref, reason) => {
    const error = invalidInputError(() => parseRegistryRef(ref, AzurePublicCloud));
    expect(isAksAcrError(error)).toBe(true);
    expect(error.message).toContain(reason);
    expect(error.message).toContain(`Failed to parse registry reference (${JSON.stringify(ref)})`);
    expect(error.message).toContain('login server ("myacr.azurecr.io")');
  });
});
