import { createHttpHeaders, createPipelineRequest, type PipelineRequest, type PipelineResponse, type SendRequest } from "@azure/core-rest-pipeline";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pacingPolicy } from "../../src/arm/pacer.js";
import { isAksAcrError } from "../../src/errors.js";
import { settleWithFakeTimers } from "../integration/drive-timers.js";

const HOST = "management.azure.com";
const write = (sub = "s1"): PipelineRequest => createPipelineRequest({ url: `https://${HOST}/subscriptions/${sub}/x?api-version=1`, method: "PUT" });

/** A server with ARM's token bucket for writes: `size` tokens, `refill` a second, answers 429 + Retry-After when empty. */
function bucketServer(size: number, refill: number) {
  let tokens = size;
  let at = Date.now();
  let inFlight = 0;
  const log = { accepted: [] as number[], throttled: 0, peakInFlight: 0 };
  const next: SendRequest = async (request) => {
    inFlight++;
    log.peakInFlight = Math.max(log.peakInFlight, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    const now = Date.now();
    tokens = Math.min(size, tokens + ((now - at) / 1000) * refill);
    at = now;
    const headers = createHttpHeaders();
    if (tokens < 1) {
      log.throttled++;
      headers.set("retry-after", "1");
      headers.set("x-ms-ratelimit-remaining-subscription-writes", "0");
      return { request, status: 429, headers } satisfies PipelineResponse;
    }
    tokens -= 1;
    log.accepted.push(now);
    headers.set("x-ms-ratelimit-remaining-subscription-writes", String(Math.floor(tokens)));
    return { request, status: 200, headers } satisfies PipelineResponse;
  };
  return { next, log };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the pacer", () => {
  it("lets a burst of 60 writes through a bucket of 10 refilled at 2/s with no 429 after the first answers, at the refill rate", async () => {
    const server = bucketServer(10, 2);
    const policy = pacingPolicy(HOST, { refillPerSecond: { writes: 2 }, maxUnknownBucketRequests: 1 });
    const started = Date.now();
    const responses = await settleWithFakeTimers(Promise.all(Array.from({ length: 60 }, () => policy.sendRequest(write(), server.next))));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(server.log.throttled).toBe(0);
    // 10 at once, then 50 at 2 a second: 25 s is the physical limit.
    const span = ((server.log.accepted.at(-1) ?? 0) - started) / 1000;
    expect(span).toBeGreaterThanOrEqual(24);
    expect(span).toBeLessThan(25 / 0.95);
  });

  it("closes a bucket for Retry-After when the server answers 429, and keeps other subscriptions open", async () => {
    const calls: Array<{ sub: string; at: number }> = [];
    let first = true;
    const next: SendRequest = async (request) => {
      const sub = /subscriptions\/([^/]+)/.exec(request.url)?.[1] ?? "";
      calls.push({ sub, at: Date.now() });
      const headers = createHttpHeaders({ "x-ms-ratelimit-remaining-subscription-writes": "100" });
      if (first && sub === "s1") {
        first = false;
        return { request, status: 429, headers: createHttpHeaders({ "retry-after": "3" }) };
      }
      return { request, status: 200, headers };
    };
    const policy = pacingPolicy(HOST);
    const started = Date.now();
    expect((await settleWithFakeTimers(policy.sendRequest(write("s1"), next))).status).toBe(429);
    await settleWithFakeTimers(Promise.all([policy.sendRequest(write("s1"), next), policy.sendRequest(write("s2"), next)]));
    expect(calls.find((c, i) => i > 0 && c.sub === "s2")?.at).toBe(started);
    expect(calls.filter((c) => c.sub === "s1")[1]?.at).toBeGreaterThanOrEqual(started + 3000);
  });

  it("keeps at most maxConcurrentRequests in flight, to any host", async () => {
    const server = bucketServer(1000, 100);
    const policy = pacingPolicy(HOST, { maxConcurrentRequests: 3 });
    const graph = (): PipelineRequest => createPipelineRequest({ url: "https://graph.microsoft.com/v1.0/x", method: "GET" });
    await settleWithFakeTimers(Promise.all(Array.from({ length: 20 }, (_, i) => policy.sendRequest(i % 2 ? graph() : write(), server.next))));
    expect(server.log.peakInFlight).toBe(3);
  });

  it("sends everything at once when disabled (the in-flight limit still holds)", async () => {
    const server = bucketServer(5, 1);
    const policy = pacingPolicy(HOST, { enabled: false, maxConcurrentRequests: 100 });
    await settleWithFakeTimers(Promise.all(Array.from({ length: 10 }, () => policy.sendRequest(write(), server.next))));
    expect(server.log.throttled).toBe(5);
  });

  it("refuses nonsense options before any request", () => {
    for (const options of [{ maxConcurrentRequests: 0 }, { maxUnknownBucketRequests: 1.5 }, { refillPerSecond: { writes: Number.NaN } }]) {
      let error: unknown;
      try {
        pacingPolicy(HOST, options);
      } catch (caught) {
        error = caught;
      }
      expect(isAksAcrError(error) && error.code).toBe("InvalidInput");
    }
  });
});
