import { describe, expect, it } from "vitest";
import { createClusterApi, type PodSummary } from "../src/cluster/index.js";
import { createIntegration } from "../src/integration/index.js";
import { createRegistryApi } from "../src/registry/index.js";
import { drive, rejection, useFakeAzure } from "./cluster/harness.js";

const h = useFakeAzure();
const ACR = "walkthroughacr";
const IMAGE = `${ACR}.azurecr.io/nginx:v1`;
const CLUSTER = { resourceGroup: "rg", name: "aks" };
const NGINX = { name: "nginx0-deployment", image: IMAGE, replicas: 2, port: 80 };

/** az acr create + az acr import, as the walkthrough begins. */
async function registryWithNginx(): Promise<void> {
  const registry = createRegistryApi(h.ctx, ACR);
  await drive(registry.create({ resourceGroup: "rg", location: "westeurope", sku: "Basic" }));
  await drive(registry.import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] }));
}

describe("the AKS + ACR walkthrough, as a user runs it", () => {
  it("creates a registry, imports nginx, creates a cluster with attach, gets credentials and runs two nginx pods", async () => {
    await registryWithNginx();
    expect(h.azure.state.images(ACR)).toContain("nginx:v1");

    const cluster = createClusterApi(h.ctx, CLUSTER);
    const created = await drive(cluster.create({ location: "westeurope", attach: [ACR] }));
    expect(created.created).toBe(true);
    expect(created.cluster.provisioningState).toBe("Succeeded");
    const kubelet = created.cluster.kubeletIdentity?.objectId;
    expect(kubelet).toBeDefined();
    expect(created.attached.map((a) => [a.registry.name, a.principal.objectId, a.role.name])).toEqual([[ACR, kubelet, "AcrPull"]]);
    expect(h.azure.state.roleAssignments({ principalId: kubelet }).map((a) => a.roleName)).toEqual(["AcrPull"]);

    const kubeConfig = await drive(cluster.credentials());
    expect(kubeConfig.getCurrentCluster()?.server).toContain(created.cluster.fqdn);

    const deployed = await drive(cluster.deploy(NGINX, { kubeConfig }));
    expect(deployed.deployment).toEqual({ name: "nginx0-deployment", namespace: "default", replicas: 2, readyReplicas: 2 });
    expect(deployed.pods).toHaveLength(2);
    for (const pod of deployed.pods) {
      expect(pod).toMatchObject({ phase: "Running", ready: true, restarts: 0, image: IMAGE });
      expect(pod.name).toMatch(/^nginx0-deployment-[a-z0-9]+-[a-z0-9]{5}$/);
    }
    const listed = await drive(cluster.pods({ kubeConfig, labelSelector: "app=nginx0-deployment" }));
    expect(listed.map((p) => p.name).sort()).toEqual(deployed.pods.map((p) => p.name).sort());
  });

  it("fails to pull with 401 without attach, runs after attach, and a new pod fails again after detach", async () => {
    await registryWithNginx();
    const cluster = createClusterApi(h.ctx, CLUSTER);
    await drive(cluster.create({ location: "westeurope" }));
    const kubeConfig = await drive(cluster.credentials());

    const denied = await rejection(cluster.deploy(NGINX, { kubeConfig }));
    expect(denied.code).toBe("ImagePullFailed");
    expect(denied.message).toContain("401");
    expect(denied.message).toContain(`integration({ resourceGroup: "rg", name: "aks" }).attach("${ACR}")`);
    const failedPods = denied.details["pods"] as PodSummary[];
    expect(failedPods).toHaveLength(2);
    expect(failedPods.every((p) => p.reason === "ErrImagePull" && p.message?.includes("401 Unauthorized"))).toBe(true);

    await drive(createIntegration(h.ctx, CLUSTER).attach(ACR));
    // The pods that failed retry on the kubelet's back-off; deploying again waits for that retry.
    const running = await drive(cluster.deploy(NGINX, { kubeConfig }));
    expect(running.pods.map((p) => p.name).sort()).toEqual(failedPods.map((p) => p.name).sort());
    expect(running.pods.every((p) => p.phase === "Running" && p.ready)).toBe(true);

    const detached = await drive(createIntegration(h.ctx, CLUSTER).detach(ACR));
    expect(detached.removed).toHaveLength(1);
    const scaled = await rejection(cluster.deploy({ ...NGINX, replicas: 3 }, { kubeConfig }));
    expect(scaled.code).toBe("ImagePullFailed");
    expect(scaled.message).toContain("401");
    const pods = scaled.details["pods"] as PodSummary[];
    expect(pods.filter((p) => p.phase === "Running").map((p) => p.name).sort()).toEqual(running.pods.map((p) => p.name).sort());
    expect(pods.filter((p) => p.reason === "ErrImagePull")).toHaveLength(1);
  });
});
