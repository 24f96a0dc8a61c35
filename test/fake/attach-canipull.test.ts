import { connect } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createFakeAzure } from "../../fakes/index.js";
import type { ListeningFake } from "../../fakes/index.js";

const azure = createFakeAzure();
let served: ListeningFake;
let nowMs = Date.parse("2026-06-01T12:00:00Z");
beforeAll(async () => {
  served = await azure.listen();
});
afterAll(() => served.close());
beforeEach(() => {
  azure.reset();
  azure.world.now = () => nowMs;
  azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
  azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] });
});

const pods = () => `${served.clusterUrl("aks")}/api/v1/namespaces/default/pods`;

/** The pod `az aks check-acr` runs (its --overrides), checking `acr`. */
async function runCanipull(name: string, acr: string): Promise<void> {
  const created = await fetch(pods(), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, labels: { run: name } },
      spec: {
        restartPolicy: "Never",
        hostNetwork: true,
        containers: [{ name, image: "mcr.microsoft.com/aks/canipull:v0.1.0", args: ["-v6", acr], stdin: true, stdinOnce: true, tty: true }],
      },
    }),
  });
  expect(created.status).toBe(201);
}

async function pod(name: string): Promise<{ status: { phase: string; containerStatuses: { state: Record<string, { exitCode?: number; reason?: string }> }[] } }> {
  return (await (await fetch(`${pods()}/${name}`)).json()) as never;
}

interface Attached {
  protocol: string;
  stdout: string;
  status: unknown;
  closeCode: number;
}

/** Attaches as kubectl v1.32 does: a WebSocket offering v5 (then v4) of the channel protocol. */
function attach(name: string, protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"]): Promise<Attached> {
  const url = `${pods().replace(/^http/, "ws")}/${name}/attach?container=${name}&stdin=true&stdout=true&tty=true`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    let stdout = "";
    let status: unknown;
    ws.on("message", (data: Buffer) => {
      if (data[0] === 1) stdout += data.subarray(1).toString("utf8");
      if (data[0] === 3) status = JSON.parse(data.subarray(1).toString("utf8"));
    });
    ws.on("close", (closeCode) => resolve({ protocol: ws.protocol, stdout, status, closeCode }));
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => reject(new Error(`${res.statusCode}: ${body}`)));
    });
    ws.on("error", reject);
  });
}

/** An upgrade request written by hand (fetch cannot send one), answered without upgrading. */
function raw(requestLine: string, upgrade: string): Promise<string> {
  const { port } = new URL(served.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () => socket.write(`${requestLine} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: ${upgrade}\r\n\r\n`));
    let answer = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => (answer += chunk));
    socket.on("end", () => resolve(answer)).on("error", reject);
  });
}

