import { describe, expect, it } from "vitest";
import { createRegistryApi } from "../../src/registry/index.js";
import { journal, rejection, useFakeAzure } from "./harness.js";

const h = useFakeAzure();

describe("creating a registry", () => {
  it("creates it, returns its login server, and reads it back", async () => {
    h.azure.seed.resourceGroup({ name: "rg", location: "westeurope" });
    const api = createRegistryApi(h.ctx, "myacr");
    const created = await api.create({ resourceGroup: "rg", location: "West Europe", sku: "Standard", roleAssignmentMode: "AbacRepositoryPermissions" });

    expect(created).toMatchObject({
      name: "myacr",
      resourceGroup: "rg",
      subscriptionId: h.azure.subscriptionId,
      loginServer: "myacr.azurecr.io",
      sku: "Standard",
      location: "westeurope",
      roleAssignmentMode: "AbacRepositoryPermissions",
      adminUserEnabled: false,
      provisioningState: "Succeeded",
      created: true,
      createdResourceGroup: false,
    });
    const read = await api.get();
    expect(read.id.toLowerCase()).toBe(created.id.toLowerCase());
    expect(read).toMatchObject({ loginServer: "myacr.azurecr.io", sku: "Standard", roleAssignmentMode: "AbacRepositoryPermissions" });
    expect(journal(h.azure, "PUT", /registries\/myacr$/i)).toHaveLength(1);
    const put = h.sent.find((r) => r.method === "PUT" && /registries\/myacr/i.test(r.url));
    expect(put?.body).toMatchObject({ location: "westeurope", sku: { name: "Standard" }, properties: { roleAssignmentMode: "AbacRepositoryPermissions" } });
  });

  it("refuses a name taken elsewhere in Azure with Conflict, ARM's reason, and no PUT", async () => {
    const other = h.azure.seed.subscription();
    h.azure.seed.resourceGroup({ name: "theirs", subscriptionId: other });
    h.azure.seed.registry({ resourceGroup: "theirs", name: "popularacr", subscriptionId: other });
    h.azure.seed.resourceGroup({ name: "rg" });

    const error = await rejection(createRegistryApi(h.ctx, "popularacr").create({ resourceGroup: "rg", location: "westeurope" }));

    expect(error.code).toBe("Conflict");
    expect(error.message).toContain("popularacr");
    expect(error.fix).toMatch(/another name/);
    expect(journal(h.azure, "POST", /checkNameAvailability$/i)).toHaveLength(1);
    expect(journal(h.azure, "PUT", /registries\//i)).toHaveLength(0);
  });

  it("returns the existing registry with created: false when re-run with the same SKU and location", async () => {
    h.azure.seed.resourceGroup({ name: "rg", location: "westeurope" });
    h.azure.seed.registry({ resourceGroup: "rg", name: "myacr", sku: "Basic" });
    const again = await createRegistryApi(h.ctx, "myacr").create({ resourceGroup: "rg", location: "westeurope" });
    expect(again).toMatchObject({ name: "myacr", created: false, sku: "Basic" });
    expect(journal(h.azure, "PUT", /registries\//i)).toHaveLength(0);
  });

  it("answers Conflict when the existing registry has another SKU", async () => {
    h.azure.seed.resourceGroup({ name: "rg", location: "westeurope" });
    h.azure.seed.registry({ resourceGroup: "rg", name: "myacr", sku: "Basic" });
    const error = await rejection(createRegistryApi(h.ctx, "myacr").create({ resourceGroup: "rg", location: "westeurope", sku: "Premium" }));
    expect(error.code).toBe("Conflict");
    expect(error.reason).toContain("SKU Basic (asked Premium)");
    expect(journal(h.azure, "PUT", /registries\//i)).toHaveLength(0);
  });

  it("creates the resource group when asked and it is missing", async () => {
    const created = await createRegistryApi(h.ctx, "newacr1").create({ resourceGroup: "fresh", location: "eastus", createResourceGroup: true });
    expect(created).toMatchObject({ created: true, createdResourceGroup: true, resourceGroup: "fresh" });
    expect(journal(h.azure, "PUT", /resourcegroups\/fresh$/i)).toHaveLength(1);
  });

  it("leaves an existing resource group alone when asked to create it", async () => {
    h.azure.seed.resourceGroup({ name: "rg", location: "eastus" });
    const created = await createRegistryApi(h.ctx, "newacr2").create({ resourceGroup: "rg", location: "eastus", createResourceGroup: true });
    expect(created.createdResourceGroup).toBe(false);
    expect(journal(h.azure, "PUT", /resourcegroups\/rg$/i)).toHaveLength(0);
  });

  it("says how to fix a missing resource group", async () => {
    const error = await rejection(createRegistryApi(h.ctx, "newacr3").create({ resourceGroup: "nope", location: "eastus" }));
    expect(error.code).toBe("NotFound");
    expect(error.fix).toContain("createResourceGroup: true");
  });
});

describe("reading and deleting a registry", () => {
  it("deletes a registry, after which it is gone and a second delete finds nothing to delete", async () => {
    h.azure.seed.resourceGroup({ name: "rg" });
    h.azure.seed.registry({ resourceGroup: "rg", name: "goneacr" });
    const api = createRegistryApi(h.ctx, "goneacr");

    const first = await api.delete();
    expect(first).toMatchObject({ name: "goneacr", deleted: true });
    expect((await rejection(api.get())).code).toBe("NotFound");
    const second = await api.delete();
    expect(second.deleted).toBe(false);
  });

  it("treats a 404 on DELETE by resource id as nothing to delete", async () => {
    h.azure.seed.resourceGroup({ name: "rg" });
    const id = `/subscriptions/${h.azure.subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/neveracr`;
    const result = await createRegistryApi(h.ctx, id).delete();
    expect(result).toMatchObject({ id, deleted: false });
    expect(journal(h.azure, "DELETE", /registries\/neveracr$/i)).toHaveLength(1);
  });

  it("reads a registry by login server", async () => {
    h.azure.seed.resourceGroup({ name: "rg" });
    h.azure.seed.registry({ resourceGroup: "rg", name: "readacr", sku: "Premium" });
    const read = await createRegistryApi(h.ctx, "readacr.azurecr.io").get();
    expect(read).toMatchObject({ name: "readacr", sku: "Premium", resourceGroup: "rg" });
  });
});
