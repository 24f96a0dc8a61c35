import { describe, expect, it } from "vitest";
import { createClusterApi } from "../../src/cluster/index.js";
import { hasErrorCode } from "../../src/errors.js";
import { createIntegration } from "../../src/integration/index.js";
import { drive, rejection, useFakeAzure } from "../cluster/harness.js";
import { recreateCluster } from "../integration/world-changes.js";

/**
 * The failure people report most after "Are you an Owner?": the cluster is re-created under the
 * same name, its new kubelet identity holds nothing, the old assignment names a deleted principal,
 * and pulls fail with 401. check names the stale assignment; one attach repairs it.
 */
const h = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };
const IMAGE = "myacr.azurecr.io/nginx:v1";

describe("the kubelet identity changed", () => {
  it("pods fail with 401, check names the stale assignment, one attach repairs it, pods run", async () => {
    h.azure.seed.cluster(CLUSTER);
    const registry = (h.azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] }) as { id: string }).id;
    const link = createIntegration(h.ctx, CLUSTER);
    const aks = createClusterApi(h.ctx, CLUSTER);
    const attached = await drive(link.attach("myacr"));
    expect((await drive(aks.deploy({ name: "web", image: IMAGE }))).pods.map((p) => p.phase)).toEqual(["Running"]);

    const newKubelet = recreateCluster(h.azure, CLUSTER);

    const failed = await rejection(aks.deploy({ name: "web", image: IMAGE }));
    expect(hasErrorCode(failed, "ImagePullFailed")).toBe(true);
    expect(failed.message).toContain("401 Unauthorized");

    const report = await drive(link.check("myacr"));
    const stale = report.get("assignments");
    expect(stale?.status).toBe("fail");
    expect(stale?.finding).toContain(attached.assignmentId);
    expect(stale?.finding).toContain(attached.principal.objectId);
    expect(stale?.finding).toMatch(/no longer exists in Entra ID/);
    expect(stale?.fix).toContain('.attach("myacr")');
    expect(report.get("pullRole")?.status).toBe("fail");

    const repaired = await drive(link.attach("myacr"));
    expect(repaired.replaced?.change).toContain(`${attached.principal.objectId}`);
    expect(repaired.replaced?.change).toContain(`→ ${newKubelet}`);
    expect(h.azure.state.roleAssignments({ scope: registry })).toEqual([expect.objectContaining({ principalId: newKubelet })]);

    const running = await drive(aks.deploy({ name: "web", image: IMAGE }));
    expect(running.pods.map((p) => p.phase)).toEqual(["Running"]);
    expect((await drive(link.check("myacr"))).get("assignments")?.status).toBe("pass");
  });
});
