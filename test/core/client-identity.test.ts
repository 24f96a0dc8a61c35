import { readFileSync } from "node:fs";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createArmClient } from "../../src/arm/client.js";
import { AzureChinaCloud, resolveCloud } from "../../src/cloud.js";
import { createContext } from "../../src/context.js";
import { hasErrorCode } from "../../src/errors.js";
import { VERSION } from "../../src/version.js";
import { ARM, FAKE_TOKEN, fixedCredential, SUB, useServer } from "./support.js";

const identity = vi.hoisted(() => ({ loaded: false, authorityHosts: [] as string[] }));
vi.mock("@azure/identity", () => {
  identity.loaded = true;
  return {
    DefaultAzureCredential: class {
      constructor(options: { authorityHost: string }) {
        identity.authorityHosts.push(options.authorityHost);
      }
      async getToken() {
        return { token: FAKE_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
      }
    },
  };
});

const server = useServer();
const path = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr1`;

function captureUserAgent(base = ARM): { value: () => string | null } {
  let ua: string | null = null;
  server.use(http.get(`${base}/*`, ({ request }) => { ua = request.headers.get("user-agent"); return HttpResponse.json({}); }));
  return { value: () => ua };
}

afterEach(() => vi.unstubAllEnvs());

describe("client identity", () => {
  it("VERSION equals package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });

  it("sends aks-acr/<version> after the caller's prefix in the user agent", async () => {
    const ua = captureUserAgent();
    await createArmClient({ credential: fixedCredential(), userAgentOptions: { userAgentPrefix: "my-tool/1.2" } }).send({ method: "GET", path, operation: "get" });
    expect(ua.value()).toMatch(new RegExp(`^my-tool/1\\.2 aks-acr/${VERSION.replace(/\./g, "\\.")} `));
  });

  it("does not load @azure/identity when a credential is passed, and loads it on first token otherwise", async () => {
    captureUserAgent();
    await createArmClient({ credential: fixedCredential() }).send({ method: "GET", path, operation: "get" });
    expect(identity.loaded).toBe(false);
    const arm = createArmClient({});
    expect(identity.loaded).toBe(false);
    await arm.send({ method: "GET", path, operation: "get" });
    expect(identity.loaded).toBe(true);
    expect(identity.authorityHosts).toEqual(["https://login.microsoftonline.com"]);
  });

  it("talks to the chosen cloud's endpoint with its scope", async () => {
    const ua = captureUserAgent(AzureChinaCloud.resourceManager);
    const credential = fixedCredential();
    const arm = createArmClient({ credential, cloud: "AzureChinaCloud" });
    await arm.send({ method: "GET", path, operation: "get" });
    expect(ua.value()).toContain("aks-acr/");
    expect(credential.calls).toEqual(["https://management.chinacloudapi.cn/.default"]);
  });

  it("rejects an unknown cloud name with InvalidInput", () => {
    expect(() => resolveCloud("Mars" as never)).toThrow(/AzurePublicCloud, AzureChinaCloud, AzureUSGovernment/);
  });
});

describe("context", () => {
  it("takes the subscription from options, then AZURE_SUBSCRIPTION_ID", () => {
    vi.stubEnv("AZURE_SUBSCRIPTION_ID", "11111111-1111-1111-1111-111111111111");
    expect(createContext({ credential: fixedCredential(), subscriptionId: SUB }).subscriptionId("attach")).toBe(SUB);
    expect(createContext({ credential: fixedCredential() }).subscriptionId("attach")).toBe("11111111-1111-1111-1111-111111111111");
  });

  it("throws InvalidInput naming the operation and the fix when no subscription is known", () => {
    vi.stubEnv("AZURE_SUBSCRIPTION_ID", "");
    const context = createContext({ credential: fixedCredential() });
    expect(() => context.subscriptionId("attach registry myacr")).toThrow(/^Failed to attach registry myacr: .*AZURE_SUBSCRIPTION_ID/);
    try {
      context.subscriptionId("attach");
    } catch (error) {
      expect(hasErrorCode(error, "InvalidInput")).toBe(true);
    }
  });

  it("shares one token cache across the context's requests", async () => {
    captureUserAgent();
    const credential = fixedCredential();
    const context = createContext({ credential });
    await Promise.all([1, 2, 3].map(() => context.arm.send({ method: "GET", path, operation: "get" })));
    await context.arm.send({ method: "GET", path, operation: "get" });
    expect(credential.calls).toHaveLength(1);
    expect(context.cloud.name).toBe("AzurePublicCloud");
  });
});
