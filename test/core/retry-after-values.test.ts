import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createArmClient } from "../../src/arm/client.js";
import { serverRetryDelayMs } from "../../src/arm/retry.js";
import { ARM, FAKE_CLOCKS, fixedCredential, SUB, until, useServer } from "./support.js";

const server = useServer();
const path = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr1`;

beforeEach(() => vi.useFakeTimers(FAKE_CLOCKS));
afterEach(() => vi.useRealTimers());

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] });

describe("Retry-After values that are no delay", () => {
  it("ignores a negative or signed Retry-After instead of reading it as a date", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(serverRetryDelayMs(headers({ "retry-after": "-5" }), now)).toBeUndefined();
    expect(serverRetryDelayMs(headers({ "retry-after": "+5" }), now)).toBeUndefined();
    expect(serverRetryDelayMs(headers({ "retry-after": "-0.5" }), now)).toBeUndefined();
    expect(serverRetryDelayMs(headers({ "retry-after-ms": "-20" }), now)).toBeUndefined();
  });

  it("a 503 with Retry-After: -5 waits the back-off (retryDelayInMs), not zero", async () => {
    let calls = 0;
    server.use(
      http.get(`${ARM}${path}`, () => (++calls === 1 ? HttpResponse.json({}, { status: 503, headers: { "retry-after": "-5" } }) : HttpResponse.json({ name: "acr1" }))),
    );
    const arm = createArmClient({ credential: fixedCredential(), retryOptions: { retryDelayInMs: 800 } });
    const result = arm.send<{ name: string }>({ method: "GET", path, apiVersion: "2025-11-01", operation: "get registry acr1" });
    await until(() => calls === 1);
    await vi.advanceTimersByTimeAsync(799);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await result).body.name).toBe("acr1");
    expect(calls).toBe(2);
  });
});
