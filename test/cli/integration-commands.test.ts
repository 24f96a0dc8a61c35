import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT_MS, cli, ensureBuiltCli, fakeJson } from "./bin.js";

const DEMO_SUB = "00000000-0000-4000-8000-000000000001";
const CLUSTER_ID = `/subscriptions/${DEMO_SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`;

beforeAll(ensureBuiltCli, BUILD_TIMEOUT_MS);

describe("aks-acr attach", () => {
  it("assigns AcrPull to the kubelet identity and prints what it did", async () => {
    const run = await cli("--fake", "attach", "myacr", "-n", "aks", "-g", "rg");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Assigned AcrPull on myacr to [0-9a-f-]{36}/);
    expect(run.stdout).toMatch(/Principal:\s+[0-9a-f-]{36} \(kubeletIdentity\)/);
    expect(run.stdout).toMatch(/Created:\s+true/);
  });

  it("prints the attach result as JSON, with the cluster given by its ARM id", async () => {
    const { code, json } = await fakeJson<{ created: boolean; role: { name: string }; registry: { loginServer: string }; cluster: { id: string }; assignmentId: string }>(
      "attach",
      "myacr.azurecr.io",
      "-n",
      CLUSTER_ID,
    );
    expect(code).toBe(0);
    expect(json.created).toBe(true);
    expect(json.role.name).toBe("AcrPull");
    expect(json.registry.loginServer).toBe("myacr.azurecr.io");
    expect(json.cluster.id.toLowerCase()).toBe(CLUSTER_ID.toLowerCase());
    expect(json.assignmentId).toContain("/registries/myacr/providers/Microsoft.Authorization/roleAssignments/");
  });

  it("writes nothing with --dry-run", async () => {
    const { code, json } = await fakeJson<{ created: boolean; dryRun: boolean; summary: string }>("attach", "myacr", "-n", "aks", "-g", "rg", "--dry-run");
    expect(code).toBe(0);
    expect(json).toMatchObject({ created: false, dryRun: true });
    expect(json.summary).toMatch(/^Dry run: would assign AcrPull/);
  });

  it("grants the role given with --role", async () => {
    const { code, json } = await fakeJson<{ role: { name: string } }>("attach", "myacr", "-n", "aks", "-g", "rg", "--role", "AcrPush");
    expect(code).toBe(0);
    expect(json.role.name).toBe("AcrPush");
  });

  it("exits 4 with the error as JSON when the registry does not exist", async () => {
    const run = await fakeJson<{ error: { code: string; message: string } }>("attach", "nosuchacr", "-n", "aks", "-g", "rg");
    expect(run.code).toBe(4);
    expect(run.json.error.code).toBe("NotFound");
    expect(run.json.error.message).toMatch(/^Failed to .*nosuchacr/);
    expect(run.stderr).toContain(run.json.error.message);
  });

  it("exits 2 when a cluster name comes without its resource group", async () => {
    const run = await cli("--fake", "attach", "myacr", "-n", "aks");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("needs its resource group");
    expect(run.stdout).toBe("");
  });
});

describe("aks-acr detach", () => {
  it("says nothing was removed on a cluster that was never attached", async () => {
    const table = await cli("--fake", "detach", "myacr", "-n", "aks", "-g", "rg");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Nothing to remove/);
    const { json } = await fakeJson<{ nothingFound: boolean; removed: unknown[] }>("detach", "myacr", "-n", "aks", "-g", "rg", "--dry-run");
    expect(json).toMatchObject({ nothingFound: true, removed: [] });
  });
});

describe("aks-acr list", () => {
  it("lists no registry for the demo cluster, in table and json", async () => {
    const table = await cli("--fake", "list", "-n", "aks", "-g", "rg");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Cluster aks pulls as kubeletIdentity [0-9a-f-]{36}\./);
    expect(table.stdout).toContain("It holds no pull role on any registry.");
    const { code, json } = await fakeJson<{ registries: unknown[]; cluster: { name: string } }>("list", "-n", "aks", "-g", "rg");
    expect(code).toBe(0);
    expect(json.cluster.name).toBe("aks");
    expect(json.registries).toEqual([]);
  });

  it("exits 4 for a cluster that does not exist", async () => {
    const run = await cli("--fake", "list", "-n", "nope", "-g", "rg");
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^Failed to .*nope/);
  });
});

describe("aks-acr check", () => {
  it("finds that the unattached demo cluster cannot pull: report, fix and exit 1", async () => {
    const run = await cli("--fake", "check", "myacr", "-n", "aks", "-g", "rg", "--image", "nginx:v1");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Can cluster rg/aks pull from registry myacr.azurecr.io?");
    expect(run.stdout).toMatch(/FAIL\s+Pull role assignment/);
    expect(run.stdout).toContain("NOT OK");
  });

  it("prints the checks as JSON", async () => {
    const { code, json } = await fakeJson<{ ok: boolean; checks: { id: string; status: string }[] }>("check", "myacr", "-n", "aks", "-g", "rg", "--image", "nginx:v1");
    expect(code).toBe(1);
    expect(json.ok).toBe(false);
    const status = Object.fromEntries(json.checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({ cluster: "pass", registry: "pass", pullRole: "fail", image: "pass" });
  });

  it("exits 2 when --probe comes without --image", async () => {
    const run = await cli("--fake", "check", "myacr", "-n", "aks", "-g", "rg", "--probe");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no image was given");
  });
});
