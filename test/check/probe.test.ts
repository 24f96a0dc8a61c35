import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/check/index.js";
import { probePod } from "../../src/check/probe.js";
import { createClusterApi } from "../../src/cluster/index.js";
import { hasErrorCode } from "../../src/errors.js";
import { seedClusterAndRegistry, useFakeAzure } from "./harness.js";

const { azure, fresh } = useFakeAzure();
const cluster = { resourceGroup: "rg", name: "aks" };

/** The probe pods this run created and deleted, read from the fake's journal. */
function probeTraffic(): { created: string[]; deleted: string[] } {
  const pods = azure.requests.filter((r) => /\/api\/v1\/namespaces\/default\/pods/.test(r.url));
  return {
    created: pods.filter((r) => r.method === "POST" && r.status === 201).map((r) => r.url),
    deleted: pods.filter((r) => r.method === "DELETE" && r.status === 200).map((r) => new URL(r.url).pathname.split("/").pop() ?? ""),
  };
}

async function remainingProbePods(): Promise<string[]> {
  const pods = await createClusterApi(fresh(), cluster).pods({ namespace: "default" });
  return pods.map((p) => p.name).filter((name) => name.startsWith("aks-acr-probe-"));
}

describe("check with probe: true", () => {
  it("passes when the registry is attached, and deletes the probe pod", async () => {
    const { kubeletObjectId, registryId } = seedClusterAndRegistry(azure);
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: kubeletObjectId });
    const report = await runCheck(fresh(), cluster, "myacr", { image: "nginx:v1", probe: true });
    const probe = report.get("probe");
    expect(probe?.status).toBe("pass");
    expect(probe?.finding).toContain("pulled myacr.azurecr.io/nginx:v1");
    expect(report.get("image")?.status).toBe("pass");
    expect(report.ok).toBe(true);
    const traffic = probeTraffic();
    expect(traffic.created).toHaveLength(1);
    expect(traffic.deleted).toHaveLength(1);
    expect(traffic.deleted[0]).toMatch(/^aks-acr-probe-[0-9a-f]{8}$/);
    expect(await remainingProbePods()).toEqual([]);
  });

  it("fails with the kubelet's 401 message when the registry is not attached, names the attach call, and deletes the pod", async () => {
    seedClusterAndRegistry(azure);
    const report = await runCheck(fresh(), cluster, "myacr", { image: "nginx:v1", probe: true });
    const probe = report.get("probe");
    expect(probe?.status).toBe("fail");
    expect(probe?.finding).toContain("401 Unauthorized");
    expect(probe?.finding).toContain("ErrImagePull");
    expect(probe?.fix).toBe('Attach the registry: integration({ resourceGroup: "rg", name: "aks" }).attach("myacr")');
    expect(report.get("image")?.status).toBe("skipped");
    expect(probeTraffic().deleted).toHaveLength(1);
    expect(await remainingProbePods()).toEqual([]);
  });

  it("reports a missing tag from the probe's not-found pull as a missing image", async () => {
    const { kubeletObjectId, registryId } = seedClusterAndRegistry(azure);
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: kubeletObjectId });
    const report = await runCheck(fresh(), cluster, "myacr", { image: "nginx:v9", probe: true });
    expect(report.get("image")?.status).toBe("fail");
    expect(report.get("image")?.finding).toContain('the pull answered "not found", not an authorization error');
    expect(report.get("image")?.fix).toContain('tags: ["nginx:v9"]');
    expect(report.get("probe")?.fix).toContain("import");
    expect(await remainingProbePods()).toEqual([]);
  });

  it("refuses a probe without an image before sending anything", async () => {
    seedClusterAndRegistry(azure);
    azure.clearRequests();
    const error = await runCheck(fresh(), cluster, "myacr", { probe: true }).catch((e: unknown) => e);
    expect(hasErrorCode(error, "InvalidInput")).toBe(true);
    expect(azure.requests).toHaveLength(0);
  });
});

describe("the probe pod", () => {
  it("runs on Linux, unprivileged, without a service account token or host mounts, and never restarts", () => {
    const pod = probePod("aks-acr-probe-0a1b2c3d", "myacr.azurecr.io/nginx:v1", 60_000);
    const spec = pod.spec;
    const container = spec?.containers[0];
    expect(spec?.nodeSelector).toEqual({ "kubernetes.io/os": "linux" });
    expect(spec?.automountServiceAccountToken).toBe(false);
    expect(spec?.restartPolicy).toBe("Never");
    expect(spec?.volumes).toBeUndefined();
    expect(spec?.hostNetwork ?? false).toBe(false);
    expect(container?.securityContext?.privileged).toBe(false);
    expect(container?.securityContext?.allowPrivilegeEscalation).toBe(false);
    expect(container?.imagePullPolicy).toBe("Always");
    expect(container?.image).toBe("myacr.azurecr.io/nginx:v1");
    expect(spec?.activeDeadlineSeconds).toBe(120);
  });
});
