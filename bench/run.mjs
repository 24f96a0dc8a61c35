#!/usr/bin/env node
// `npm run bench`: rebuilds dist/ when the sources are newer (the benchmarks measure what users
// install), bundles the TypeScript benchmark with esbuild, and runs it in a fresh Node process.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = performance.now();

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function distIsStale() {
  const outputs = ["index.js", "fakes.js", "index.d.ts"].map((name) => join(root, "dist", name));
  if (!outputs.every(existsSync)) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const inputs = ["src", "fakes", "package.json", "tsup.config.ts"].map((name) => join(root, name));
  return Math.max(...inputs.map(newestChange)) > built;
}

if (distIsStale()) {
  console.log("bench: dist/ is older than the sources; building it with tsup");
  const build = spawnSync("npx", ["tsup"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("bench: Failed to build dist/ with tsup. Fix the build errors above, then run `npm run bench` again.");
    process.exit(build.status ?? 1);
  }
}
const buildMs = performance.now() - started;

const { build } = await import("esbuild");
const bundle = join(root, "node_modules", ".cache", "aks-acr-bench", "bench.mjs");
await build({
  entryPoints: [join(root, "bench", "main.ts")],
  outfile: bundle,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});

// A proxy would route core-rest-pipeline through an agent and msw would see the proxy's URL.
const env = { ...process.env, HTTPS_PROXY: "", HTTP_PROXY: "", https_proxy: "", http_proxy: "", AKS_ACR_BENCH_BUILD_MS: String(Math.round(buildMs)) };
const run = spawnSync(process.execPath, [bundle, ...process.argv.slice(2)], { cwd: root, stdio: "inherit", env });
process.exit(run.status ?? 1);
