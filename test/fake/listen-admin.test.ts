import { afterEach, describe, expect, it } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";
import type { FakeAzure, ListeningFake } from "../../fakes/index.js";

let served: ListeningFake | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

async function start(options: Parameters<FakeAzure["listen"]>[0] = {}): Promise<{ azure: FakeAzure; url: string }> {
  const azure = createFakeAzure();
  served = await azure.listen(options);
  return { azure, url: served.url };
}

describe("the admin API under /_fake/", () => {
  it("reports health with the default tenant and subscription", async () => {
    const { azure, url } = await start();
    const health = await fetch(`${url}/_fake/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "Healthy", url, tls: false, tenantId: azure.tenantId, subscriptionId: azure.subscriptionId });
  });

  it("seeds a POSTed YAML document, then shows it in the state", async () => {
    const { azure, url } = await start();
    const seeded = await fetch(`${url}/_fake/seed`, {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: "clusters: [{ name: aks, resourceGroup: rg }]\nregistries: [{ name: myacr, resourceGroup: rg, images: [nginx:v1] }]\nroleAssignments: [{ role: AcrPull, scope: registry:myacr, principal: kubelet:aks }]",
    });
    expect(seeded.status).toBe(200);
    const summary = (await seeded.json()) as { clusters: string[]; roleAssignments: string[] };
    expect(summary.clusters).toEqual([azure.state.clusters()[0]?.id]);
    expect(summary.roleAssignments).toHaveLength(1);

    const state = (await (await fetch(`${url}/_fake/state`)).json()) as {
      clusters: { name: string; kubeletObjectId: string }[];
      registries: { name: string; loginServer: string; images: string[] }[];
      roleAssignments: { roleName: string; principalId: string }[];
    };
    expect(state.registries).toMatchObject([{ name: "myacr", loginServer: "myacr.azurecr.io", images: ["nginx:v1"] }]);
    const kubelet = state.clusters[0]?.kubeletObjectId;
    expect(state.roleAssignments.filter((a) => a.principalId === kubelet).map((a) => a.roleName)).toEqual(["AcrPull"]);
  });

  it("answers an invalid seed document 400 with every issue as a detail, changing nothing", async () => {
    const { azure, url } = await start();
    const answer = await fetch(`${url}/_fake/seed`, { method: "POST", body: JSON.stringify({ clusters: [{ name: "aks" }], roleAssignments: [{ role: "AcrPull", scope: "registry:ghost", principal: "caller" }] }) });
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as { error: { code: string; message: string; details: { message: string }[] } };
    expect(error.code).toBe("InvalidSeedDocument");
    expect(error.details.map((d) => d.message)).toEqual(["clusters[0].resourceGroup is required"]);
    expect(azure.state.clusters()).toEqual([]);
  });

  it("resets to what listen({ admin: { reset } }) says, by default to an empty world", async () => {
    const azure = createFakeAzure();
    let resets = 0;
    served = await azure.listen({
      admin: {
        reset: () => {
          resets += 1;
          azure.reset();
          azure.seed.registry({ resourceGroup: "rg", name: "again" });
        },
      },
    });
    azure.seed.registry({ resourceGroup: "rg", name: "dropped" });
    const answer = await fetch(`${served.url}/_fake/reset`, { method: "POST" });
    expect(answer.status).toBe(200);
    expect(resets).toBe(1);
    expect(azure.state.registries().map((r) => r.name)).toEqual(["again"]);

    await served.close();
    served = await azure.listen();
    await fetch(`${served.url}/_fake/reset`, { method: "POST" });
    expect(azure.state.registries()).toEqual([]);
  });

  it("serves the request journal and clears it, without journalling itself", async () => {
    const { azure, url } = await start();
    await fetch(`${url}/subscriptions?api-version=2022-12-01`);
    const journal = (await (await fetch(`${url}/_fake/journal`)).json()) as { requests: { method: string; url: string; status: number }[] };
    expect(journal.requests).toEqual([expect.objectContaining({ method: "GET", status: 401 })]);
    expect((await fetch(`${url}/_fake/journal`, { method: "DELETE" })).status).toBe(204);
    expect(azure.requests).toEqual([]);
  });

  it("fails loudly for a route it does not have, listing the ones it has", async () => {
    const { url } = await start();
    const missing = await fetch(`${url}/_fake/teleport`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "AdminRouteNotFound", message: expect.stringContaining("GET /_fake/health") });
    const wrongMethod = await fetch(`${url}/_fake/reset`);
    expect(wrongMethod.status).toBe(405);
  });

  it("is not served with admin: false (the prefix then reaches ARM, which has no such route)", async () => {
    const { url } = await start({ admin: false });
    const answer = await fetch(`${url}/_fake/health`);
    expect(answer.status).not.toBe(200);
  });
});
