import { inspect } from "node:util";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createClusterApi } from "../../src/cluster/index.js";
import { drive, rejection, sentMatching, useFakeAzure } from "./harness.js";

const h = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };
const creates = (): string[] => sentMatching(h, /^POST \/apis\/apps\/v1\/namespaces\/default\/deployments$/);

describe("Kubernetes API calls are retried like ARM calls", () => {
  it("a 503 on creating the Deployment is retried after Retry-After, and deploy succeeds", async () => {
    h.azure.seed.cluster(CLUSTER);
    h.azure.faults.add({ host: "cluster", method: "POST", url: /\/deployments$/, status: 503 });
    const result = await drive(createClusterApi(h.ctx, CLUSTER).deploy({ name: "web", image: "nginx", replicas: 2 }));
    expect(result.deployment.readyReplicas).toBe(2);
    expect(creates()).toHaveLength(2);
  });

  it("a 429 with Retry-After: 3 is waited out exactly, then retried", async () => {
    h.azure.seed.cluster(CLUSTER);
    const cluster = createClusterApi(h.ctx, CLUSTER);
    const kubeConfig = await drive(cluster.credentials());
    const sentAt: number[] = [];
    h.server.use(
      http.post(/\/apis\/apps\/v1\/namespaces\/default\/deployments$/, async ({ request }) => {
        sentAt.push(Date.now());
        if (sentAt.length === 1) return HttpResponse.json({ kind: "Status", status: "Failure", reason: "TooManyRequests", code: 429 }, { status: 429, headers: { "retry-after": "3" } });
        return h.azure.dispatch(request);
      }),
    );
    await drive(cluster.deploy({ name: "web", image: "nginx" }, { kubeConfig }));
    expect(sentAt).toHaveLength(2);
    expect((sentAt[1] ?? 0) - (sentAt[0] ?? 0)).toBeGreaterThanOrEqual(3000);
    expect((sentAt[1] ?? 0) - (sentAt[0] ?? 0)).toBeLessThan(3500);
  });

  it("a connection reset on listing pods is retried, and the pods come back", async () => {
    h.azure.seed.cluster(CLUSTER);
    const cluster = createClusterApi(h.ctx, CLUSTER);
    await drive(cluster.deploy({ name: "web", image: "nginx" }));
    h.azure.faults.add({ host: "cluster", method: "GET", url: /\/pods$/, drop: "before" });
    const pods = await drive(cluster.pods());
    expect(pods).toHaveLength(1);
  });

  it("a create whose answer was lost is sent again, meets its own Deployment (409) and replaces it: one Deployment", async () => {
    h.azure.seed.cluster(CLUSTER);
    h.azure.faults.add({ host: "cluster", method: "POST", url: /\/deployments$/, drop: "after" });
    const result = await drive(createClusterApi(h.ctx, CLUSTER).deploy({ name: "web", image: "nginx", replicas: 2 }));
    expect(result.deployment).toMatchObject({ name: "web", readyReplicas: 2 });
    expect(creates()).toHaveLength(2);
  });

  it("gives up after retryOptions.maxRetries with ServiceUnavailable", async () => {
    h.azure.seed.cluster(CLUSTER);
    h.azure.faults.add({ host: "cluster", method: "POST", url: /\/deployments$/, status: 503, times: Infinity });
    const error = await rejection(createClusterApi(h.ctx, CLUSTER).deploy({ name: "web", image: "nginx" }));
    expect(error.code).toBe("ServiceUnavailable");
    expect(creates()).toHaveLength(5);
  });
});

describe("Kubernetes API errors are redacted like ARM errors", () => {
  it("an API server error that echoes the bearer token leaks it nowhere: message, JSON, inspect, stack", async () => {
    h.azure.seed.cluster(CLUSTER);
    const cluster = createClusterApi(h.ctx, CLUSTER);
    const kubeConfig = await drive(cluster.credentials());
    const token = kubeConfig.getCurrentUser()?.token ?? "";
    expect(token.length).toBeGreaterThan(10);
    h.server.use(
      http.post(/\/apis\/apps\/v1\/namespaces\/default\/deployments$/, ({ request }) =>
        HttpResponse.json(
          { kind: "Status", status: "Failure", reason: "BadRequest", code: 400, message: `bad request from ${request.headers.get("authorization")}; raw token ${token}` },
          { status: 400 },
        ),
      ),
    );
    const error = await rejection(cluster.deploy({ name: "web", image: "nginx" }, { kubeConfig }));
    expect(error.message).toContain("bad request from");
    for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 10 }), String(error.stack)]) {
      expect(text).not.toContain(token);
    }
  });
});
