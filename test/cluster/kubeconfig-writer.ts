/**
 * Runs `mergeIntoKubeconfigFile` in child processes, as separate `get-credentials` runs would:
 * the module is bundled once with esbuild (tsup's own bundler) and each child merges what its
 * argv says, with JSON as the YAML codec (JSON is YAML).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const SOURCE = new URL("../../src/cluster/kubeconfigFile.ts", import.meta.url).pathname;

const CHILD = `
import { mergeIntoKubeconfigFile } from "./kubeconfigFile.mjs";
const [file, name, repeat, padding] = process.argv.slice(2);
const codec = { load: (text) => JSON.parse(text), dump: (value) => JSON.stringify(value) };
const addition = (n) => ({
  apiVersion: "v1",
  kind: "Config",
  clusters: [{ name: n, cluster: { server: "https://" + n + ".example:443" } }],
  users: [{ name: "user-" + n, user: { token: "fakekubetoken-" + n + "-" + "x".repeat(Number(padding)) } }],
  contexts: [{ name: n, context: { cluster: n, user: "user-" + n } }],
  "current-context": n,
});
for (let i = 0; i < Number(repeat); i++) {
  await mergeIntoKubeconfigFile(file, addition(repeat === "1" ? name : name + "-" + (i % 20)), { overwrite: true, yaml: codec });
}
process.stdout.write("done");
`;

/** A directory holding the bundled module and the child script; returns the script's path. */
export async function bundleWriter(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "aks-acr-kubeconfig-writer-"));
  await build({ entryPoints: [SOURCE], bundle: true, platform: "node", format: "esm", outfile: join(dir, "kubeconfigFile.mjs"), logLevel: "silent" });
  const script = join(dir, "writer.mjs");
  await writeFile(script, CHILD);
  return script;
}

/** Starts a child that merges context `name` into `file` `repeat` times, each user token padded by `padding` characters. */
export function startWriter(script: string, file: string, name: string, repeat = 1, padding = 16): ChildProcess {
  return spawn(process.execPath, [script, file, name, String(repeat), String(padding)], { stdio: ["ignore", "pipe", "pipe"] });
}

/** Resolves with the child's exit code and output. */
export function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, output })));
}
