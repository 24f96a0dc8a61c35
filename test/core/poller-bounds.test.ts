import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createArmClient } from "../../src/arm/client.js";
import { MAX_POLLS_WITHOUT_STATUS } from "../../src/arm/poller.js";
import type { ArmClient, ArmResponse } from "../../src/arm/types.js";
import { ARM, FAKE_CLOCKS, fixedCredential, rejection, SUB, until, useServer } from "./support.js";

const server = useServer();
const statusPath = `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/westeurope/operations/op1`;
const asyncOp = `${ARM}${statusPath}?api-version=2026-04-01`;

beforeEach(() => vi.useFakeTimers(FAKE_CLOCKS));
afterEach(() => vi.useRealTimers());

function arm(): ArmClient {
  return createArmClient({ credential: fixedCredential(), retryOptions: { maxRetries: 0 } });
}

const started: ArmResponse = { status: 201, body: {}, requestId: undefined, header: (n) => (n === "azure-asyncoperation" ? asyncOp : undefined) };

/** Lets in-process I/O run without moving the fake clock, so a hot loop would show as extra polls. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
}

function answerStatus(body: () => Record<string, unknown>, headers: Record<string, string> = {}): { polls: () => number } {
  let polls = 0;
  server.use(
    http.get(`${ARM}${statusPath}`, () => {
      polls++;
      return HttpResponse.json(body(), { headers });
    }),
  );
  return { polls: () => polls };
}

describe("poller: minimum interval", () => {
  /** When (on the fake clock, from the start) each poll went out. */
  function pollTimes(headers: Record<string, string> = {}): number[] {
    const times: number[] = [];
    const started = Date.now();
    server.use(
      http.get(`${ARM}${statusPath}`, () => {
        times.push(Date.now() - started);
        return HttpResponse.json({ status: "InProgress" }, { headers });
      }),
    );
    return times;
  }

  it("with Retry-After: 0, waits 100 ms doubling up to updateIntervalInMs (2000 ms) between polls, never polling in a loop", async () => {
    const times = pollTimes({ "retry-after": "0" });
    const controller = new AbortController();
    const done = rejection(arm().poll(started, { operation: "create cluster aks", abortSignal: controller.signal }));
    await until(() => times.length === 1);
    await settle();
    expect(times).toEqual([0]);
    for (let i = 0; i < 71; i++) await vi.advanceTimersByTimeAsync(100);
    await settle();
    expect(times).toEqual([0, 100, 300, 700, 1500, 3100, 5100, 7100]);
    controller.abort();
    expect((await done).code).toBe("Aborted");
  });

  it("without Retry-After, the waits stop growing at updateIntervalInMs", async () => {
    const times = pollTimes();
    const controller = new AbortController();
    const done = rejection(arm().poll(started, { operation: "create cluster aks", abortSignal: controller.signal, updateIntervalInMs: 250 }));
    await until(() => times.length === 1);
    for (let i = 0; i < 12; i++) await vi.advanceTimersByTimeAsync(100);
    await settle();
    expect(times).toEqual([0, 100, 300, 550, 800, 1050]);
    controller.abort();
    await done;
  });

  it("a Retry-After above 0 is waited exactly", async () => {
    const times = pollTimes({ "retry-after": "3" });
    const controller = new AbortController();
    const done = rejection(arm().poll(started, { operation: "create cluster aks", abortSignal: controller.signal }));
    await until(() => times.length === 1);
    for (let i = 0; i < 7; i++) await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(times).toEqual([0, 3000, 6000]);
    controller.abort();
    await done;
  });
});

describe("poller: overall deadline", () => {
  it("ends with Timeout at operationTimeoutInMs, naming the state the operation was left in, and polls no more", async () => {
    const operation = answerStatus(() => ({ status: "InProgress" }), { "retry-after": "0" });
    const done = rejection(arm().poll(started, { operation: "create cluster aks", scope: "/subscriptions/x/aks", operationTimeoutInMs: 10_000 }));
    await until(() => operation.polls() === 1);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await done;
    expect(error.code).toBe("Timeout");
    expect(error.message).toMatch(/still InProgress after \d+ polls over 10 s/);
    expect(error.message).toContain("may still complete");
    expect(error.details).toMatchObject({ lastStatus: "InProgress" });
    const polls = operation.polls();
    expect(polls).toBe(9);
    expect(error.message).toContain("after 9 polls");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(operation.polls()).toBe(polls);
  });

  it("ends with Timeout even while a Retry-After longer than the deadline is pending", async () => {
    const operation = answerStatus(() => ({ status: "Running" }), { "retry-after": "3600" });
    const done = rejection(arm().poll(started, { operation: "create cluster aks", operationTimeoutInMs: 5000 }));
    await until(() => operation.polls() === 1);
    await vi.advanceTimersByTimeAsync(5000);
    const error = await done;
    expect(error.code).toBe("Timeout");
    expect(error.message).toContain("still Running after 1 polls");
  });

  it("a caller's abort stays Aborted, not Timeout", async () => {
    answerStatus(() => ({ status: "InProgress" }));
    const controller = new AbortController();
    const done = rejection(arm().poll(started, { operation: "create cluster aks", abortSignal: controller.signal, operationTimeoutInMs: 5000 }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect((await done).code).toBe("Aborted");
  });
});

describe("poller: polls without progress", () => {
  it(`gives up with UnexpectedResponse after ${MAX_POLLS_WITHOUT_STATUS} status polls answering 200 {} in a row`, async () => {
    const operation = answerStatus(() => ({}));
    const done = rejection(arm().poll(started, { operation: "create cluster aks" }));
    for (let i = 0; i < MAX_POLLS_WITHOUT_STATUS; i++) await vi.advanceTimersByTimeAsync(2000);
    const error = await done;
    expect(error.code).toBe("UnexpectedResponse");
    expect(error.message).toContain(`answered ${MAX_POLLS_WITHOUT_STATUS} polls in a row without a status`);
    expect(operation.polls()).toBe(MAX_POLLS_WITHOUT_STATUS);
  });

  it("an answer with a status in between resets the count", async () => {
    let polls = 0;
    answerStatus(() => (++polls % 5 === 0 ? { status: polls >= 15 ? "Succeeded" : "InProgress" } : {}));
    const done = arm().poll(started, { operation: "create cluster aks" });
    for (let i = 0; i < 15; i++) await vi.advanceTimersByTimeAsync(2000);
    const result = await done;
    expect(result.status).toBe(200);
    expect(polls).toBe(15);
  });
});
