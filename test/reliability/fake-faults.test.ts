import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeAzure, type FakeAzure } from "../../fakes/index.js";

const azure: FakeAzure = createFakeAzure({ faultSeed: 42 });
const server = setupServer(...azure.handlers);
const ARM = "https://management.azure.com";
let token = "";

beforeAll(async () => {
  // listen()'s loopback server is reached for real; everything else must hit the fake.
  server.listen({ onUnhandledRequest: (request, print) => (new URL(request.url).hostname === "127.0.0.1" ? undefined : print.error()) });
  token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
});
beforeEach(() => {
  azure.reset();
  azure.seed.registry({ resourceGroup: "rg", name: "faultacr" });
});
afterEach(() => azure.faults.clear());
afterAll(() => server.close());

const registryPath = () => `/subscriptions/${azure.subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/faultacr`;
const getRegistry = () => fetch(`${ARM}${registryPath()}?api-version=2025-11-01`, { headers: { authorization: `Bearer ${token}` } });
const statusesOf = async (n: number): Promise<number[]> => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await getRegistry()).status);
  return out;
};

describe("fault rules of the fake Azure", () => {
  it("fire on the nth matching request, as many times as asked, and are listed, removed and cleared", async () => {
    const id = azure.faults.add({ operation: "Registries_Get", status: 500, nth: 2, times: 2 });
    expect(await statusesOf(5)).toEqual([200, 500, 500, 200, 200]);
    expect(azure.faults.list()).toEqual([expect.objectContaining({ id, kind: "rule", seen: 5, fired: 2, remaining: 0 })]);
    expect(azure.faults.remove(id)).toBe(true);
    expect(azure.faults.remove(id)).toBe(false);
    azure.faults.add({ operation: "Registries_Get", status: 503, times: Infinity });
    expect(await statusesOf(2)).toEqual([503, 503]);
    azure.faults.clear();
    expect(azure.faults.list()).toEqual([]);
    expect(await statusesOf(1)).toEqual([200]);
  });

  it("match on method, scope and resource type, and leave other requests alone", async () => {
    azure.faults.add({ method: "GET", scope: registryPath().toUpperCase(), resourceType: "Microsoft.ContainerRegistry/registries", status: 502, times: Infinity });
    expect(await statusesOf(1)).toEqual([502]);
    const other = await fetch(`${ARM}/subscriptions/${azure.subscriptionId}/resourceGroups/rg?api-version=2022-09-01`, { headers: { authorization: `Bearer ${token}` } });
    expect(other.status).toBe(200);
  });

  it("fire with a seeded probability: the same requests fail on every run with the same seed", async () => {
    const run = async (): Promise<number[]> => {
      azure.faults.clear();
      azure.faults.add({ operation: "Registries_Get", status: 503, probability: 0.5, times: Infinity });
      return statusesOf(20);
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.filter((s) => s === 503).length).toBeGreaterThan(2);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(2);
  });

  it("throttle in ARM's words with Retry-After, as JSON or as text/html", async () => {
    azure.faults.add({ operation: "Registries_Get", throttle: { retryAfterSeconds: 9 } });
    azure.faults.add({ operation: "Registries_Get", throttle: { retryAfterSeconds: 3, html: true }, nth: 2 });
    const json = await getRegistry();
    expect([json.status, json.headers.get("retry-after")]).toEqual([429, "9"]);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe("ResourceRequestsThrottled");
    const html = await getRegistry();
    expect([html.status, html.headers.get("retry-after"), html.headers.get("content-type")]).toEqual([429, "3", "text/html; charset=utf-8"]);
    expect(await html.text()).toContain("Please try again after '3' seconds");
  });

  it("drop the connection before or after the service applied the request, journaled as status 0", async () => {
    const name = "11111111-2222-3333-4444-555555555555";
    const put = () =>
      fetch(`${ARM}${registryPath()}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ properties: { roleDefinitionId: `/subscriptions/${azure.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`, principalId: azure.callerObjectId } }),
      });
    azure.faults.add({ operation: "RoleAssignments_Create", drop: "before" });
    await expect(put()).rejects.toThrow();
    expect(azure.state.roleAssignments({ scope: registryPath() })).toEqual([]);
    azure.faults.add({ operation: "RoleAssignments_Create", drop: "after" });
    await expect(put()).rejects.toThrow();
    expect(azure.state.roleAssignments({ scope: registryPath() }).map((a) => a.name)).toEqual([name]);
    expect(azure.requests.filter((r) => r.operation === "RoleAssignments_Create").map((r) => r.status)).toEqual([0, 0]);
  });

  it("drop a connection under listen() by destroying the socket", async () => {
    const listening = await azure.listen();
    try {
      azure.faults.add({ operation: "Registries_Get", drop: true });
      const url = `${listening.url}${registryPath()}?api-version=2025-11-01`;
      await expect(fetch(url, { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow();
      expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await listening.close();
    }
  });

  it("refuse a rule with two effects, or none", () => {
    expect(() => azure.faults.add({ status: 500, drop: true })).toThrow(/status and drop/);
    expect(() => azure.faults.add({ operation: "Registries_Get" })).toThrow(/no effect/);
    expect(() => azure.faults.add({ status: 500, probability: 2 })).toThrow(/probability/);
  });

  it("enforce a per-minute write window on the world's clock, answering 429 with the seconds left", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    azure.world.now = () => now;
    azure.faults.rateLimit({ writesPerMinute: 1 });
    const del = (n: number) =>
      fetch(`${ARM}${registryPath()}/providers/Microsoft.Authorization/roleAssignments/0000000${n}-0000-0000-0000-000000000000?api-version=2022-04-01`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
    expect((await del(1)).status).toBe(204);
    now += 15_000;
    const refused = await del(2);
    expect([refused.status, refused.headers.get("retry-after")]).toEqual([429, "45"]);
    expect((await getRegistry()).status).toBe(200);
    now += 45_000;
    expect((await del(3)).status).toBe(204);
    expect(azure.faults.list()).toEqual([expect.objectContaining({ kind: "rateLimit", seen: 3, fired: 1 })]);
  });
});
