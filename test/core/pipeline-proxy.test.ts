/**
 * The library goes through the proxy HTTPS_PROXY names, as the Azure SDK does, and not for the
 * hosts NO_PROXY lists. core-rest-pipeline has no implicit loopback bypass, so a proxy on loopback
 * sees requests to a fake on loopback; it reads NO_PROXY once per process, when the first pipeline
 * is made, so this file sets both before it makes any client. The fake listens on 127.0.0.1, and
 * "localhost" (in NO_PROXY) reaches the same fake without the proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeAzure, createLoopbackCertificate, type FakeAzure, type ListeningFake } from "../../fakes/index.js";
import type { Cloud } from "../../src/cloud.js";
import { cluster } from "../../src/index.js";
import { startLoopbackProxy, type LoopbackProxy } from "../helpers/loopbackProxy.js";

let azure: FakeAzure;
let plain: ListeningFake;
let proxy: LoopbackProxy;
const saved = { HTTPS_PROXY: process.env["HTTPS_PROXY"], NO_PROXY: process.env["NO_PROXY"] };

function fakeCloud(base: string): Cloud {
  return {
    name: "FakeOnLoopback",
    resourceManager: base,
    resourceManagerScope: "https://management.azure.com/.default",
    graph: `${base}/graph`,
    authorityHost: base,
    acrLoginServerSuffix: "azurecr.io",
  };
}

const aksAt = (base: string, options: { proxyOptions?: { host: string; port: number } } = {}) =>
  cluster({ resourceGroup: "rg", name: "aks" }, { credential: azure.credential(), subscriptionId: azure.subscriptionId, cloud: fakeCloud(base), ...options });

beforeAll(async () => {
  azure = createFakeAzure();
  azure.seed.resourceGroup({ name: "rg", location: "westeurope" });
  azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
  plain = await azure.listen();
  proxy = await startLoopbackProxy();
  process.env["HTTPS_PROXY"] = proxy.url;
  process.env["NO_PROXY"] = "localhost";
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) process.env[name] = value ?? "";
  await Promise.all([plain.close(), proxy.close()]);
});

describe("proxies, as the Azure SDK honours them", () => {
  it("sends every request through the HTTPS_PROXY proxy (an absolute-form request for plain http)", async () => {
    proxy.seen.length = 0;
    const summary = await aksAt(plain.url).get();

    expect(summary.name).toBe("aks");
    const clusterUrl = `${plain.url}/subscriptions/${azure.subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks?api-version=`;
    expect(proxy.seen).toHaveLength(1);
    expect(proxy.seen[0]?.startsWith(`GET ${clusterUrl}`)).toBe(true);
  });

  it("bypasses the proxy for a host NO_PROXY lists", async () => {
    proxy.seen.length = 0;
    const before = azure.requests.length;
    const summary = await aksAt(`http://localhost:${plain.port}`).get();

    expect(summary.name).toBe("aks");
    expect(azure.requests.length).toBe(before + 1);
    expect(proxy.seen).toEqual([]);
  });

  it("tunnels https with CONNECT to the target the library named", async () => {
    const certificate = await createLoopbackCertificate();
    const secure = await azure.listen({ tls: { cert: certificate.cert, key: certificate.key, ca: certificate.ca } });
    try {
      proxy.seen.length = 0;
      // The test process does not trust the throw-away CA, so the TLS handshake the tunnel carried to the fake fails.
      const error = await aksAt(secure.url, { proxyOptions: { host: proxy.url, port: Number(new URL(proxy.url).port) } }).get().then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(proxy.seen).toEqual([`CONNECT 127.0.0.1:${secure.port}`]);
      expect(String((error as { cause?: unknown }).cause ?? error)).toMatch(/certificate/i);
    } finally {
      await secure.close();
    }
  });

  it("uses proxyOptions over the environment", async () => {
    const other = await startLoopbackProxy();
    try {
      proxy.seen.length = 0;
      const summary = await aksAt(plain.url, { proxyOptions: { host: other.url, port: Number(new URL(other.url).port) } }).get();
      expect(summary.name).toBe("aks");
      expect(other.seen).toHaveLength(1);
      expect(proxy.seen).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
