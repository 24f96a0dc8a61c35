import { describe, expect, it } from "vitest";
import { createClusterApi } from "../../src/cluster/index.js";
import { drive, sentMatching, useFakeAzure } from "./harness.js";

const h = useFakeAzure();

describe("concurrent creates of one cluster", () => {
  it("five at once: every one succeeds, exactly one reports created (ARM's 201 to its own PUT), one cluster exists", async () => {
    const api = createClusterApi(h.ctx, { resourceGroup: "rg", name: "aks" });
    const results = await drive(Promise.all(Array.from({ length: 5 }, () => api.create({ location: "westeurope" }))));
    expect(sentMatching(h, /^GET .*\/managedClusters\/aks$/i).length).toBeGreaterThanOrEqual(5);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.every((r) => r.cluster.provisioningState === "Succeeded")).toBe(true);
    expect(h.azure.state.clusters()).toHaveLength(1);
  });

  it("a create after the cluster exists reports created: false and sends no PUT", async () => {
    const api = createClusterApi(h.ctx, { resourceGroup: "rg", name: "aks" });
    expect((await drive(api.create({ location: "westeurope" }))).created).toBe(true);
    h.sent.length = 0;
    expect((await drive(api.create({ location: "westeurope" }))).created).toBe(false);
    expect(sentMatching(h, /^PUT /)).toEqual([]);
  });
});
