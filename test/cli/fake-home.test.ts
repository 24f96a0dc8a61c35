import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT_MS, cliWithEnv, ensureBuiltCli } from "./bin.js";

beforeAll(ensureBuiltCli, BUILD_TIMEOUT_MS);

/** Every path under `dir` with its size, modification time and content: what "changed $HOME" compares. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      const stat = statSync(full);
      out[full] = entry.isDirectory() ? `dir ${stat.mtimeMs}` : `${stat.size} ${stat.mtimeMs} ${readFileSync(full, "utf8")}`;
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

describe("--fake never changes $HOME", () => {
  it("leaves a home with a kubeconfig and az settings exactly as it was, across every command, run twice", async () => {
    const home = mkdtempSync(join(tmpdir(), "aks-acr-fake-home-"));
    mkdirSync(join(home, ".kube"));
    writeFileSync(join(home, ".kube", "config"), "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\ncurrent-context: mine\n");
    mkdirSync(join(home, ".azure"));
    writeFileSync(join(home, ".azure", "config"), "[cloud]\nname = AzureCloud\n");
    const before = snapshot(home);
    const env = { HOME: home, USERPROFILE: home };
    const runs = [
      ["--fake", "credentials", "-n", "aks", "-g", "rg"],
      ["--fake", "credentials", "-n", "aks", "-g", "rg"],
      ["--fake", "attach", "myacr", "-n", "aks", "-g", "rg"],
      ["--fake", "detach", "myacr", "-n", "aks", "-g", "rg"],
      ["--fake", "check", "myacr", "-n", "aks", "-g", "rg", "--image", "nginx:v1", "-o", "json"],
      ["--fake", "import", "nginx", "-r", "myacr", "-o", "yaml"],
      ["--fake", "deploy", "-n", "aks", "-g", "rg", "--name", "web", "--image", "nginx:latest"],
    ];
    const results = await Promise.all(runs.map((args) => cliWithEnv(env, ...args)));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 1, 0, 0]);
    // Two credentials runs do not collide (a second one used to fail with Conflict in ~/.kube/config).
    const [first, second] = results.map((r) => /Merged "aks" as current context in (\S+)$/m.exec(r.stdout)?.[1]);
    expect(first).toBeDefined();
    expect(second).not.toBe(first);
    expect(first?.startsWith(home)).toBe(false);
    expect(snapshot(home)).toEqual(before);
  }, 90_000);

  it("writes where --file says, and only there", async () => {
    const home = mkdtempSync(join(tmpdir(), "aks-acr-fake-home-"));
    const file = join(mkdtempSync(join(tmpdir(), "aks-acr-kube-")), "config");
    const before = snapshot(home);
    const run = await cliWithEnv({ HOME: home }, "--fake", "credentials", "-n", "aks", "-g", "rg", "--file", file);
    expect(run.code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("current-context: aks");
    expect(snapshot(home)).toEqual(before);
  });
});
