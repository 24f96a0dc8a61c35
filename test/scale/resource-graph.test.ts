import { describe, expect, it } from "vitest";
import { resolveRegistry } from "../../src/resolve/registry.js";
import { kqlString, queryResourceGraph } from "../../src/resolve/resourceGraph.js";
import { parseRegistryRef } from "../../src/ids.js";
import { AzurePublicCloud } from "../../src/cloud.js";
import { fakeContext, rejection, serveFakeAzure } from "../helpers/fake-azure.js";

const served = serveFakeAzure();
const graphRequests = () => served.azure.requests.filter((r) => r.operation === "Resources_Resources");

/** `count` more subscriptions the default caller owns; the registry goes in the last. */
function seedSubscriptions(count: number): string[] {
  return Array.from({ length: count }, () => served.azure.seed.subscription());
}

describe("Resource Graph in the fake", () => {
  const post = (body: unknown, principal?: string) =>
    queryResourceGraph<Record<string, unknown>>(fakeContext(served.azure, principal ? { principal } : {}), (body as { query: string }).query, { operation: "test" });

  it("answers a registry lookup from the same world, across subscriptions, with ARG's row shape", async () => {
    const last = seedSubscriptions(3).at(-1) ?? "";
    served.azure.seed.registry({ resourceGroup: "Far-RG", name: "faracr", subscriptionId: last });
    const answer = await post({ query: "resources | where type =~ 'microsoft.containerregistry/registries' and name =~ 'FARACR' | project id, type, resourceGroup, tenantId, properties" });
    expect(answer.available).toBe(true);
    const rows = answer.available ? answer.rows : [];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "microsoft.containerregistry/registries", resourceGroup: "far-rg", tenantId: served.azure.tenantId });
    expect((rows[0]?.["properties"] as { loginServer?: string }).loginServer).toBe("faracr.azurecr.io");
    expect(Object.keys(rows[0] ?? {})).toEqual(["id", "type", "resourceGroup", "tenantId", "properties"]);
  });

  it("leaves out what the caller may not read: a subscription it holds no role in", async () => {
    const hidden = served.azure.seed.subscription({ owner: null });
    served.azure.seed.registry({ resourceGroup: "rg", name: "hiddenacr", subscriptionId: hidden });
    served.azure.seed.registry({ resourceGroup: "rg", name: "shownacr" });
    const answer = await post({ query: "resources | where type =~ 'microsoft.containerregistry/registries' | project name" });
    expect(answer.available && answer.rows.map((r) => r["name"])).toEqual(["shownacr"]);
    const reader = served.azure.seed.principal();
    served.azure.seed.roleAssignment({ scope: `/subscriptions/${hidden}`, role: "Reader", principalId: reader.objectId });
    const asReader = await post({ query: "resources | where type =~ 'microsoft.containerregistry/registries' | project name" }, reader.objectId);
    expect(asReader.available && asReader.rows.map((r) => r["name"])).toEqual(["hiddenacr"]);
  });

  it("pages with $skipToken, 1000 rows a page", async () => {
    for (let i = 0; i < 1005; i++) served.azure.seed.registry({ resourceGroup: "rg", name: `acr${i}` });
    const answer = await post({ query: "resources | where type =~ 'microsoft.containerregistry/registries' | project id" });
    expect(answer.available && answer.rows).toHaveLength(1005);
    expect(graphRequests()).toHaveLength(2);
  });

  it("refuses a query outside the modelled slice, naming the construct", async () => {
    const error = await rejection(post({ query: "resources | summarize count() by type" }));
    expect(error.response?.status).toBe(400);
    expect(error.message).toContain('the operator "summarize"');
  });

  it("escapes string literals so a value cannot end the literal", () => {
    expect(kqlString("a'b\\c")).toBe("'a\\'b\\\\c'");
  });
});

describe("registry by name through Resource Graph", () => {
  it("finds a registry in the last of 200 subscriptions with one request, and learns the tenants", async () => {
    const last = seedSubscriptions(200).at(-1) ?? "";
    served.azure.seed.registry({ resourceGroup: "rg", name: "lastacr", subscriptionId: last });
    const registry = await resolveRegistry(served.ctx, parseRegistryRef("lastacr", AzurePublicCloud), { operation: "test" });
    expect(registry).toMatchObject({ subscriptionId: last, loginServer: "lastacr.azurecr.io", tenantId: served.azure.tenantId, lookup: { via: "resourceGraph" } });
    expect(served.azure.requests.map((r) => r.operation)).toEqual(["Resources_Resources"]);
  });

  it("falls back to a bounded fan-out when Resource Graph refuses the caller, and says so", async () => {
    const last = seedSubscriptions(20).at(-1) ?? "";
    served.azure.seed.registry({ resourceGroup: "rg", name: "fanacr", subscriptionId: last });
    served.azure.faults.add({ operation: "Resources_Resources", authorizationFailed: true, times: Infinity });
    const registry = await resolveRegistry(served.ctx, parseRegistryRef("fanacr.azurecr.io", AzurePublicCloud), { operation: "test" });
    expect(registry.subscriptionId).toBe(last);
    expect(registry.lookup).toEqual({ via: "subscriptions", reason: "Resource Graph answered 403 AuthorizationFailed" });
    // Once refused, the client does not ask Resource Graph again.
    await resolveRegistry(served.ctx, parseRegistryRef("fanacr", AzurePublicCloud), { operation: "test" });
    expect(graphRequests()).toHaveLength(1);
  });

  it("says where it looked when nothing matches", async () => {
    const error = await rejection(resolveRegistry(served.ctx, parseRegistryRef("nosuchacr", AzurePublicCloud), { operation: "attach" }));
    expect(error.code).toBe("NotFound");
    expect(error.message).toContain("Resource Graph");
  });
});
