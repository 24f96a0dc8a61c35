/**
 * The pipeline as the Azure SDK's clients build it: the caller's `additionalPolicies` run where
 * core-client puts them ("perCall" once per operation call, before the retries and the token;
 * "perRetry" on every attempt, after the token), and each request is traced under the caller's
 * span when a `@azure/core-tracing` instrumenter is registered.
 */
import type { PipelinePolicy, PipelineRequest } from "@azure/core-rest-pipeline";
import { useInstrumenter } from "@azure/core-tracing";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { cluster } from "../../src/index.js";
import type { ClientOptions } from "../../src/options.js";
import { seedResourceGroup, serveFakeAzure } from "../helpers/fake-azure.js";
import { recordingInstrumenter, rootContext, type RecordedSpan } from "../helpers/testInstrumenter.js";

const served = serveFakeAzure({ seed: (azure) => {
  seedResourceGroup(azure);
  azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
} });

const aks = (options: Partial<ClientOptions> = {}) =>
  cluster({ resourceGroup: "rg", name: "aks" }, { credential: served.azure.credential(), subscriptionId: served.azure.subscriptionId, ...options });

/** A policy that records what each request looked like when it passed. */
function recorder(name: string): PipelinePolicy & { seen: { authorized: boolean; request: PipelineRequest }[] } {
  const seen: { authorized: boolean; request: PipelineRequest }[] = [];
  return { name, seen, sendRequest: async (request, next) => (seen.push({ authorized: request.headers.has("Authorization"), request }), next(request)) };
}

/** The fake's cluster GET answers 503 once first, so the call takes two attempts. */
function unavailableOnce(): void {
  served.server.use(http.get(/\/managedClusters\/aks$/, () => new HttpResponse(null, { status: 503, headers: { "retry-after-ms": "0" } }), { once: true }));
}

describe("additionalPolicies", () => {
  it("runs a perCall policy once per call, before the token, and a perRetry policy on every attempt, after it", async () => {
    const perCall = recorder("perCallRecorder");
    const perRetry = recorder("perRetryRecorder");
    unavailableOnce();

    await aks({ additionalPolicies: [{ policy: perCall, position: "perCall" }, { policy: perRetry, position: "perRetry" }] }).get();

    expect(perCall.seen.map((s) => s.authorized)).toEqual([false]);
    expect(perRetry.seen.map((s) => s.authorized)).toEqual([true, true]);
    expect(perRetry.seen.every((s) => s.request === perCall.seen[0]?.request)).toBe(true);
  });

  it("lets a perCall policy change what is sent, as a caller's header policy would", async () => {
    const tagging: PipelinePolicy = { name: "tagging", sendRequest: (request, next) => (request.headers.set("x-ms-correlation-request-id", "caller-chosen"), next(request)) };
    let received: string | null = null;
    served.server.use(http.get(/\/managedClusters\/aks$/, ({ request }) => void (received = request.headers.get("x-ms-correlation-request-id")), { once: true }));

    await aks({ additionalPolicies: [{ policy: tagging, position: "perCall" }] }).get();

    expect(received).toBe("caller-chosen");
  });
});

describe("tracing", () => {
  afterEach(() => useInstrumenter(recordingInstrumenter()));

  it("makes a span for the operation under the caller's span, and an HTTP span per attempt under it", async () => {
    const instrumenter = recordingInstrumenter();
    useInstrumenter(instrumenter);
    unavailableOnce();

    await aks().get({ tracingOptions: { tracingContext: rootContext("caller") } });

    const [operation, ...requests] = instrumenter.spans;
    expect(operation).toMatchObject({ name: "ClusterApi.get", ended: true });
    expect(operation?.parent?.name).toBe("caller");
    expect(requests.map((span) => [span.name, span.kind, span.parent])).toEqual([
      ["HTTP GET", "client", operation],
      ["HTTP GET", "client", operation],
    ]);
    expect(requests.map((span) => span.attributes["http.status_code"])).toEqual([503, 200]);
    expect(requests.every((span: RecordedSpan) => span.ended)).toBe(true);
  });

  it("marks the operation's span as failed when the call fails", async () => {
    const instrumenter = recordingInstrumenter();
    useInstrumenter(instrumenter);

    await expect(cluster({ resourceGroup: "rg", name: "missing" }, { credential: served.azure.credential(), subscriptionId: served.azure.subscriptionId }).get()).rejects.toThrow();

    expect(instrumenter.spans[0]).toMatchObject({ name: "ClusterApi.get", status: { status: "error" }, ended: true });
  });
});
