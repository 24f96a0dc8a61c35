import { describe, expect, it } from "vitest";
import { PRIVATE_SOURCE_PASSWORD, PRIVATE_SOURCE_URI, PRIVATE_SOURCE_USERNAME } from "../../fakes/world/catalogue.js";
import { runCheck } from "../../src/check/index.js";
import { createClusterApi } from "../../src/cluster/index.js";
import { seedClusterAndRegistry, useFakeAzure } from "./harness.js";

const { azure, fresh } = useFakeAzure();
const cluster = { resourceGroup: "rg", name: "aks" };
const IMAGE = `${PRIVATE_SOURCE_URI}/team/app:1.0`;

describe("the image pull secret check", () => {
  it("fails when the named Secret does not exist, naming the call that creates it", async () => {
    seedClusterAndRegistry(azure);

    const report = await runCheck(fresh(), cluster, "myacr", { pullSecret: "regcred", image: IMAGE });

    expect(report.get("pullSecret")).toMatchObject({ status: "fail" });
    expect(report.get("pullSecret")?.finding).toMatch(/Secret default\/regcred does not exist/);
    expect(report.get("pullSecret")?.fix).toContain(`.pullSecret({ name: "regcred", namespace: "default", server: "${PRIVATE_SOURCE_URI}"`);
  });

  it("passes a dockerconfigjson Secret with a login for the image's host, and never reports the password", async () => {
    seedClusterAndRegistry(azure);
    const ctx = fresh();
    await createClusterApi(ctx, cluster).pullSecret({ name: "regcred", server: PRIVATE_SOURCE_URI, username: PRIVATE_SOURCE_USERNAME, password: PRIVATE_SOURCE_PASSWORD });
    azure.clearRequests();

    const report = await runCheck(ctx, cluster, "myacr", { pullSecret: "regcred", image: IMAGE });

    expect(report.get("pullSecret")).toMatchObject({ status: "pass" });
    expect(report.get("pullSecret")?.finding).toContain(`login for ${PRIVATE_SOURCE_URI} as ${PRIVATE_SOURCE_USERNAME}`);
    expect(report.toString()).not.toContain(PRIVATE_SOURCE_PASSWORD);
    expect(azure.requests.filter((r) => r.operation.startsWith("ManagedClusters_ListClusterUser"))).toHaveLength(1);
  });

  it("fails a Secret that holds no login for the host", async () => {
    seedClusterAndRegistry(azure);
    const ctx = fresh();
    await createClusterApi(ctx, cluster).pullSecret({ name: "regcred", server: "ghcr.io", username: "me", password: "pw-123" });

    const report = await runCheck(ctx, cluster, "myacr", { pullSecret: "regcred", image: IMAGE });

    expect(report.get("pullSecret")?.status).toBe("fail");
    expect(report.get("pullSecret")?.finding).toMatch(/holds no login for private\.example\.com/);
  });

  it("is not run unless a pull secret is named", async () => {
    seedClusterAndRegistry(azure);

    const report = await runCheck(fresh(), cluster, "myacr");

    expect(report.get("pullSecret")).toBeUndefined();
  });
});
