import { mkdtemp, readFile, rm, stat, writeFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dumpYaml, KubeConfig, loadYaml } from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mergeIntoKubeconfigFile, renameContext, type RawKubeconfig } from "../../src/cluster/kubeconfigFile.js";
import { isAksAcrError } from "../../src/errors.js";

const yaml = { load: (text: string) => loadYaml(text), dump: (value: unknown) => dumpYaml(value) };

function clusterConfig(name: string, server: string, token: string): RawKubeconfig {
  const user = `clusterUser_rg_${name}`;
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server, "certificate-authority-data": "Q0E=" } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name, context: { cluster: name, user } }],
    "current-context": name,
    preferences: {},
  };
}

async function readConfig(file: string): Promise<KubeConfig> {
  const kc = new KubeConfig();
  kc.loadFromString(await readFile(file, "utf8"));
  return kc;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("merging credentials into a kubeconfig file", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "aks-acr-kubeconfig-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates the file and its missing directory with mode 0600", async () => {
    const file = join(dir, "nested", ".kube", "config");
    await mergeIntoKubeconfigFile(file, clusterConfig("aks", "https://aks:443", "t1"), { overwrite: false, yaml });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const kc = await readConfig(file);
    expect(kc.getCurrentContext()).toBe("aks");
    expect(kc.getCurrentCluster()?.server).toBe("https://aks:443");
  });

  it("keeps other clusters, users and contexts and makes the new context current", async () => {
    const file = join(dir, "config");
    await mergeIntoKubeconfigFile(file, clusterConfig("other", "https://other:443", "t0"), { overwrite: false, yaml });
    await mergeIntoKubeconfigFile(file, clusterConfig("aks", "https://aks:443", "t1"), { overwrite: false, yaml });
    const kc = await readConfig(file);
    expect(kc.getContexts().map((c) => c.name).sort()).toEqual(["aks", "other"]);
    expect(kc.getClusters().map((c) => c.name).sort()).toEqual(["aks", "other"]);
    expect(kc.getUsers().map((u) => u.name).sort()).toEqual(["clusterUser_rg_aks", "clusterUser_rg_other"]);
    expect(kc.getCurrentContext()).toBe("aks");
    expect(kc.getCluster("other")?.server).toBe("https://other:443");
  });

  it("keeps fields of other entries this library does not know (exec plugins, extensions, preferences)", async () => {
    const file = join(dir, "config");
    const existing = {
      apiVersion: "v1",
      kind: "Config",
      preferences: { colors: true },
      clusters: [{ name: "eks", cluster: { server: "https://eks", extensions: [{ name: "x", extension: { a: 1 } }] } }],
      users: [{ name: "eks-user", user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token"] } } }],
      contexts: [{ name: "eks", context: { cluster: "eks", user: "eks-user", namespace: "apps" } }],
      "current-context": "eks",
    };
    await writeFile(file, dumpYaml(existing));
    await mergeIntoKubeconfigFile(file, clusterConfig("aks", "https://aks:443", "t1"), { overwrite: false, yaml });
    const written = loadYaml<typeof existing>(await readFile(file, "utf8"));
    expect(written.preferences).toEqual(existing.preferences);
    expect(written.clusters[0]).toEqual(existing.clusters[0]);
    expect(written.users[0]).toEqual(existing.users[0]);
    expect(written.contexts[0]).toEqual(existing.contexts[0]);
  });

  it("refuses to replace a different entry of the same name, naming it, and leaves the file as it was", async () => {
    const file = join(dir, "config");
    await mergeIntoKubeconfigFile(file, clusterConfig("aks", "https://old:443", "old-token"), { overwrite: false, yaml });
    const before = await readFile(file, "utf8");
    const error = await failure(
      mergeIntoKubeconfigFile(file, clusterConfig("aks", "https://new:443", "new-token"), { overwrite: false, yaml }),
    );
    expect(isAksAcrError(error) && error.code).toBe("Conflict");
    expect(String(error)).toContain('"aks"');
    expect(String(error)).not.toContain("new-token");
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("replaces entries of the same name when overwrite is asked for", async () => {
    const file = join(dir, "config");
    await mergeIntoKubeconfigFile(file, clusterConfig("aks", "https://old:443", "old-token"), { overwrite: false, yaml });
    await mergeIntoKubeconfigFile(file, clusterConfig("aks", "https://new:443", "new-token"), { overwrite: true, yaml });
    const kc = await readConfig(file);
    expect(kc.getClusters()).toHaveLength(1);
    expect(kc.getCluster("aks")?.server).toBe("https://new:443");
    expect(kc.getUser("clusterUser_rg_aks")?.token).toBe("new-token");
  });

  it("accepts the same credentials again without overwrite (re-running is not a conflict)", async () => {
    const file = join(dir, "config");
    const config = clusterConfig("aks", "https://aks:443", "t1");
    await mergeIntoKubeconfigFile(file, config, { overwrite: false, yaml });
    await mergeIntoKubeconfigFile(file, config, { overwrite: false, yaml });
    expect((await readConfig(file)).getContexts()).toHaveLength(1);
  });

  it("adds a same-named cluster under another context name instead of clashing", async () => {
    const file = join(dir, "config");
    await mergeIntoKubeconfigFile(file, clusterConfig("aks", "https://one:443", "t1"), { overwrite: false, yaml });
    const renamed = renameContext(clusterConfig("aks", "https://two:443", "t2"), "aks-two");
    await expect(mergeIntoKubeconfigFile(file, renamed, { overwrite: false, yaml })).rejects.toMatchObject({ code: "Conflict" });
    const twoUsers = { ...renamed, users: [{ name: "clusterUser_rg2_aks", user: { token: "t2" } }] };
    twoUsers.contexts = [{ name: "aks-two", context: { cluster: "aks-two", user: "clusterUser_rg2_aks" } }];
    await mergeIntoKubeconfigFile(file, twoUsers, { overwrite: false, yaml });
    const kc = await readConfig(file);
    expect(kc.getCurrentContext()).toBe("aks-two");
    expect(kc.getCluster("aks-two")?.server).toBe("https://two:443");
    expect(kc.getCluster("aks")?.server).toBe("https://one:443");
  });

  it("rejects a file that is not a kubeconfig without quoting its content, and leaves no temporary file", async () => {
    const file = join(dir, "config");
    await writeFile(file, "secret-token-in-here: [unclosed");
    const error = await failure(mergeIntoKubeconfigFile(file, clusterConfig("aks", "https://aks:443", "t1"), { overwrite: false, yaml }));
    expect(isAksAcrError(error) && error.code).toBe("InvalidInput");
    expect(String(error)).not.toContain("secret-token-in-here");
    expect(await readdir(dir)).toEqual(["config"]);
  });
});
