import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createArmClient } from "../../src/arm/client.js";
import type { ArmClient } from "../../src/arm/types.js";
import type { ProgressEvent } from "../../src/options.js";
import { ARM, FAKE_CLOCKS, fixedCredential, rejection, SUB, until, useServer } from "./support.js";

const server = useServer();
const registry = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr1`;
const asyncOp = `${ARM}/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/locations/westeurope/operationResults/op1?api-version=2025-11-01`;

beforeEach(() => vi.useFakeTimers(FAKE_CLOCKS));
afterEach(() => vi.useRealTimers());

function arm(): ArmClient {
  return createArmClient({ credential: fixedCredential(), retryOptions: { maxRetries: 0 } });
}

/** Journal of request paths (with query) the handlers saw. */
function journal(): string[] {
  const seen: string[] = [];
  server.events.on("request:start", ({ request }) => {
    const url = new URL(request.url);
    seen.push(`${request.method} ${url.pathname}`);
  });
  return seen;
}

describe("poller, Azure-AsyncOperation style", () => {
  it("polls until Succeeded, honouring Retry-After, then GETs the resource, reporting progress in order", async () => {
    const seen = journal();
    const statuses = ["InProgress", "InProgress", "Succeeded"];
    let polls = 0;
    server.use(
      http.put(`${ARM}${registry}`, () =>
        HttpResponse.json({ properties: { provisioningState: "Creating" } }, { status: 201, headers: { "azure-asyncoperation": asyncOp, "retry-after": "3" } }),
      ),
      http.get(`${ARM}/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/locations/westeurope/operationResults/op1`, () =>
        HttpResponse.json({ status: statuses[polls++] }, { headers: { "retry-after": "5" } }),
      ),
      http.get(`${ARM}${registry}`, () => HttpResponse.json({ name: "acr1", properties: { provisioningState: "Succeeded" } })),
    );
    const events: ProgressEvent[] = [];
    const client = arm();
    const initial = await client.send({ method: "PUT", path: registry, apiVersion: "2025-11-01", body: {}, operation: "create registry acr1" });
    const done = client.poll<{ name: string }>(initial, {
      operation: "create registry acr1",
      finalGet: registry,
      apiVersion: "2025-11-01",
      onProgress: (e) => events.push(e),
    });
    await vi.advanceTimersByTimeAsync(2999);
    expect(polls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => polls === 1);
    await vi.advanceTimersByTimeAsync(4999);
    expect(polls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => polls === 2);
    await vi.advanceTimersByTimeAsync(5000);
    const result = await done;
    expect(result.body.name).toBe("acr1");
    expect(polls).toBe(3);
    expect(seen.at(-1)).toBe(`GET ${registry}`);
    expect(events.map((e) => [e.stage, e.status, e.poll])).toEqual([
      ["started", "Creating", 0],
      ["polling", "InProgress", 1],
      ["polling", "InProgress", 2],
      ["polling", "Succeeded", 3],
      ["succeeded", "Succeeded", 3],
    ]);
    expect(events.map((e) => e.elapsedMs)).toEqual([0, 3000, 8000, 13000, 13000]);
  });

  it("throws OperationFailed with the operation's error code when it ends Failed", async () => {
    server.use(
      http.get(`${ARM}/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/locations/westeurope/operationResults/op1`, () =>
        HttpResponse.json({ status: "Failed", error: { code: "QuotaExceeded", message: "No more registries in this subscription." } }, { headers: { "x-ms-request-id": "op-req" } }),
      ),
    );
    const events: ProgressEvent[] = [];
    const initial = { status: 201, body: {}, requestId: undefined, header: (n: string) => (n === "azure-asyncoperation" ? asyncOp : undefined) };
    const error = await rejection(arm().poll(initial, { operation: "create registry acr1", onProgress: (e) => events.push(e) }));
    expect(error.code).toBe("OperationFailed");
    expect(error.armCode).toBe("QuotaExceeded");
    expect(error.requestId).toBe("op-req");
    expect(error.message).toContain("No more registries");
    expect(events.at(-1)?.stage).toBe("failed");
  });

  it("stops polling at once when aborted mid-wait and throws Aborted", async () => {
    let polls = 0;
    server.use(
      http.get(`${ARM}/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/locations/westeurope/operationResults/op1`, () => {
        polls++;
        return HttpResponse.json({ status: "InProgress" });
      }),
    );
    const controller = new AbortController();
    const initial = { status: 201, body: {}, requestId: undefined, header: (n: string) => (n === "azure-asyncoperation" ? asyncOp : undefined) };
    const done = rejection(arm().poll(initial, { operation: "create registry acr1", abortSignal: controller.signal, updateIntervalInMs: 1000 }));
    await until(() => polls === 1);
    await vi.advanceTimersByTimeAsync(50);
    controller.abort();
    expect((await done).code).toBe("Aborted");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(polls).toBe(1);
  });
});

describe("poller, Location style", () => {
  it("polls the Location while 202 and returns the final 200, waiting 100 ms, then up to updateIntervalInMs, without Retry-After", async () => {
    const location = `${ARM}/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/locations/EASTUS/operationResults/registries-1?api-version=2025-11-01`;
    let polls = 0;
    server.use(
      http.post(`${ARM}${registry}/importImage`, () => new HttpResponse(null, { status: 202, headers: { location } })),
      http.get(`${ARM}/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/locations/EASTUS/operationResults/registries-1`, () => {
        polls++;
        return polls < 3 ? new HttpResponse(null, { status: 202, headers: { location } }) : HttpResponse.json({ status: "Succeeded" });
      }),
    );
    const client = arm();
    const initial = await client.send({ method: "POST", path: `${registry}/importImage`, apiVersion: "2025-11-01", body: {}, operation: "import nginx:v1" });
    const done = client.poll<{ status: string }>(initial, { operation: "import nginx:v1", updateIntervalInMs: 150 });
    await until(() => polls === 1);
    await vi.advanceTimersByTimeAsync(99);
    expect(polls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => polls === 2);
    await vi.advanceTimersByTimeAsync(149);
    expect(polls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    const result = await done;
    expect(result.status).toBe(200);
    expect(result.body.status).toBe("Succeeded");
    expect(polls).toBe(3);
  });

  it("throws OperationFailed when the final body says Failed", async () => {
    const location = `${ARM}/op/import-2?api-version=2025-11-01`;
    server.use(http.get(`${ARM}/op/import-2`, () => HttpResponse.json({ status: "Failed", error: { code: "InvalidSourceImage", message: "manifest unknown" } })));
    const initial = { status: 202, body: undefined, requestId: undefined, header: (n: string) => (n === "location" ? location : undefined) };
    await expect(arm().poll(initial, { operation: "import nginx:v1" })).rejects.toMatchObject({ code: "OperationFailed", armCode: "InvalidSourceImage" });
  });
});
