import { watch } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mergeIntoKubeconfigFile, type RawKubeconfig } from "../../src/cluster/kubeconfigFile.js";
import { bundleWriter, finished, startWriter } from "./kubeconfig-writer.js";

const json = { load: (text: string) => JSON.parse(text) as unknown, dump: (value: unknown) => JSON.stringify(value) };

function addition(name: string): RawKubeconfig {
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: `https://${name}.example:443` } }],
    users: [{ name: `user-${name}`, user: { token: `fakekubetoken-${name}` } }],
    contexts: [{ name, context: { cluster: name, user: `user-${name}` } }],
    "current-context": name,
  };
}

async function contexts(file: string): Promise<string[]> {
  const config = JSON.parse(await readFile(file, "utf8")) as RawKubeconfig;
  return (config.contexts ?? []).map((c) => c.name).sort();
}

let script: string;
beforeAll(async () => {
  script = await bundleWriter();
});

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "aks-acr-kubeconfig-"));
  file = join(dir, "config");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const names = Array.from({ length: 10 }, (_, i) => `aks${i}`);

describe("concurrent merges into one kubeconfig lose nothing", () => {
  it("10 merges at once in one process: all 10 contexts, no lock or temporary file left", async () => {
    await Promise.all(names.map((name) => mergeIntoKubeconfigFile(file, addition(name), { overwrite: false, yaml: json })));
    expect(await contexts(file)).toEqual(names);
    expect(await readdir(dir)).toEqual(["config"]);
  });

  it("5 processes at once, each merging 20 contexts: all 100 contexts, no lock or temporary file left", async () => {
    const writers = names.slice(0, 5);
    const runs = await Promise.all(writers.map((name) => finished(startWriter(script, file, name, 20))));
    expect(runs.map((r) => [r.code, r.output])).toEqual(writers.map(() => [0, "done"]));
    expect(await contexts(file)).toEqual(writers.flatMap((name) => Array.from({ length: 20 }, (_, i) => `${name}-${i}`)).sort());
    expect(await readdir(dir)).toEqual(["config"]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe("a writer killed mid-write", () => {
  it("SIGKILL while a temporary copy is being written: the copy is 0600, the next merge removes it and the stale lock, and nothing is lost", async () => {
    await mergeIntoKubeconfigFile(file, addition("before"), { overwrite: false, yaml: json });
    const child = startWriter(script, file, "loop", 100_000, 2_000_000);
    const exited = finished(child);
    const stray = await new Promise<string>((resolve) => {
      const watcher = watch(dir, (_, name) => {
        if (name && /\.aks-acr-\d+-[0-9a-f]+\.tmp$/.test(name)) {
          child.kill("SIGKILL");
          watcher.close();
          resolve(name);
        }
      });
    });
    expect((await exited).signal).toBe("SIGKILL");
    const left = await readdir(dir);
    expect(left).toContain("config.lock");
    if (left.includes(stray)) expect((await stat(join(dir, stray))).mode & 0o777).toBe(0o600);

    await mergeIntoKubeconfigFile(file, addition("after"), { overwrite: false, yaml: json });
    expect(await readdir(dir)).toEqual(["config"]);
    expect(await contexts(file)).toEqual(expect.arrayContaining(["after", "before"]));
  });
});
