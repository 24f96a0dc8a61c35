import { KubeConfig } from "@kubernetes/client-node";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runProbe } from "../../src/check/probe.js";
import { createContext } from "../../src/context.js";
import { hasErrorCode } from "../../src/errors.js";

// A cluster API whose probe pod never gets past ContainerCreating: the probe must time out or
// stop on abort, and delete its pod either way.
const SERVER = "https://probe-stub.test";
const PODS = `${SERVER}/api/v1/namespaces/default/pods`;
const traffic: string[] = [];
const server = setupServer(
  http.post(PODS, async ({ request }) => {
    const pod = (await request.json()) as { metadata: { name: string } };
    traffic.push(`create ${pod.metadata.name}`);
    return HttpResponse.json(pod, { status: 201 });
  }),
  http.get(`${PODS}/:name`, ({ params }) => {
    traffic.push("read");
    return HttpResponse.json({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: params["name"], namespace: "default" },
      status: { phase: "Pending", containerStatuses: [{ name: "probe", ready: false, restartCount: 0, image: "x", imageID: "", state: { waiting: { reason: "ContainerCreating" } } }] },
    });
  }),
  http.delete(`${PODS}/:name`, ({ params }) => {
    traffic.push(`delete ${String(params["name"])}`);
    return HttpResponse.json({ kind: "Status", apiVersion: "v1", status: "Success" });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  traffic.length = 0;
  vi.useRealTimers();
});
afterAll(() => server.close());

function stubKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "stub", server: SERVER, skipTLSVerify: false }],
    users: [{ name: "stub", token: "stub-token" }],
    contexts: [{ name: "stub", cluster: "stub", user: "stub" }],
    currentContext: "stub",
  });
  return kc;
}

const ctx = createContext({ credential: { getToken: async () => ({ token: "unused", expiresOnTimestamp: Date.now() + 3_600_000 }) }, subscriptionId: "00000000-0000-0000-0000-000000000001" });
const cluster = { subscriptionId: "00000000-0000-0000-0000-000000000001", resourceGroup: "rg", name: "aks" };

/** Advances fake time a second at a time until `work` settles. */
async function drive<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  while (!settled) await vi.advanceTimersByTimeAsync(1_000);
  return done;
}

describe("probe waiting", () => {
  it("times out after timeoutMs with the last state, and deletes the pod", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const started = Date.now();
    const outcome = await drive(runProbe(ctx, cluster, "myacr.azurecr.io/nginx:v1", { namespace: "default", timeoutMs: 5_000, pollMs: 1_000, kubeConfig: stubKubeConfig() }));
    expect(outcome.kind).toBe("timeout");
    expect(outcome.kind === "timeout" && outcome.lastState).toBe("ContainerCreating");
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    expect(traffic.filter((t) => t === "read").length).toBe(6);
    expect(traffic.at(-1)).toBe(`delete ${outcome.pod}`);
  });

  it("stops at once on abort with Aborted, and still deletes the pod", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const controller = new AbortController();
    const probe = runProbe(ctx, cluster, "myacr.azurecr.io/nginx:v1", { namespace: "default", timeoutMs: 60_000, pollMs: 1_000, kubeConfig: stubKubeConfig(), abortSignal: controller.signal });
    const failed = probe.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2_500);
    controller.abort();
    const error = await drive(failed);
    expect(hasErrorCode(error, "Aborted")).toBe(true);
    expect(traffic.filter((t) => t === "read").length).toBe(3);
    expect(traffic.at(-1)).toMatch(/^delete aks-acr-probe-[0-9a-f]{8}$/);
  });
});
