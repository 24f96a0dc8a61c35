import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";
import { recreateCluster } from "../integration/world-changes.js";
import { runInProcess } from "./inProcess.js";

/** `aks-acr list` shows, in its table, the registries where the cluster's own assignment went stale. */
describe("aks-acr list after the kubelet identity changed", () => {
  const azure = createFakeAzure();
  let endpoint = "";
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    azure.seed.resourceGroup({ name: "rg" });
    azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
    azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] });
    ({ url: endpoint, close } = await azure.listen());
  });
  afterAll(() => close());

  it("lists the stale grant with its old principal, and attach repairs it", async () => {
    expect((await runInProcess("attach", "myacr", "-n", "aks", "-g", "rg", "--endpoint", endpoint)).code).toBe(0);
    const before = (await runInProcess("list", "-n", "aks", "-g", "rg", "--endpoint", endpoint)).stdout;
    expect(before).not.toContain("Stale");

    const old = [...azure.world.clusters.values()][0]?.kubeletIdentity?.objectId ?? "";
    expect(old).not.toBe("");
    recreateCluster(azure, { resourceGroup: "rg", name: "aks" });
    const after = await runInProcess("list", "-n", "aks", "-g", "rg", "--endpoint", endpoint);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/Stale .*aks-acr attach repairs it/);
    expect(after.stdout).toContain("myacr");
    expect(after.stdout).toContain(old);

    expect((await runInProcess("attach", "myacr", "-n", "aks", "-g", "rg", "--endpoint", endpoint)).code).toBe(0);
    expect((await runInProcess("list", "-n", "aks", "-g", "rg", "--endpoint", endpoint)).stdout).not.toContain("Stale");
  });
});
