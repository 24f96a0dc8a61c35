import { ContainerRegistryManagementClient } from "@azure/arm-containerregistry";
import { describe, expect, it } from "vitest";
import { seedResourceGroup, serveFakeAzure } from "../helpers/fake-azure.js";

const ARM = "https://management.azure.com";
const { azure } = serveFakeAzure({ lifetime: "file", seed: seedResourceGroup });
const fast = { updateIntervalInMs: 0 };

const client = () => new ContainerRegistryManagementClient(azure.credential(), azure.subscriptionId);
const registryUrl = (name: string, rg = "rg") =>
  `${ARM}/subscriptions/${azure.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${name}?api-version=2025-11-01`;

async function armFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const token = await azure.credential().getToken(`${ARM}/.default`);
  return fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token?.token ?? ""}`, "content-type": "application/json", ...(init.headers ?? {}) },
  });
}

describe("registries through the official client", () => {
  it("creates a registry with beginCreateAndWait and reads it back", async () => {
    const created = await client().registries.beginCreateAndWait(
      "rg",
      "MyAcr001",
      { location: "westeurope", sku: { name: "Basic" }, roleAssignmentMode: "AbacRepositoryPermissions" },
      fast,
    );
    const read = await client().registries.get("rg", "MyAcr001");

    expect(created.provisioningState).toBe("Succeeded");
    expect(read.loginServer).toBe("myacr001.azurecr.io");
    expect(read.roleAssignmentMode).toBe("AbacRepositoryPermissions");
    expect(read.sku.name).toBe("Basic");
  });

  it("lists registries by subscription and by resource group", async () => {
    azure.seed.resourceGroup({ name: "other", location: "westeurope" });
    azure.seed.registry({ resourceGroup: "rg", name: "firstacr" });
    azure.seed.registry({ resourceGroup: "other", name: "secondacr" });

    const all: string[] = [];
    for await (const r of client().registries.list()) all.push(r.name ?? "");
    const inRg: string[] = [];
    for await (const r of client().registries.listByResourceGroup("other")) inRg.push(r.name ?? "");

    expect(all.sort()).toEqual(["firstacr", "secondacr"]);
    expect(inRg).toEqual(["secondacr"]);
  });

  it("updates admin user and public network access with PATCH", async () => {
    azure.seed.registry({ resourceGroup: "rg", name: "patchacr" });

    const updated = await client().registries.beginUpdateAndWait("rg", "patchacr", { adminUserEnabled: true, publicNetworkAccess: "Disabled" }, fast);

    expect(updated.adminUserEnabled).toBe(true);
    expect((await client().registries.get("rg", "patchacr")).publicNetworkAccess).toBe("Disabled");
  });

  it("deletes a registry and leaves the role assignments at its scope, as Azure does", async () => {
    const registryId = String(azure.seed.registry({ resourceGroup: "rg", name: "goneacr" })["id"]);
    const principal = azure.seed.principal({ type: "ServicePrincipal" });
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: principal.objectId });

    await client().registries.beginDeleteAndWait("rg", "goneacr", fast);

    await expect(client().registries.get("rg", "goneacr")).rejects.toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
    expect(azure.state.roleAssignments({ scope: registryId })).toHaveLength(1);
  });

  it("answers checkNameAvailability with AlreadyExists, Invalid, or available", async () => {
    azure.seed.registry({ resourceGroup: "rg", name: "takenacr" });
    const check = (name: string) => client().registries.checkNameAvailability({ name, type: "Microsoft.ContainerRegistry/registries" });

    expect(await check("TakenAcr")).toMatchObject({ nameAvailable: false, reason: "AlreadyExists" });
    expect(await check("no-dash")).toMatchObject({ nameAvailable: false, reason: "Invalid" });
    expect(await check("freeacr123")).toEqual({ nameAvailable: true });
  });

  it("refuses a name already used anywhere in Azure with 409 AlreadyInUse", async () => {
    const otherSubscription = azure.seed.subscription({});
    azure.seed.resourceGroup({ name: "elsewhere", subscriptionId: otherSubscription });
    azure.seed.registry({ resourceGroup: "elsewhere", name: "globalacr", subscriptionId: otherSubscription });

    await expect(client().registries.beginCreateAndWait("rg", "GlobalAcr", { location: "westeurope", sku: { name: "Basic" } }, fast)).rejects.toMatchObject({
      statusCode: 409,
      code: "AlreadyInUse",
    });
  });

  it("validates names, SKUs and the resource group", async () => {
    const create = (rg: string, name: string, sku: string) => client().registries.beginCreateAndWait(rg, name, { location: "westeurope", sku: { name: sku } }, fast);

    await expect(create("rg", "ab", "Basic")).rejects.toMatchObject({ statusCode: 400, code: "InvalidResourceName" });
    await expect(create("rg", "goodname1", "Classic")).rejects.toMatchObject({ statusCode: 400, code: "InvalidSku" });
    await expect(create("missing", "goodname2", "Basic")).rejects.toMatchObject({ statusCode: 404, code: "ResourceGroupNotFound" });
  });

  it("refuses a caller without write rights with 403 AuthorizationFailed", async () => {
    const reader = azure.seed.principal({ displayName: "reader" });
    const asReader = new ContainerRegistryManagementClient(azure.credential(reader.objectId), azure.subscriptionId);

    await expect(asReader.registries.beginCreateAndWait("rg", "deniedacr", { location: "westeurope", sku: { name: "Basic" } }, fast)).rejects.toMatchObject({
      statusCode: 403,
      code: "AuthorizationFailed",
    });
  });
});

describe("registry create on the wire", () => {
  it("answers 201 Creating with an absolute Azure-AsyncOperation, and only the final poll makes it Succeeded", async () => {
    azure.knobs.lroPolls = 1;
    azure.knobs.retryAfterSeconds = 3;
    const put = await armFetch(registryUrl("wireacr"), { method: "PUT", body: JSON.stringify({ location: "westeurope", sku: { name: "Standard" } }) });
    const statusUrl = put.headers.get("azure-asyncoperation") ?? "";

    expect(put.status).toBe(201);
    expect(((await put.json()) as { properties: { provisioningState: string } }).properties.provisioningState).toBe("Creating");
    expect(statusUrl).toMatch(/^https:\/\/management\.azure\.com\/subscriptions\/.+\/registries\/wireacr\/operationStatuses\/registries-[0-9a-f-]+\?api-version=2025-11-01$/);
    expect(put.headers.get("retry-after")).toBe("3");

    const first = (await (await armFetch(statusUrl)).json()) as { status: string };
    const whileCreating = (await (await armFetch(registryUrl("wireacr"))).json()) as { properties: { provisioningState: string } };
    const second = (await (await armFetch(statusUrl)).json()) as { status: string };
    const after = (await (await armFetch(registryUrl("wireacr"))).json()) as { properties: { provisioningState: string } };

    expect([first.status, whileCreating.properties.provisioningState]).toEqual(["InProgress", "Creating"]);
    expect([second.status, after.properties.provisioningState]).toEqual(["Succeeded", "Succeeded"]);
  });

  it("answers 200 for a PUT of an existing registry and keeps its login server", async () => {
    azure.seed.registry({ resourceGroup: "rg", name: "existacr" });

    const put = await armFetch(registryUrl("existacr"), {
      method: "PUT",
      body: JSON.stringify({ location: "westeurope", sku: { name: "Premium" }, properties: { adminUserEnabled: true } }),
    });
    const body = (await put.json()) as { sku: { name: string }; properties: { loginServer: string; adminUserEnabled: boolean } };

    expect(put.status).toBe(200);
    expect(body.sku.name).toBe("Premium");
    expect(body.properties).toMatchObject({ loginServer: "existacr.azurecr.io", adminUserEnabled: true });
  });
});
