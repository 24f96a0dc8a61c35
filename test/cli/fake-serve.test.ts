import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT_MS, cli, ensureBuiltCli, spawnCli } from "./bin.js";

beforeAll(ensureBuiltCli, BUILD_TIMEOUT_MS);

const files = mkdtempSync(join(tmpdir(), "aks-acr-serve-test-"));
afterAll(() => rmSync(files, { recursive: true, force: true }));
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Starts `aks-acr …args` and resolves with its stdout once `ready` holds for it. */
async function serve<T>(args: string[], ready: (out: string) => T | undefined): Promise<{ child: ChildProcess; value: T }> {
  const child = spawnCli(...args);
  started.push(child);
  let out = "";
  let err = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const value = await new Promise<T>((resolve, reject) => {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const value = ready(out);
      if (value !== undefined) resolve(value);
    });
    child.once("exit", () => reject(new Error(`fake serve exited before it was ready: ${out}${err}`)));
  });
  return { child, value };
}

const asJson = <T>(out: string): T | undefined => {
  try {
    return JSON.parse(out) as T;
  } catch {
    return undefined;
  }
};

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  child.kill(signal);
  const [code] = (await once(child, "exit")) as [number | null];
  return code;
}

interface Info {
  url: string;
  clusterUrl?: string;
  subscriptionId: string;
  cluster?: string;
  registry?: string;
  world: string;
  caFile?: string;
  azSetup?: string[];
}

function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });
}

describe("aks-acr fake serve", () => {
  it("serves the demo world on loopback (ARM with a token from its MSI endpoint, and the cluster API) until SIGTERM", async () => {
    const { child, value: info } = await serve(["--output", "json", "fake", "serve", "--port", "0"], asJson<Info>);
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.url).not.toMatch(/:0$/);
    expect(info).toMatchObject({ cluster: "aks", registry: "myacr", world: "demo" });

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

    expect(await stop(child, "SIGTERM")).toBe(0);
  });

  it("prints the URL, the seeded names and how to use kubectl; says az needs --tls", async () => {
    const { child, value: text } = await serve(["fake", "serve"], (out) => (out.includes("Press Ctrl+C to stop.") ? out : undefined));
    const url = /^Fake Azure listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(text)?.[1];
    expect(url).toBeDefined();
    expect(text).toContain("resource group rg: cluster aks, registry myacr (nginx:v1), not attached");
    expect(text).toContain(`kubectl: kubectl --server=${url}/clusters/aks get pods`);
    expect(text).toContain("start with --tls for them");
    expect((await fetch(`${url}/clusters/aks/api/v1/namespaces/default/pods`)).status).toBe(200);
    expect(await stop(child, "SIGINT")).toBe(0);
  });

  it("--tls: serves https with a certificate made at start, writes its CA to the file it prints, prints the az setup, and removes the file on SIGTERM", async () => {
    const { child, value: info } = await serve(["fake", "serve", "--tls", "-o", "json"], asJson<Info>);
    expect(info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(info.caFile ?? "", "utf8");
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const health = await httpsGet(`${info.url}/_fake/health`, ca);
    expect(JSON.parse(health.body)).toMatchObject({ status: "Healthy", tls: true });
    expect(info.azSetup?.[0]).toContain(`REQUESTS_CA_BUNDLE=${info.caFile} MSI_ENDPOINT=${info.url}/msi/token`);
    expect(info.azSetup?.[1]).toContain(`az cloud register --name FakeAzure --endpoint-resource-manager ${info.url}/ `);
    expect(info.azSetup?.[3]).toBe("az cloud set --name FakeAzure && az login --identity");
    expect(await stop(child, "SIGTERM")).toBe(0);
    expect(existsSync(dirname(info.caFile ?? ""))).toBe(false);
  });

  it("--seed FILE serves the world a YAML document describes; --empty serves none", async () => {
    const seed = join(files, "world.yaml");
    writeFileSync(seed, "registries:\n  - name: seededacr\n    resourceGroup: team\n    images: [nginx:v1]\n");
    const { child, value: info } = await serve(["fake", "serve", "--seed", seed, "-o", "json"], asJson<Info>);
    expect(info.world).toBe("seed");
    const state = (await (await fetch(`${info.url}/_fake/state`)).json()) as { registries: { name: string; images: string[] }[]; clusters: unknown[] };
    expect(state.registries).toMatchObject([{ name: "seededacr", images: ["nginx:v1"] }]);
    expect(state.clusters).toEqual([]);
    await fetch(`${info.url}/_fake/seed`, { method: "POST", body: "registries: [{ name: addedacr, resourceGroup: team }]" });
    await fetch(`${info.url}/_fake/reset`, { method: "POST" });
    const reset = (await (await fetch(`${info.url}/_fake/state`)).json()) as { registries: { name: string }[] };
    expect(reset.registries.map((r) => r.name)).toEqual(["seededacr"]);
    expect(await stop(child, "SIGTERM")).toBe(0);

    const empty = await serve(["fake", "serve", "--empty", "-o", "json"], asJson<Info>);
    const emptyState = (await (await fetch(`${empty.value.url}/_fake/state`)).json()) as { registries: unknown[]; clusters: unknown[] };
    expect([emptyState.registries, emptyState.clusters]).toEqual([[], []]);
    expect(await stop(empty.child, "SIGTERM")).toBe(0);
  });

  it("refuses bad input before listening, as usage errors (exit 2) that name the problem", async () => {
    const port = await cli("fake", "serve", "--port", "99999");
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("argument '99999' is invalid. expected a whole number from 0 to 65535");

    const bad = join(files, "bad.yaml");
    writeFileSync(bad, "clusters:\n  - name: aks\n");
    const seed = await cli("fake", "serve", "--seed", bad);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain("clusters[0].resourceGroup is required");

    const missing = await cli("fake", "serve", "--seed", join(files, "nope.yaml"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("ENOENT");

    const halfTls = await cli("fake", "serve", "--cert", bad);
    expect(halfTls.code).toBe(2);
    expect(halfTls.stderr).toContain("--cert and --key go together");

    const both = await cli("fake", "serve", "--seed", bad, "--empty");
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/--seed.*cannot be used with.*--empty/);
  });
});
