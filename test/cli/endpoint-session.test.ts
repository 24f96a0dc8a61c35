import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";
import { runCli } from "../../src/cli/run.js";
import { openSession } from "../../src/cli/session.js";

/** A session against a listening fake, in this process: the client the commands get with --endpoint. */
const azure = createFakeAzure();
let server: Awaited<ReturnType<typeof azure.listen>>;
const quiet = { write: () => true };

beforeAll(async () => {
  azure.seed.resourceGroup({ name: "rg" });
  azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
  azure.seed.registry({ resourceGroup: "rg", name: "myacr" });
  server = await azure.listen({ port: 0 });
});
afterAll(() => server.close());

describe("a session with --endpoint and no --subscription", () => {
  it("sends nothing when opened, and finds the endpoint's only subscription at the first call", async () => {
    azure.clearRequests();
    const session = await openSession({ output: "json", endpoint: server.url }, { stdout: quiet, stderr: quiet });
    const link = session.client.integration({ resourceGroup: "rg", name: "aks" });
    expect(azure.requests).toEqual([]);

    const attached = await link.attach("myacr");
    expect(attached.created).toBe(true);
    expect(attached.cluster.id).toContain(`/subscriptions/${azure.subscriptionId}/`);
    expect(azure.requests.some((r) => /\/subscriptions\?/.test(r.url))).toBe(true);
  });

  it("awaits client methods that return a promise (listClusters), not only entry points", async () => {
    const session = await openSession({ output: "json", endpoint: server.url }, { stdout: quiet, stderr: quiet });
    const listed = await session.client.listClusters();
    expect(listed.clusters.map((c) => c.name)).toEqual(["aks"]);
  });

  it("refuses to send a request to any host but the endpoint", async () => {
    const session = await openSession({ output: "json", endpoint: server.url }, { stdout: quiet, stderr: quiet });
    const report = await session.client.integration({ resourceGroup: "rg", name: "aks" }).check("myacr", { image: "nginx:v1" });
    // The image check reads the registry's own host (myacr.azurecr.io): refused, so it can only warn.
    expect(report.get("image")?.status).toBe("warn");
    expect(report.get("image")?.finding).toContain("sends nothing to myacr.azurecr.io");
  });
});

describe("aks-acr deploy --endpoint", () => {
  it("runs pods on the endpoint's cluster, over its plain-HTTP API server", async () => {
    let stdout = "";
    const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: quiet };
    const code = await runCli(["node", "aks-acr", "deploy", "-n", "aks", "-g", "rg", "--name", "web", "--image", "nginx:latest", "--endpoint", server.url, "-o", "tsv", "--query", "pods[].phase"], io);
    expect(code).toBe(0);
    expect(stdout).toBe("Running\n");
  });
});
