import { describe, expect, it } from "vitest";
import { collect } from "./clients.js";
import type { Harness } from "./harness.js";

const POLL = { updateIntervalInMs: 1 };

/** Registries, their admin credentials and usage, driven by @azure/arm-containerregistry. */
export function registryConformance(get: () => Harness): void {
  describe("registries (@azure/arm-containerregistry)", () => {
    it("creates a registry with systemData naming its creator, lists it across pages and deletes it", async () => {
      const { azure, clients } = get();
      const created = await clients.acr.registries.beginCreateAndWait("rg", "myacr01", { location: "westeurope", sku: { name: "Basic" } }, POLL);
      expect(created.provisioningState).toBe("Succeeded");
      expect(created.systemData).toMatchObject({ createdBy: azure.callerObjectId, createdByType: "User" });
      azure.seed.registry({ resourceGroup: "rg", name: "myacr02" });
      azure.seed.registry({ resourceGroup: "rg", name: "myacr03" });
      expect((await collect(clients.acr.registries.list())).map((r) => r.name).sort()).toEqual(["myacr01", "myacr02", "myacr03"]);
      expect((await collect(clients.acr.registries.listByResourceGroup("rg"))).length).toBe(3);
      await clients.acr.registries.beginDeleteAndWait("rg", "myacr01", POLL);
      expect(azure.state.registries().map((r) => r.name).sort()).toEqual(["myacr02", "myacr03"]);
    });

    it("hands out admin credentials only while the admin user is enabled, and regenerates them", async () => {
      const { azure, clients } = get();
      azure.seed.registry({ resourceGroup: "rg", name: "myacr01" });
      await expect(clients.acr.registries.listCredentials("rg", "myacr01")).rejects.toMatchObject({ statusCode: 400, code: "UnAuthorizedForCredentialOperations" });
      const updated = await clients.acr.registries.beginUpdateAndWait("rg", "myacr01", { adminUserEnabled: true }, POLL);
      expect(updated.adminUserEnabled).toBe(true);
      const held = azure.state.registries()[0];
      const listed = await clients.acr.registries.listCredentials("rg", "myacr01");
      expect(listed.username).toBe("myacr01");
      expect(listed.passwords?.map((p) => [p.name, p.value])).toEqual([
        ["password", held?.adminPasswords[0]],
        ["password2", held?.adminPasswords[1]],
      ]);
      const before = held?.adminPasswords[1];
      const regenerated = await clients.acr.registries.regenerateCredential("rg", "myacr01", { name: "password2" });
      expect(regenerated.passwords?.[1]?.value).not.toBe(before);
      expect(regenerated.passwords?.[1]?.value).toBe(azure.state.registries()[0]?.adminPasswords[1]);
      expect(regenerated.passwords?.[0]?.value).toBe(listed.passwords?.[0]?.value);
    });

    it("lists usages with the SKU's limits and the size of what the registry holds", async () => {
      const { azure, clients } = get();
      azure.seed.registry({ resourceGroup: "rg", name: "myacr01", sku: "Standard", images: ["nginx:v1"] });
      const usages = await clients.acr.registries.listUsages("rg", "myacr01");
      const size = usages.value?.find((u) => u.name === "Size");
      const manifests = [...(azure.state.registries()[0]?.repositories.values() ?? [])].flatMap((r) => [...r.manifests.values()]);
      expect(size).toMatchObject({ limit: 100 * 2 ** 30, currentValue: manifests.reduce((sum, m) => sum + m.sizeBytes, 0), unit: "Bytes" });
      expect(usages.value?.map((u) => u.name)).toEqual(["Size", "Webhooks", "ScopeMaps", "Tokens"]);
    });

    it("imports an image through the long-running operation", async () => {
      const { azure, clients } = get();
      azure.seed.registry({ resourceGroup: "rg", name: "myacr01" });
      await clients.acr.registries.beginImportImageAndWait("rg", "myacr01", { source: { registryUri: "docker.io", sourceImage: "library/nginx:latest" }, targetTags: ["nginx:v1"] }, POLL);
      expect(azure.state.images("myacr01")).toContain("nginx:v1");
    });
  });
}
