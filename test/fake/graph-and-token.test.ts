import { ClientSecretCredential } from "@azure/identity";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";
import { readToken } from "../../fakes/token.js";

const azure = createFakeAzure();
const server = setupServer(...azure.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => azure.reset());

async function graph(path: string): Promise<{ status: number; body: any }> {
  const token = (await azure.credential().getToken("https://graph.microsoft.com/.default"))?.token ?? "";
  const response = await fetch(`https://graph.microsoft.com/v1.0${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

describe("Microsoft Graph", () => {
  it("resolves a service principal's client id to its object id, by every lookup az and the library use", async () => {
    azure.seed.cluster({ resourceGroup: "rg", name: "aks", identity: "servicePrincipal" });
    const appId = azure.state.clusters()[0]?.servicePrincipalClientId ?? "";
    const objectId = [...azure.world.principals.values()].find((p) => p.clientId === appId)?.objectId;

    const byNames = await graph(`/servicePrincipals?$filter=${encodeURIComponent(`servicePrincipalNames/any(c:c eq '${appId}')`)}`);
    expect(byNames.body.value.map((p: { id: string; appId: string }) => [p.id, p.appId])).toEqual([[objectId, appId]]);
    const byAppId = await graph(`/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`);
    expect(byAppId.body.value[0].id).toBe(objectId);
    expect((await graph(`/servicePrincipals(appId='${appId}')`)).body.id).toBe(objectId);
    expect((await graph(`/servicePrincipals/${objectId}`)).body.appId).toBe(appId);
  });

  it("finds nothing when the filter is given an object id instead of an app id, as recorded", async () => {
    const identity = azure.seed.principal({ type: "ManagedIdentity" });
    const answer = await graph(`/servicePrincipals?$filter=${encodeURIComponent(`servicePrincipalNames/any(c:c eq '${identity.objectId}')`)}`);
    expect(answer).toEqual({ status: 200, body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals", value: [] } });
  });

  it("answers 404 Request_ResourceNotFound for a deleted principal's directory object", async () => {
    const live = azure.seed.principal({ type: "ManagedIdentity" });
    const gone = azure.seed.principal({ type: "ServicePrincipal", deleted: true });
    expect((await graph(`/directoryObjects/${live.objectId}`)).body).toMatchObject({ "@odata.type": "#microsoft.graph.servicePrincipal", servicePrincipalType: "ManagedIdentity" });
    const missing = await graph(`/directoryObjects/${gone.objectId}`);
    expect([missing.status, missing.body.error.code]).toEqual([404, "Request_ResourceNotFound"]);
  });
});

describe("the token endpoint", () => {
  it("gives ClientSecretCredential a token naming the seeded service principal, which ARM accepts", async () => {
    const app = azure.seed.principal({ type: "ServicePrincipal" });
    azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}`, role: "Reader", principalId: app.objectId });
    const credential = new ClientSecretCredential(azure.tenantId, app.clientId ?? "", "any-secret", { disableInstanceDiscovery: true });
    const token = await credential.getToken("https://management.azure.com/.default");
    expect(readToken(token.token)).toMatchObject({ oid: app.objectId, tid: azure.tenantId, appid: app.clientId, aud: "https://management.azure.com" });
    const subscriptions = await fetch("https://management.azure.com/subscriptions?api-version=2022-12-01", { headers: { authorization: `Bearer ${token.token}` } });
    expect(((await subscriptions.json()) as { value: { subscriptionId: string }[] }).value.map((s) => s.subscriptionId)).toEqual([azure.subscriptionId]);
  });

  it("refuses an unknown client id with AADSTS700016", async () => {
    const response = await fetch(`https://login.microsoftonline.com/${azure.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: "nobody", client_secret: "x", grant_type: "client_credentials", scope: "https://management.azure.com/.default" }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_description: string }).error_description).toMatch(/^AADSTS700016/);
  });

  it("issues JWT-shaped tokens from credential() that name the caller, and none for an unknown principal", async () => {
    const token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
    expect(token.split(".")).toHaveLength(3);
    expect(readToken(token)).toMatchObject({ oid: azure.callerObjectId, tid: azure.tenantId, aud: "https://management.azure.com" });
    await expect(azure.credential("not-seeded").getToken("https://management.azure.com/.default")).rejects.toThrow(/no such principal/);
  });
});
