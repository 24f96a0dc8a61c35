import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { createClusterApi } from "../../src/cluster/index.js";
import type { PodSummary } from "../../src/cluster/types.js";
import { createIntegration } from "../../src/integration/index.js";
import type { ProgressEvent } from "../../src/options.js";
import { drive, rejection, sentMatching, useFakeAzure } from "./harness.js";

const h = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };
const podLists = (): string[] => sentMatching(h, /^GET \/api\/v1\/namespaces\/default\/pods$/);

/** A cluster, and a registry it has no rights on holding nginx:v1. */
function clusterAndUnattachedRegistry(): { image: string } {
  h.azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
  h.azure.seed.registry({ resourceGroup: "rg", name: "privateacr", images: ["nginx:v1"] });
  return { image: "privateacr.azurecr.io/nginx:v1" };
}

describe("deploying a workload", () => {
  it("runs a public image and reports the pods as kubectl get pods would", async () => {
    h.azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
    const events: ProgressEvent[] = [];
    const result = await drive(
      createClusterApi(h.ctx, CLUSTER).deploy({ name: "web", image: "nginx", replicas: 3 }, { onProgress: (e) => events.push(e) }),
    );
    expect(result.deployment).toEqual({ name: "web", namespace: "default", replicas: 3, readyReplicas: 3 });
    expect(result.pods.map((p) => [p.phase, p.ready, p.image])).toEqual(Array(3).fill(["Running", true, "nginx"]));
    expect(result.pods.every((p) => !Number.isNaN(Date.parse(p.createdAt)))).toBe(true);
    expect(sentMatching(h, /listClusterUserCredential$/)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ stage: "succeeded", status: "3/3 ready" });
  });

  it("replaces an existing Deployment instead of failing, and waits for the new replica count", async () => {
    h.azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
    const cluster = createClusterApi(h.ctx, CLUSTER);
    const kubeConfig = await drive(cluster.credentials());
    await drive(cluster.deploy({ name: "web", image: "nginx", replicas: 1 }, { kubeConfig }));
    const scaled = await drive(cluster.deploy({ name: "web", image: "nginx", replicas: 2 }, { kubeConfig }));
    expect(scaled.deployment.readyReplicas).toBe(2);
    expect(sentMatching(h, /^PUT \/apis\/apps\/v1\/namespaces\/default\/deployments\/web$/)).toHaveLength(1);
    expect(sentMatching(h, /listCluster/)).toHaveLength(1);
  });

  it("stops at once with ImagePullFailed quoting the registry's 401 and how to attach it", async () => {
    const { image } = clusterAndUnattachedRegistry();
    const started = Date.now();
    const error = await rejection(createClusterApi(h.ctx, CLUSTER).deploy({ name: "web", image, replicas: 2 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe("ImagePullFailed");
    expect(error.message).toMatch(/401 Unauthorized/);
    expect(error.fix).toContain('integration({ resourceGroup: "rg", name: "aks" }).attach("privateacr")');
    const pods = error.details["pods"] as PodSummary[];
    expect(pods.map((p) => [p.phase, p.ready, p.reason])).toEqual([
      ["Pending", false, "ErrImagePull"],
      ["Pending", false, "ErrImagePull"],
    ]);
  });

  it("says the tag is missing, and how to import it, when the image is not in the registry", async () => {
    clusterAndUnattachedRegistry();
    await drive(createIntegration(h.ctx, CLUSTER).attach("privateacr"));
    // The fake dates a pod's first pull by its creationTimestamp, which has whole seconds.
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await rejection(createClusterApi(h.ctx, CLUSTER).deploy({ name: "web", image: "privateacr.azurecr.io/nginx:v2" }));
    expect(error.code).toBe("ImagePullFailed");
    expect(error.message).toContain("not found");
    expect(error.fix).toContain('registry("privateacr").import(');
  });

  it("times out cleanly with the pods' last states when old pods keep backing off", async () => {
    const { image } = clusterAndUnattachedRegistry();
    const cluster = createClusterApi(h.ctx, CLUSTER);
    const kubeConfig = await drive(cluster.credentials());
    await rejection(cluster.deploy({ name: "web", image, replicas: 2 }, { kubeConfig }));

    const before = podLists().length;
    const started = Date.now();
    const error = await rejection(cluster.deploy({ name: "web", image, replicas: 2 }, { kubeConfig, timeoutMs: 20_000 }));
    const waited = Date.now() - started;
    expect(error.code).toBe("Timeout");
    expect(waited).toBeGreaterThanOrEqual(20_000);
    expect(waited).toBeLessThan(21_000);
    expect(error.message).toContain("0 of 2 pods were Ready after 20 s");
    expect((error.details["pods"] as PodSummary[]).map((p) => p.reason)).toEqual(["ImagePullBackOff", "ImagePullBackOff"]);
    const polls = podLists().length - before;
    expect(polls).toBeGreaterThanOrEqual(20);
    expect(polls).toBeLessThanOrEqual(23);

    const after = h.sent.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.sent.length).toBe(after);
  });

  it("stops waiting as soon as the caller aborts, and sends nothing more", async () => {
    const { image } = clusterAndUnattachedRegistry();
    const cluster = createClusterApi(h.ctx, CLUSTER);
    const kubeConfig = await drive(cluster.credentials());
    await rejection(cluster.deploy({ name: "web", image }, { kubeConfig }));

    const controller = new AbortController();
    const waiting = cluster.deploy({ name: "web", image }, { kubeConfig, abortSignal: controller.signal });
    const outcome = waiting.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(podLists().length).toBeGreaterThan(2);
    controller.abort();
    const error = (await outcome) as { code?: string };
    expect(error.code).toBe("Aborted");
    const sent = h.sent.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.sent.length).toBe(sent);
  });

  it("reports CrashLoopBackOff as WorkloadNotReady", async () => {
    h.azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
    const crashing = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web-6d4b75cb6d-x7k2p", namespace: "default", labels: { app: "web" }, creationTimestamp: new Date().toISOString() },
      spec: { containers: [{ name: "web", image: "nginx" }] },
      status: {
        phase: "Running",
        containerStatuses: [
          { name: "web", image: "nginx", imageID: "", ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container" } } },
        ],
      },
    };
    // The fake's containers never crash, so this one answer stands in for a crashing kubelet.
    h.server.use(http.get(/\/api\/v1\/namespaces\/default\/pods$/, () => HttpResponse.json({ apiVersion: "v1", kind: "PodList", metadata: {}, items: [crashing] })));
    const error = await rejection(createClusterApi(h.ctx, CLUSTER).deploy({ name: "web", image: "nginx" }));
    expect(error.code).toBe("WorkloadNotReady");
    expect(error.message).toContain("CrashLoopBackOff after 4 restarts");
  });

  it("rejects a bad spec before fetching credentials", async () => {
    h.azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
    const error = await rejection(createClusterApi(h.ctx, CLUSTER).deploy({ name: "Web", image: "nginx" }));
    expect(error.code).toBe("InvalidInput");
    expect(h.sent).toEqual([]);
  });
});

describe("listing pods", () => {
  it("lists pods by label selector with their reasons", async () => {
    const { image } = clusterAndUnattachedRegistry();
    const cluster = createClusterApi(h.ctx, CLUSTER);
    const kubeConfig = await drive(cluster.credentials());
    await drive(cluster.deploy({ name: "public", image: "nginx", replicas: 1 }, { kubeConfig }));
    await rejection(cluster.deploy({ name: "private", image, replicas: 1 }, { kubeConfig }));
    const all = await drive(cluster.pods({ kubeConfig }));
    expect(all).toHaveLength(2);
    const [privatePod] = await drive(cluster.pods({ kubeConfig, labelSelector: "app=private" }));
    expect(privatePod).toMatchObject({ phase: "Pending", ready: false, reason: "ErrImagePull", image });
    expect(privatePod?.message).toContain("401 Unauthorized");
  });
});
