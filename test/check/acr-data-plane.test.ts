import { describe, expect, it } from "vitest";
import { lookupImage } from "../../src/check/acrDataPlane.js";
import { createContext } from "../../src/context.js";
import { useFakeAzure } from "./harness.js";

const { azure, fresh } = useFakeAzure();
const nginx = { host: undefined, repository: "nginx", tag: "v1" };

async function form(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
}

describe("reading image metadata from the registry's data plane", () => {
  it("finds a tag the caller may read", async () => {
    azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] });
    const lookup = await lookupImage(fresh(), "myacr.azurecr.io", nginx);
    expect(lookup.kind).toBe("found");
    expect(lookup.kind === "found" && lookup.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("says it cannot tell when the caller holds no pull right, instead of calling the image missing", async () => {
    azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] });
    const stranger = azure.seed.principal({ displayName: "no roles" });
    const ctx = createContext({ credential: azure.credential(stranger.objectId), subscriptionId: azure.subscriptionId });
    const lookup = await lookupImage(ctx, "myacr.azurecr.io", { ...nginx, tag: "v2" });
    expect(lookup).toMatchObject({ kind: "unreadable", status: 401 });
    expect(lookup.kind === "unreadable" && lookup.message).not.toMatch(/eyJ/);
  });

  it("accepts only access tokens from the token endpoint on reads, as ACR does", async () => {
    azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] });
    const aad = await azure.credential().getToken("https://management.azure.com/.default");
    const exchanged = await form("https://myacr.azurecr.io/oauth2/exchange", { grant_type: "access_token", service: "myacr.azurecr.io", access_token: aad?.token ?? "" });
    const { refresh_token: refresh } = (await exchanged.json()) as { refresh_token: string };
    const withRefresh = await fetch("https://myacr.azurecr.io/acr/v1/nginx/_tags/v1", { headers: { authorization: `Bearer ${refresh}` } });
    expect(withRefresh.status).toBe(401);
    expect(withRefresh.headers.get("www-authenticate")).toContain('realm="https://myacr.azurecr.io/oauth2/token"');
    const issued = await form("https://myacr.azurecr.io/oauth2/token", { grant_type: "refresh_token", service: "myacr.azurecr.io", scope: "repository:nginx:pull", refresh_token: refresh });
    const { access_token: access } = (await issued.json()) as { access_token: string };
    const tag = await fetch("https://myacr.azurecr.io/acr/v1/nginx/_tags/v1", { headers: { authorization: `Bearer ${access}` } });
    expect(tag.status).toBe(200);
    expect(((await tag.json()) as { tag: { name: string } }).tag.name).toBe("v1");
  });
});
