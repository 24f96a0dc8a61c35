import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT_MS, ensureBuiltCli, spawnCli } from "./bin.js";

beforeAll(ensureBuiltCli, BUILD_TIMEOUT_MS);

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Starts `aks-acr …args` and resolves with its stdout once it holds `lines` lines. */
async function serve(args: string[], lines: number): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawnCli(...args);
  started.push(child);
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.split("\n").length > lines) resolve();
    });
    child.once("exit", () => reject(new Error(`fake serve exited before printing: ${out}`)));
  });
  return { child, lines: out.split("\n") };
}

describe("aks-acr fake serve", () => {
  it("serves the demo world on loopback (ARM with a token from its MSI endpoint, and the cluster API) until SIGTERM", async () => {
    const { child, lines } = await serve(["--output", "json", "fake", "serve", "--port", "0"], 1);
    const info = JSON.parse(lines[0] ?? "") as { url: string; clusterUrl: string; subscriptionId: string; cluster: string; registry: string };
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.url).not.toMatch(/:0$/);
    expect(info).toMatchObject({ cluster: "aks", registry: "myacr" });

    const pods = await fetch(`${info.clusterUrl}/api/v1/namespaces/default/pods`);
    expect(pods.status).toBe(200);
    expect(((await pods.json()) as { kind: string }).kind).toBe("PodList");

    const token = await fetch(`${info.url}/msi/token?resource=https://management.azure.com/`, { headers: { Metadata: "true" } });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    const clusterId = `/subscriptions/${info.subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`;
    const cluster = await fetch(`${info.url}${clusterId}?api-version=2026-04-01`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(cluster.status).toBe(200);
    expect(((await cluster.json()) as { name: string }).name).toBe("aks");

    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  });

  it("prints the URL, the seeded names and how to use kubectl", async () => {
    const { child, lines } = await serve(["fake", "serve"], 6);
    const text = lines.join("\n");
    const url = /^Fake Azure listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(lines[0] ?? "")?.[1];
    expect(url).toBeDefined();
    expect(text).toContain("resource group rg: cluster aks, registry myacr (nginx:v1), not attached");
    expect(text).toContain(`kubectl --server=${url}/clusters/aks get pods`);
    expect((await fetch(`${url}/clusters/aks/api/v1/namespaces/default/pods`)).status).toBe(200);
    child.kill("SIGINT");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  });
});
