import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createArmClient } from "../../src/arm/client.js";
import { serverRetryDelayMs } from "../../src/arm/retry.js";
import { ARM, FAKE_CLOCKS, fixedCredential, rejection, SUB, until, useServer } from "./support.js";

const server = useServer();
const path = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr1`;

beforeEach(() => vi.useFakeTimers(FAKE_CLOCKS));
afterEach(() => vi.useRealTimers());

/** Serves the given answers in order (the last one repeats) and counts requests. */
function sequence(...answers: Array<() => Response>): { count: () => number } {
  let n = 0;
  server.use(http.all(`${ARM}/*`, () => (answers[Math.min(n++, answers.length - 1)] as () => Response)()));
  return { count: () => n };
}

const throttled = (headers: Record<string, string> = {}) => () =>
  HttpResponse.json({ error: { code: "ResourceRequestsThrottled", message: "slow down" } }, { status: 429, headers: { "x-ms-request-id": "r429", ...headers } });
const ok = () => HttpResponse.json({ name: "acr1" });

function send(options: Parameters<typeof createArmClient>[0] = {}, retry?: boolean) {
  const arm = createArmClient({ credential: fixedCredential(), ...options });
  return arm.send<{ name: string }>({ method: "GET", path, apiVersion: "2025-11-01", operation: "get registry acr1", ...(retry === false && { retry }) });
}

describe("retry policy", () => {
  it("waits exactly the 7 s a 429's Retry-After asks for", async () => {
    const calls = sequence(throttled({ "retry-after": "7" }), ok);
    const result = send();
    await until(() => calls.count() === 1);
    await vi.advanceTimersByTimeAsync(6900);
    expect(calls.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    await until(() => calls.count() === 2);
    expect((await result).body.name).toBe("acr1");
  });

  it("retries a 503 after the exponential base delay", async () => {
    const calls = sequence(() => HttpResponse.json({}, { status: 503 }), ok);
    const result = send({ retryOptions: { retryDelayInMs: 500 } });
    await until(() => calls.count() === 1);
    await vi.advanceTimersByTimeAsync(499);
    expect(calls.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await result).status).toBe(200);
    expect(calls.count()).toBe(2);
  });

  it("does not retry a 400", async () => {
    const calls = sequence(() => HttpResponse.json({ error: { code: "InvalidRequest", message: "bad" } }, { status: 400 }), ok);
    await expect(send()).rejects.toMatchObject({ code: "RequestFailed", status: 400 });
    expect(calls.count()).toBe(1);
  });

  it("does not retry when the request says retry: false", async () => {
    const calls = sequence(() => HttpResponse.json({}, { status: 503 }), ok);
    await expect(send({}, false)).rejects.toMatchObject({ code: "ServiceUnavailable" });
    expect(calls.count()).toBe(1);
  });

  it("gives up after maxRetries with Throttled saying how many attempts", async () => {
    const calls = sequence(throttled({ "retry-after": "1" }));
    const result = rejection(send({ retryOptions: { maxRetries: 2 } }));
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    const error = await result;
    expect(calls.count()).toBe(3);
    expect(error.code).toBe("Throttled");
    expect(error.reason).toContain("after 3 attempts");
    expect(error.requestId).toBe("r429");
  });

  it("retries a dropped connection", async () => {
    const calls = sequence(() => HttpResponse.error(), ok);
    const result = send({ retryOptions: { retryDelayInMs: 10 } });
    await until(() => calls.count() === 1);
    await vi.advanceTimersByTimeAsync(10);
    expect((await result).body.name).toBe("acr1");
    expect(calls.count()).toBe(2);
  });

  it("reports a connection that keeps dropping as ServiceUnavailable", async () => {
    const calls = sequence(() => HttpResponse.error());
    const result = rejection(send({ retryOptions: { maxRetries: 1, retryDelayInMs: 10 } }));
    await until(() => calls.count() === 1);
    await vi.advanceTimersByTimeAsync(10);
    const error = await result;
    expect(error.code).toBe("ServiceUnavailable");
    expect(error.reason).toContain("after 2 attempts");
  });

  it("caps a long Retry-After at maxDelayMs", async () => {
    const calls = sequence(throttled({ "retry-after": "3600" }), ok);
    const result = send({ retryOptions: { maxRetryDelayInMs: 2000 } });
    await until(() => calls.count() === 1);
    await vi.advanceTimersByTimeAsync(2000);
    expect((await result).status).toBe(200);
  });

  it("stops waiting at once when aborted", async () => {
    const calls = sequence(throttled({ "retry-after": "30" }), ok);
    const controller = new AbortController();
    const arm = createArmClient({ credential: fixedCredential() });
    const result = rejection(arm.send({ method: "GET", path, operation: "get registry acr1", abortSignal: controller.signal }));
    await until(() => calls.count() === 1);
    controller.abort();
    expect((await result).code).toBe("Aborted");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.count()).toBe(1);
  });
});

describe("serverRetryDelayMs", () => {
  const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] });
  it("prefers retry-after-ms and x-ms-retry-after-ms, then Retry-After seconds or date", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(serverRetryDelayMs(headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    expect(serverRetryDelayMs(headers({ "x-ms-retry-after-ms": "1500" }), now)).toBe(1500);
    expect(serverRetryDelayMs(headers({ "retry-after": "7" }), now)).toBe(7000);
    expect(serverRetryDelayMs(headers({ "retry-after": "Wed, 01 Jan 2025 00:00:12 GMT" }), now)).toBe(12_000);
    expect(serverRetryDelayMs(headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(serverRetryDelayMs(headers({}), now)).toBeUndefined();
  });
});
