import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";
import type { ListeningFake } from "../../fakes/index.js";
import { acrNginxYaml } from "../kubectl/harness.js";

const run = promisify(execFile);
const kubectlPath = await run("kubectl", ["version", "--client"]).then(
  () => "kubectl",
  () => undefined,
);
if (!kubectlPath) console.warn("[listen.test] kubectl is not on PATH: the kubectl tests are skipped.");

const azure = createFakeAzure();
let served: ListeningFake;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "aks-acr-listen-"));
  writeFileSync(join(home, "kubeconfig"), "");
});
afterAll(() => rmSync(home, { recursive: true, force: true }));
beforeEach(async () => {
  azure.reset();
  served = await azure.listen({ port: 0 });
});
afterEach(() => served.close());

async function armToken(): Promise<string> {
  return (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
}

/** kubectl isolated from the machine: an empty KUBECONFIG, its own cache and home. */
function kubectl(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run("kubectl", ["--cache-dir", join(home, "cache"), ...args], {
    env: { PATH: process.env["PATH"] ?? "", HOME: home, KUBECONFIG: join(home, "kubeconfig") },
  });
}

describe("listen()", () => {
  it("serves ARM on loopback, with origin-relative long-running operation URLs", async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    azure.seed.resourceGroup({ name: "rg" });
    const response = await fetch(`${served.url}/subscriptions/${azure.subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks?api-version=2026-04-01`, {
      method: "PUT",
      headers: { authorization: `Bearer ${await armToken()}`, "content-type": "application/json" },
      body: JSON.stringify({ location: "westeurope", identity: { type: "SystemAssigned" }, properties: { dnsPrefix: "aks", agentPoolProfiles: [{ name: "np", count: 1, vmSize: "Standard_DS2_v2" }] } }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-ms-request-id")).toBeTruthy();
    const status = response.headers.get("azure-asyncoperation") ?? "";
    expect(status.startsWith(`${served.url}/subscriptions/`)).toBe(true);
    const poll = await fetch(status, { headers: { authorization: `Bearer ${await armToken()}` } });
    expect(((await poll.json()) as { status: string }).status).toBe("Succeeded");
  });

  it("hands out kubeconfigs that point at the cluster's loopback URL", async () => {
    const cluster = azure.seed.cluster({ resourceGroup: "rg", name: "aks" }) as { id: string };
    const response = await fetch(`${served.url}${cluster.id}/listClusterUserCredential?api-version=2026-04-01`, { method: "POST", headers: { authorization: `Bearer ${await armToken()}` } });
    const { kubeconfigs } = (await response.json()) as { kubeconfigs: { value: string }[] };
    const yaml = Buffer.from(kubeconfigs[0]?.value ?? "", "base64").toString("utf8");
    expect(yaml).toContain(`server: ${served.clusterUrl("aks")}`);
    const namespaces = await fetch(`${served.clusterUrl("aks")}/api/v1/namespaces`);
    expect(((await namespaces.json()) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses a non-loopback host", async () => {
    await expect(azure.listen({ host: "0.0.0.0" as "127.0.0.1" })).rejects.toThrow(/loopback/);
  });

  it("names the clusters when the root path is ambiguous", async () => {
    azure.seed.cluster({ resourceGroup: "rg", name: "one" });
    azure.seed.cluster({ resourceGroup: "rg", name: "two" });
    const response = await fetch(`${served.url}/api/v1/pods`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/one, two/);
  });

  it("answers az's cloud metadata and MSI token requests", async () => {
    const metadata = await fetch(`${served.url}/metadata/endpoints?api-version=2015-01-01`);
    expect(((await metadata.json()) as { authentication: { audiences: string[] } }).authentication.audiences).toContain("https://management.azure.com/");
    const refused = await fetch(`${served.url}/msi/token`, { method: "POST", body: new URLSearchParams({ resource: "https://management.azure.com/" }) });
    expect(refused.status).toBe(400);
    const msi = await fetch(`${served.url}/msi/token`, { method: "POST", headers: { Metadata: "true" }, body: new URLSearchParams({ resource: "https://management.azure.com/" }) });
    const token = (await msi.json()) as { access_token: string; token_type: string; resource: string; expires_on: string };
    expect(token).toMatchObject({ token_type: "Bearer", resource: "https://management.azure.com/" });
    const claims = JSON.parse(Buffer.from(token.access_token.split(".")[1] ?? "", "base64url").toString("utf8")) as { tid: string; oid: string };
    expect(claims).toMatchObject({ tid: azure.tenantId, oid: azure.callerObjectId });
    const list = await fetch(`${served.url}/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(list.status).toBe(200);
  });
});

describe.skipIf(!kubectlPath)("kubectl against listen()", () => {

  it("applies the walkthrough Deployment and gets its pods Running once the registry is attached", async () => {
    const cluster = azure.seed.cluster({ resourceGroup: "rg", name: "aks" }) as { properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
    const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] }) as { id: string };
    azure.seed.roleAssignment({ scope: registry.id, role: "AcrPull", principalId: cluster.properties.identityProfile.kubeletidentity.objectId });
    const file = join(home, "acr-nginx.yaml");
    writeFileSync(file, acrNginxYaml("myacr"));
    const server = `--server=${served.url}`;
    const applied = await kubectl([server, "apply", "-f", file]);
    expect(applied.stdout).toContain("deployment.apps/nginx0-deployment created");
    const again = await kubectl([server, "apply", "-f", file]);
    expect(again.stdout).toContain("deployment.apps/nginx0-deployment unchanged");
    const pods = await kubectl([server, "get", "pods"]);
    const rows = pods.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(rows.slice(1)).toHaveLength(2);
    for (const row of rows.slice(1)) expect(row).toMatch(/^nginx0-deployment-\w{10}-\w{5}\s+1\/1\s+Running\s+0\s+/);
  });

  it("shows ErrImagePull for pods of a registry the cluster is not attached to, at a cluster's path", async () => {
    azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
    azure.seed.registry({ resourceGroup: "rg", name: "otheracr", images: ["nginx:v1"] });
    const file = join(home, "other.yaml");
    writeFileSync(file, acrNginxYaml("otheracr"));
    const server = `--server=${served.clusterUrl("aks")}`;
    await kubectl([server, "apply", "-f", file]);
    const pods = await kubectl([server, "get", "pods", "-o", "json"]);
    const list = JSON.parse(pods.stdout) as { items: { status: { containerStatuses: { state: { waiting?: { reason: string; message: string } } }[] } }[] };
    expect(list.items).toHaveLength(2);
    const waiting = list.items[0]?.status.containerStatuses[0]?.state.waiting;
    expect(waiting?.reason).toBe("ErrImagePull");
    expect(waiting?.message).toContain("401 Unauthorized");
  });
});
