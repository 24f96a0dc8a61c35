#!/usr/bin/env node
/**
 * `npm run test:clients`: the walkthrough's commands with the real clients, unchanged, against
 * `aks-acr fake serve --tls`: the Debian Azure CLI (azure-cli 2.45), kubectl, and the Debian Python
 * SDK (python3-azure). Everything runs in a network namespace that has only `lo`, so no client can
 * reach anything but the fake. Each step prints PASS, FAIL or SKIP (with why); the exit code is 1
 * when a step failed. Not part of `npm test`: CI machines have no az.
 *
 * Environment: AZ_DEBIAN_SHIM (folder of the sitecustomize.py Debian's az needs; default
 * test/clients/az-shim), AKS_ACR_CLIENTS_NO_NETNS=1 (run without a namespace,
 * e.g. as non-root: then the clients are not fenced in), PYTHON (the Python with python3-azure).
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { checks } from "./steps.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const HERE = fileURLToPath(new URL(".", import.meta.url));
const run = promisify(execFile);
const results = [];

function report(name, status, detail = "") {
  results.push({ name, status, detail });
  console.log(`${status.padEnd(4)} ${name}${detail ? ` — ${detail}` : ""}`);
}

async function probe(command, args, env) {
  try {
    const { stdout } = await run(command, args, { env, timeout: 60_000 });
    return stdout;
  } catch {
    return undefined;
  }
}

/** The first python3 on PATH that has the Debian SDK's management clients. */
async function findPython() {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : (process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "python3")).filter((path) => existsSync(path));
  for (const python of candidates) {
    const ok = await probe(python, ["-c", "import azure.mgmt.containerregistry, azure.mgmt.containerservice, azure.mgmt.authorization, azure.identity"], process.env);
    if (ok !== undefined) return python;
  }
  return undefined;
}

const tools = {
  az: await probe("az", ["version", "-o", "json"], { ...process.env, AZURE_CORE_COLLECT_TELEMETRY: "false" }).then((out) => (out ? JSON.parse(out)["azure-cli"] : undefined)),
  kubectl: await probe("kubectl", ["version", "--client", "-o", "json"], process.env).then((out) => (out ? JSON.parse(out).clientVersion?.gitVersion : undefined)),
  python: await findPython(),
};
const shim = process.env.AZ_DEBIAN_SHIM ?? join(ROOT, "test", "clients", "az-shim");
const useNetns = process.env.AKS_ACR_CLIENTS_NO_NETNS !== "1";
console.log(`az: ${tools.az ?? "not installed"}; kubectl: ${tools.kubectl ?? "not installed"}; Python SDK: ${tools.python ?? "not installed (apt-get install python3-azure)"}`);

if (!tools.az && !tools.python) {
  report("all client steps", "SKIP", "neither the Azure CLI nor the Python SDK is installed (apt-get install -y azure-cli python3-azure kubectl)");
  finish();
}
if (useNetns && (process.getuid?.() !== 0 || (await probe("ip", ["-V"], process.env)) === undefined)) {
  report("all client steps", "SKIP", "a loopback-only network namespace needs root and iproute2; set AKS_ACR_CLIENTS_NO_NETNS=1 to run without one");
  finish();
}

const work = mkdtempSync(join(tmpdir(), "aks-acr-clients-"));
const namespace = `aksacr${process.pid}`;
if (useNetns) {
  await run("ip", ["netns", "add", namespace]);
  await run("ip", ["netns", "exec", namespace, "ip", "link", "set", "lo", "up"]);
}
const fenced = (command, args) => (useNetns ? ["ip", ["netns", "exec", namespace, command, ...args]] : [command, args]);

let server;
try {
  console.log("building the CLI…");
  const cliDir = join(ROOT, "node_modules", ".cache", "aks-acr-clients");
  await run("npx", ["tsup", "--entry.cli", "src/cli/main.ts", "--format", "esm", "--out-dir", cliDir, "--no-dts"], { cwd: ROOT });
  const started = Date.now();
  server = await startServer(join(cliDir, "cli.js"));
  report("aks-acr fake serve --tls --seed test/clients/world.yaml", "PASS", `${server.info.url} in ${Date.now() - started} ms, CA in ${server.info.caFile}`);
  const env = clientEnv(server.info);
  const exec = (command, args, options = {}) => execute(command, args, { env, ...options });
  await checks({ tools, info: server.info, env, exec, report, work, here: HERE, shim, python: tools.python });
} catch (error) {
  report("harness", "FAIL", error instanceof Error ? error.message : String(error));
} finally {
  if (server) {
    server.child.kill("SIGTERM");
    const code = await new Promise((resolve) => server.child.once("exit", resolve));
    report("fake serve stops cleanly on SIGTERM", code === 0 ? "PASS" : "FAIL", `exit code ${code}`);
  }
  if (useNetns) await run("ip", ["netns", "delete", namespace]).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
  finish();
}

function clientEnv(info) {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: join(work, "home"),
    KUBECONFIG: join(work, "kubeconfig"),
    REQUESTS_CA_BUNDLE: info.caFile,
    NODE_EXTRA_CA_CERTS: info.caFile,
    MSI_ENDPOINT: `${info.url}/msi/token`,
    AZURE_CORE_COLLECT_TELEMETRY: "false",
    AZURE_CORE_SURVEY_MESSAGE: "false",
    AZURE_CORE_ONLY_SHOW_ERRORS: "true",
    AZURE_EXTENSION_USE_DYNAMIC_INSTALL: "no",
    AZSHIM_FAST_ROLE_RETRY: "1",
    PYTHONPATH: shim,
    FAKE_URL: info.url,
    FAKE_SUBSCRIPTION_ID: info.subscriptionId,
  };
  writeFileSync(env.KUBECONFIG, "");
  return env;
}

/** Starts `fake serve` inside the namespace and reads the JSON line it prints. */
function startServer(cli) {
  const [command, args] = fenced(process.execPath, [cli, "fake", "serve", "--tls", "--seed", join(HERE, "world.yaml"), "-o", "json"]);
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`fake serve printed nothing in 30 s: ${err}`)), 30_000);
    child.stderr.setEncoding("utf8").on("data", (chunk) => (err += chunk));
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      out += chunk;
      try {
        const info = JSON.parse(out);
        clearTimeout(timer);
        resolve({ child, info });
      } catch {
        // Not the whole document yet.
      }
    });
    child.once("exit", (code) => reject(new Error(`fake serve exited (${code}) before it printed its address: ${err}`)));
  });
}

/** Runs a client inside the namespace; resolves with its exit code, outputs and duration, never rejects. */
function execute(command, args, { env, input, timeoutMs = 180_000 }) {
  const [cmd, argv] = fenced(command, args);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { env, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    if (input !== undefined) child.stdin.end(input);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? `killed (${signal}) after ${timeoutMs} ms` : -1), stdout, stderr, ms: Date.now() - started });
    });
  });
}

function finish() {
  const count = (status) => results.filter((r) => r.status === status).length;
  console.log(`\n${count("PASS")} passed, ${count("FAIL")} failed, ${count("SKIP")} skipped`);
  process.exit(count("FAIL") > 0 ? 1 : 0);
}

