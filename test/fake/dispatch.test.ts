import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";
import { armCaller } from "./helpers.js";

const azure = createFakeAzure();
const server = setupServer(...azure.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => azure.reset());
afterEach(() => vi.useRealTimers());

const arm = armCaller(azure);
const clusterPath = () => `/subscriptions/${azure.subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`;

describe("the fake's request handling", () => {
  it("answers 401 InvalidAuthenticationToken to ARM and Graph requests without a bearer token", async () => {
    for (const url of [`https://management.azure.com/subscriptions?api-version=2022-12-01`, "https://graph.microsoft.com/v1.0/servicePrincipals"]) {
      const response = await fetch(url);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("InvalidAuthenticationToken");
    }
  });

  it("answers 401 ExpiredAuthenticationToken once the token's hour has passed on the fake clock", async () => {
    let now = Date.parse("2025-01-01T00:00:00Z");
    azure.world.now = () => now;
    const token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
    now += 3601_000;
    const response = await fetch(`https://management.azure.com/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("ExpiredAuthenticationToken");
    azure.world.now = () => Date.now();
  });

  it("answers 401 InvalidAuthenticationTokenTenant for a subscription of another tenant", async () => {
    const foreign = azure.seed.subscription({ tenantId: "99999999-0000-4000-8000-000000000000" });
    const answer = await arm("GET", `/subscriptions/${foreign}/resourceGroups`);
    expect([answer.status, answer.body.error.code]).toEqual([401, "InvalidAuthenticationTokenTenant"]);
  });

  it("answers an unmodelled route with 501 FakeAzureRouteNotModelled naming method, path and operation, journals it and warns once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const path = `/subscriptions/${azure.subscriptionId}/providers/Microsoft.ContainerService/fleets`;
    const first = await arm("GET", path);
    await arm("GET", path);
    expect(first.status).toBe(501);
    expect(first.body.error.code).toBe("FakeAzureRouteNotModelled");
    expect(first.body.error.message).toContain(`GET ${path}`);
    expect(first.body.error.message).toContain("Microsoft.ContainerService Fleets_List");
    const unregistered = await arm("GET", `/subscriptions/${azure.subscriptionId}/providers/Microsoft.Web/sites`);
    expect([unregistered.status, unregistered.body.error.code]).toEqual([501, "FakeAzureRouteNotModelled"]);
    expect(azure.requests.filter((r) => r.unmodelled).map((r) => [r.method, new URL(r.url).pathname, r.status])).toEqual([
      ["GET", path, 501],
      ["GET", path, 501],
      ["GET", `/subscriptions/${azure.subscriptionId}/providers/Microsoft.Web/sites`, 501],
    ]);
    expect(warn.mock.calls.filter(([message]) => String(message).includes("fleets"))).toHaveLength(1);
    warn.mockRestore();
  });

  it("puts a distinct x-ms-request-id on every response, errors included, and journals it", async () => {
    azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
    const ok = await arm("GET", clusterPath());
    const missing = await arm("GET", `${clusterPath()}x`);
    const ids = [ok.headers.get("x-ms-request-id"), missing.headers.get("x-ms-request-id")];
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id ?? ""))).toBe(true);
    expect(ids[0]).not.toBe(ids[1]);
    expect(azure.requests.map((r) => [r.status, r.operation, r.requestId, r.caller])).toEqual([
      [200, "ManagedClusters_Get", ids[0], azure.callerObjectId],
      [404, "ManagedClusters_Get", ids[1], azure.callerObjectId],
    ]);
  });

  it("accepts any api-version but requires one", async () => {
    azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
    const token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
    const get = (query: string) => fetch(`https://management.azure.com${clusterPath()}${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get("?api-version=2099-12-01-preview")).status).toBe(200);
    expect((await get("?api-version=2019-01-01")).status).toBe(200);
    const missing = await get("");
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([400, "MissingApiVersionParameter"]);
  });

  it("serves paths that arrive with a doubled slash, and the other public clouds' ARM hosts", async () => {
    azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
    expect((await arm("GET", `https://management.azure.com/${clusterPath()}?api-version=1`)).status).toBe(200);
    expect((await arm("GET", `https://management.chinacloudapi.cn${clusterPath()}?api-version=1`)).status).toBe(200);
    expect(azure.requests.map((r) => r.url)).toEqual([
      `https://management.azure.com${clusterPath()}?api-version=1`,
      `https://management.chinacloudapi.cn${clusterPath()}?api-version=1`,
    ]);
  });

  it("answers 404 for a missing subscription, resource group or cluster with ARM's codes", async () => {
    const codes = async (path: string) => (await arm("GET", path)).body.error.code as string;
    expect(await codes(`/subscriptions/00000000-dead-4000-8000-000000000000/resourceGroups`)).toBe("SubscriptionNotFound");
    expect(await codes(clusterPath())).toBe("ResourceGroupNotFound");
    azure.seed.resourceGroup({ name: "rg" });
    expect(await codes(clusterPath())).toBe("ResourceNotFound");
  });

  it("lets fault rules answer before routing", async () => {
    azure.hooks.beforeRoute.push(({ route }) =>
      route?.operation === "Subscriptions_List" ? new Response(JSON.stringify({ error: { code: "ResourceRequestsThrottled", message: "slow down" } }), { status: 429, headers: { "retry-after": "3" } }) : undefined,
    );
    const answer = await arm("GET", "/subscriptions");
    azure.hooks.beforeRoute.pop();
    expect([answer.status, answer.headers.get("retry-after"), answer.headers.get("x-ms-request-id") !== null]).toEqual([429, "3", true]);
    expect((await arm("GET", "/subscriptions")).status).toBe(200);
  });

  it("reset() restores the initial world and empties the journal; clearRequests() only the journal", async () => {
    const defaultAssignments = azure.state.roleAssignments();
    azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
    azure.knobs.lroPolls = 5;
    await arm("GET", "/subscriptions");
    azure.clearRequests();
    expect(azure.requests).toEqual([]);
    expect(azure.state.clusters()).toHaveLength(1);
    azure.reset();
    expect([azure.state.clusters(), azure.knobs.lroPolls, azure.requests]).toEqual([[], 0, []]);
    expect(azure.state.roleAssignments()).toEqual(defaultAssignments);
    expect((await arm("GET", "/subscriptions")).body.value.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([azure.subscriptionId]);
  });

  it("creates, checks and reads resource groups, and lists resources the caller may read", async () => {
    const group = `/subscriptions/${azure.subscriptionId}/resourcegroups/newrg`;
    expect((await arm("HEAD", group)).status).toBe(404);
    expect((await arm("PUT", group, { location: "westeurope" })).status).toBe(201);
    expect((await arm("PUT", group, { location: "westeurope" })).status).toBe(200);
    expect((await arm("HEAD", group)).status).toBe(204);
    azure.seed.registry({ resourceGroup: "newrg", name: "myacr01" });
    azure.seed.cluster({ resourceGroup: "newrg", name: "aks" });
    const stranger = azure.seed.principal();
    azure.seed.roleAssignment({ scope: azure.state.registries()[0]?.id ?? "", role: "Reader", principalId: stranger.objectId });
    const list = `/subscriptions/${azure.subscriptionId}/resources`;
    expect((await arm("GET", list)).body.value).toHaveLength(2);
    const seen = await armCaller(azure, stranger.objectId)("GET", list);
    expect(seen.body.value.map((r: { name: string }) => r.name)).toEqual(["myacr01"]);
  });
});