describe("pod attach over WebSockets, to the canipull pod of az aks check-acr", () => {
  it("waits for the attach, then prints the FAILED verdict with the 401 of a kubelet identity without AcrPull, and the pod fails with canipull's exit code 60", async () => {
    await runCanipull("canipull-a", "myacr.azurecr.io");
    expect((await pod("canipull-a")).status.phase).toBe("Running");
    const attached = await attach("canipull-a");
    expect(attached.protocol).toBe("v5.channel.k8s.io");
    expect(attached.stdout).toContain("[2026-06-01T12:00:00Z] Checking host name resolution (myacr.azurecr.io): \u001b[32mSUCCEEDED\u001b[0m\r\n");
    expect(attached.stdout).toContain("ACR location: westeurope");
    expect(attached.stdout).toContain(`Kubelet managed identity client ID: ${azure.state.clusters()[0]?.kubeletIdentity?.clientId}`);
    expect(attached.stdout).toContain("Validating image pull permission: \u001b[31mFAILED\u001b[0m");
    expect(attached.stdout).toMatch(/ACR myacr\.azurecr\.io rejected token exchange: ACR token exchange endpoint returned error status: 401\. body: \{"errors":\[\{"code":"UNAUTHORIZED"/);
    expect(attached.status).toEqual({ metadata: {}, status: "Success" });
    expect(attached.closeCode).toBe(1000);
    const after = await pod("canipull-a");
    expect(after.status.phase).toBe("Failed");
    expect(after.status.containerStatuses[0]?.state["terminated"]).toMatchObject({ exitCode: 60, reason: "Error" });
    const log = await (await fetch(`${pods()}/canipull-a/log`)).text();
    expect(log).toBe(attached.stdout);
  });

  it("prints the SUCCEEDED verdict once the kubelet identity holds AcrPull, over v4 when only v4 is offered", async () => {
    const cluster = azure.state.clusters()[0]!;
    azure.seed.roleAssignment({ scope: azure.state.registries()[0]!.id, role: "AcrPull", principalId: cluster.kubeletIdentity!.objectId });
    await runCanipull("canipull-b", "myacr.azurecr.io");
    const attached = await attach("canipull-b", ["v4.channel.k8s.io"]);
    expect(attached.protocol).toBe("v4.channel.k8s.io");
    expect(attached.stdout).toContain("Validating image pull permission: \u001b[32mSUCCEEDED\u001b[0m");
    expect(attached.stdout.trimEnd().split("\r\n").slice(-2)).toEqual(["[2026-06-01T12:00:00Z] ", "Your cluster can pull images from myacr.azurecr.io!"]);
    const after = await pod("canipull-b");
    expect(after.status.phase).toBe("Succeeded");
    expect(after.status.containerStatuses[0]?.state["terminated"]).toMatchObject({ exitCode: 0, reason: "Completed" });
  });

  it("reports a login server no registry has as a DNS failure (exit 52)", async () => {
    await runCanipull("canipull-c", "nosuch.azurecr.io");
    const attached = await attach("canipull-c");
    expect(attached.stdout).toContain("Checking host name resolution (nosuch.azurecr.io): \u001b[31mFAILED\u001b[0m");
    expect(attached.stdout).toContain("lookup nosuch.azurecr.io on 168.63.129.16:53: no such host");
    expect((await pod("canipull-c")).status.containerStatuses[0]?.state["terminated"]?.exitCode).toBe(52);
  });

  it("runs on its own when nobody attaches within 5 s of the fake clock; a later attach is refused as kubectl's own check would", async () => {
    await runCanipull("canipull-d", "myacr.azurecr.io");
    nowMs += 4_999;
    expect((await pod("canipull-d")).status.phase).toBe("Running");
    expect(await (await fetch(`${pods()}/canipull-d/log`)).text()).toBe("");
    nowMs += 1;
    expect((await pod("canipull-d")).status.phase).toBe("Failed");
    expect(await (await fetch(`${pods()}/canipull-d/log`)).text()).toContain("Validating image pull permission:");
    await expect(attach("canipull-d")).rejects.toThrow(/400: .*cannot attach a container in a completed pod; current phase is Failed/);
  });

  it("refuses subprotocols it does not serve, SPDY, other paths and missing pods, as Kubernetes Status answers", async () => {
    await runCanipull("canipull-e", "myacr.azurecr.io");
    await expect(attach("canipull-e", ["channel.k8s.io"])).rejects.toThrow(/400: .*none of the offered subprotocols \[channel\.k8s\.io\] is served/);
    await expect(attach("missing")).rejects.toThrow(/404: .*pods \\"missing\\" not found/);
    const spdy = await raw("POST /clusters/aks/api/v1/namespaces/default/pods/canipull-e/attach?stdout=true", "SPDY/3.1");
    expect(spdy).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(spdy).toContain("attaches over WebSockets (v5.channel.k8s.io, v4.channel.k8s.io), not 'SPDY/3.1'");
    const exec = await raw("GET /clusters/aks/api/v1/namespaces/default/pods/canipull-e/exec?command=sh&stdout=true", "websocket");
    expect(exec).toMatch(/^HTTP\/1\.1 400 /);
    expect(exec).toContain("UpgradeNotSupported");
    expect((await pod("canipull-e")).status.phase).toBe("Running");
  });
});
