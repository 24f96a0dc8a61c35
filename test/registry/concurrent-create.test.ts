import { describe, expect, it } from "vitest";
import { createRegistryApi } from "../../src/registry/index.js";
import { journal, useFakeAzure } from "./harness.js";

const h = useFakeAzure();

describe("concurrent creates of one registry", () => {
  it("five at once: every one succeeds, exactly one reports created (ARM's 201 to its own PUT), one registry exists", async () => {
    h.azure.seed.resourceGroup({ name: "rg", location: "westeurope" });
    const api = createRegistryApi(h.ctx, "myacr");
    const results = await Promise.all(Array.from({ length: 5 }, () => api.create({ resourceGroup: "rg", location: "westeurope", sku: "Basic" })));
    expect(journal(h.azure, "PUT", /registries\/myacr$/i).length).toBeGreaterThan(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.every((r) => r.provisioningState === "Succeeded")).toBe(true);
    expect(h.azure.state.registries()).toHaveLength(1);
  });
});
