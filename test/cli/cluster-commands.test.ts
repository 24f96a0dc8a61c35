import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT_MS, cli, ensureBuiltCli, fakeJson } from "./bin.js";

beforeAll(ensureBuiltCli, BUILD_TIMEOUT_MS);

describe("aks-acr cluster create", () => {
  it("creates a cluster with the registry attached", async () => {
    const run = await cli("--fake", "cluster", "create", "aks2", "-g", "rg", "-l", "westeurope", "--attach", "myacr");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Created cluster aks2\./);
    expect(run.stdout).toMatch(/Attached:\s+myacr \(AcrPull\)/);
    expect(run.stderr).toMatch(/^✓ Create cluster aks2 /m);
  });

  it("prints the cluster and the attach results as JSON", async () => {
    const { code, json } = await fakeJson<{ created: boolean; cluster: { name: string; nodeCount: number; kubeletIdentity: { objectId: string } }; attached: { principal: { objectId: string } }[] }>(
      "cluster", "create", "aks2", "-g", "rg", "-l", "westeurope", "--attach", "myacr", "--node-count", "2",
    );
    expect(code).toBe(0);
    expect(json.created).toBe(true);
    expect(json.cluster).toMatchObject({ name: "aks2", nodeCount: 2 });
    expect(json.attached.map((a) => a.principal.objectId)).toEqual([json.cluster.kubeletIdentity.objectId]);
  });

  it("exits 2 for a node count that is not a whole number", async () => {
    const run = await cli("--fake", "cluster", "create", "aks2", "-g", "rg", "-l", "westeurope", "--node-count", "two");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("whole number");
  });
});

describe("aks-acr credentials", () => {
  it("merges the kubeconfig into --file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "aks-acr-kube-")), "config");
    const run = await cli("--fake", "credentials", "-n", "aks", "-g", "rg", "--file", file);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`Merged "aks" as current context in ${file}`);
    const written = readFileSync(file, "utf8");
    expect(written).toMatch(/current-context: aks/);
    expect(written).toMatch(/server: https:\/\/aks-rg-[a-z0-9-]+\.hcp\.westeurope\.azmk8s\.io/);
  });

  it("prints the kubeconfig with --file -, as YAML or JSON", async () => {
    const yaml = await cli("--fake", "credentials", "-n", "aks", "-g", "rg", "--file", "-");
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^apiVersion: v1$/m);
    const { json } = await fakeJson<{ contexts: { name: string }[]; "current-context": string }>("credentials", "-n", "aks", "-g", "rg", "--file", "-");
    expect(json["current-context"]).toBe("aks");
    expect(json.contexts.map((c) => c.name)).toEqual(["aks"]);
  });

  it("exits 4 for a cluster that does not exist", async () => {
    const run = await cli("--fake", "credentials", "-n", "nope", "-g", "rg", "--file", "-");
    expect(run.code).toBe(4);
    expect(run.stdout).toBe("");
  });
});

describe("aks-acr deploy", () => {
  it("runs a public image and prints the pods as kubectl does", async () => {
    const run = await cli("--fake", "deploy", "-n", "aks", "-g", "rg", "--name", "web", "--image", "nginx:latest", "--replicas", "2", "--port", "80");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^deployment default\/web: 2\/2 ready/);
    expect(run.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    expect(run.stdout.match(/^web-\S+\s+1\/1\s+Running\s+0\s+\d+s$/gm)).toHaveLength(2);
  });

  it("fails with the 401 pull error and exit 1 for the registry the demo cluster is not attached to", async () => {
    const { code, json } = await fakeJson<{ error: { code: string; message: string } }>("deploy", "-n", "aks", "-g", "rg", "--name", "web", "--image", "myacr.azurecr.io/nginx:v1");
    expect(code).toBe(1);
    expect(json.error.code).toBe("ImagePullFailed");
    expect(json.error.message).toContain("401 Unauthorized");
  });

  it("prints the deployment as JSON", async () => {
    const { code, json } = await fakeJson<{ deployment: { readyReplicas: number }; pods: { phase: string }[] }>("deploy", "-n", "aks", "-g", "rg", "--name", "web", "--image", "nginx:latest");
    expect(code).toBe(0);
    expect(json.deployment.readyReplicas).toBe(1);
    expect(json.pods.map((p) => p.phase)).toEqual(["Running"]);
  });
});
