import { describe, expect, it } from "vitest";
import { roundTrips, type Flight } from "../../bench/flights.js";
import { isWrite } from "../../bench/harness.js";
import { runPool } from "../../bench/pool.js";

const flight = (start: number, end: number): Flight => ({ method: "GET", url: "https://management.azure.com/x", start, end });

describe("counting round trips", () => {
  it("counts requests in flight together as one round and a request sent after an answer as the next", () => {
    // Two reads overlap, the write starts after both answered.
    expect(roundTrips([flight(0, 2), flight(1, 3), flight(4, 5)])).toBe(2);
    expect(roundTrips([flight(0, 1), flight(2, 3), flight(4, 5)])).toBe(3);
    expect(roundTrips([])).toBe(0);
  });
});

describe("counting writes", () => {
  it("counts ARM changes but not reads, list actions or the registry's token exchange", () => {
    const arm = "https://management.azure.com/subscriptions/s/resourceGroups/rg/providers";
    expect(isWrite({ method: "PUT", url: `${arm}/Microsoft.Authorization/roleAssignments/a?api-version=2022-04-01` })).toBe(true);
    expect(isWrite({ method: "POST", url: `${arm}/Microsoft.ContainerRegistry/registries/r/importImage?api-version=1` })).toBe(true);
    expect(isWrite({ method: "POST", url: `${arm}/Microsoft.ContainerService/managedClusters/c/listClusterUserCredential?api-version=1` })).toBe(false);
    expect(isWrite({ method: "GET", url: `${arm}/Microsoft.ContainerService/managedClusters/c?api-version=1` })).toBe(false);
    expect(isWrite({ method: "POST", url: "https://r.azurecr.io/oauth2/exchange" })).toBe(false);
    expect(isWrite({ method: "POST", url: "https://management.azure.com/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01" })).toBe(false);
  });
});

describe("the bounded pool", () => {
  it("never runs more tasks at once than allowed and reports each outcome in order", async () => {
    let running = 0;
    let peak = 0;
    const task = (value: number) => async (): Promise<number> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      if (value === 3) throw new Error("three");
      return value;
    };
    const outcomes = await runPool([1, 2, 3, 4, 5].map(task), 2);
    expect(peak).toBe(2);
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : "rejected"))).toEqual([1, 2, "rejected", 4, 5]);
  });
});
