import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AzureLogger, getLogLevel, setLogLevel } from "@azure/logger";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClusterApi } from "../../src/cluster/index.js";
import { drive, rejection, sentMatching, useFakeAzure } from "./harness.js";

const h = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };
const OTHER_ENTRY = `apiVersion: v1
kind: Config
clusters:
- name: kind-dev
  cluster: {server: "https://127.0.0.1:6443"}
users:
- name: kind-dev
  user: {token: dev-token}
contexts:
- name: kind-dev
  context: {cluster: kind-dev, user: kind-dev}
current-context: kind-dev
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "aks-acr-credentials-"));
  h.azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readConfig(file: string): Promise<KubeConfig> {
  const kc = new KubeConfig();
  kc.loadFromString(await readFile(file, "utf8"));
  return kc;
}

describe("getting cluster credentials", () => {
  it("makes one POST listClusterUserCredential and returns a KubeConfig for the cluster's API server", async () => {
    const kc = await drive(createClusterApi(h.ctx, CLUSTER).credentials());
    expect(h.sent).toHaveLength(1);
    expect(sentMatching(h, /^POST .*\/managedClusters\/aks\/listClusterUserCredential$/)).toHaveLength(1);
    const fqdn = h.azure.state.clusters()[0]?.fqdn;
    expect(kc.getCurrentCluster()?.server).toBe(`https://${fqdn}:443`);
    expect(kc.getCurrentContext()).toBe("aks");
    expect(kc.getCurrentUser()?.name).toBe("clusterUser_rg_aks");
  });

  it("asks for the admin credential with admin: true", async () => {
    const kc = await drive(createClusterApi(h.ctx, CLUSTER).credentials({ admin: true }));
    expect(sentMatching(h, /listClusterAdminCredential$/)).toHaveLength(1);
    expect(kc.getCurrentUser()?.name).toBe("clusterAdmin_rg_aks");
  });

  it("merges into an existing kubeconfig file, keeping its other entries, with mode 0600", async () => {
    const file = join(dir, "config");
    await writeFile(file, OTHER_ENTRY, { mode: 0o644 });
    await drive(createClusterApi(h.ctx, CLUSTER).credentials({ file }));
    const kc = await readConfig(file);
    expect(kc.getContexts().map((c) => c.name).sort()).toEqual(["aks", "kind-dev"]);
    expect(kc.getUser("kind-dev")?.token).toBe("dev-token");
    expect(kc.getCurrentContext()).toBe("aks");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("writes a new file in a directory it creates, under the context name asked for", async () => {
    const file = join(dir, "new", "kubeconfig");
    const kc = await drive(createClusterApi(h.ctx, CLUSTER).credentials({ file, context: "prod-aks" }));
    expect(kc.getCurrentContext()).toBe("prod-aks");
    const written = await readConfig(file);
    expect(written.getCurrentContext()).toBe("prod-aks");
    expect(written.getCurrentCluster()?.name).toBe("prod-aks");
  });

  it("refuses to replace a different entry of the same name unless overwrite is asked for", async () => {
    const file = join(dir, "config");
    const cluster = createClusterApi(h.ctx, CLUSTER);
    await drive(cluster.credentials({ file }));
    const before = await readFile(file, "utf8");
    const admin = await rejection(cluster.credentials({ file, admin: true, context: "aks" }));
    expect(admin.code).toBe("Conflict");
    expect(admin.message).toContain('"aks"');
    expect(await readFile(file, "utf8")).toBe(before);
    await drive(cluster.credentials({ file, admin: true, context: "aks", overwrite: true }));
    expect((await readConfig(file)).getUser("clusterAdmin_rg_aks")).not.toBeNull();
  });

  it("never logs the kubeconfig's token", async () => {
    const lines: string[] = [];
    const original = AzureLogger.log;
    const level = getLogLevel();
    AzureLogger.log = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    setLogLevel("verbose");
    try {
      const kc = await drive(createClusterApi(h.ctx, CLUSTER).credentials());
      const token = kc.getCurrentUser()?.token ?? "";
      expect(token.length).toBeGreaterThan(8);
      expect(lines.some((line) => line.includes("listClusterUserCredential"))).toBe(true);
      expect(lines.join("\n")).not.toContain(token);
    } finally {
      AzureLogger.log = original;
      setLogLevel(level);
    }
  });

  it("says which cluster does not exist", async () => {
    const error = await rejection(createClusterApi(h.ctx, { resourceGroup: "rg", name: "nope" }).credentials());
    expect(error.code).toBe("NotFound");
    expect(error.message).toContain("nope");
  });
});
