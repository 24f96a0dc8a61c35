/**
 * Runs the built `aks-acr` bin as a child process, as a user or a script would. It is built with
 * the package's own tsup config, but into a directory of its own: other builds of dist/ (the
 * package test, a developer's `npx tsup`) clean dist/ and would pull the bin away mid-test. It is
 * rebuilt when older than the sources, once across test files.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export const ROOT = new URL("../..", import.meta.url).pathname;
const OUT_DIR = join(ROOT, "node_modules", ".cache", "aks-acr-cli-test");
export const BIN = join(OUT_DIR, "cli.js");
const LOCK = join(tmpdir(), `aks-acr-cli-build-${ROOT.replace(/\W/g, "_")}.lock`);
const execFileAsync = promisify(execFile);

/** A home directory of its own, so no test can touch the user's ~/.kube or ~/.azure. */
export const HOME = mkdtempSync(join(tmpdir(), "aks-acr-cli-home-"));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function newestSourceMs(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs;
  }));
}

function isFresh(): boolean {
  try {
    return statSync(BIN).mtimeMs >= Math.max(newestSourceMs(join(ROOT, "src")), newestSourceMs(join(ROOT, "fakes")));
  } catch {
    return false;
  }
}

/** Builds the bin unless it is up to date; a lock directory keeps parallel test files from building at once. */
export async function ensureBuiltCli(): Promise<void> {
  for (;;) {
    if (isFresh()) return;
    try {
      mkdirSync(LOCK);
    } catch {
      // A lock older than any build is left over from a killed run.
      const lockAgeMs = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (lockAgeMs > BUILD_TIMEOUT_MS) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (!isFresh()) await execFileAsync("npx", ["tsup", "--entry.cli", "src/cli/main.ts", "--format", "esm", "--no-dts", "--silent", "--out-dir", OUT_DIR], { cwd: ROOT });
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

function childEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, HOME, USERPROFILE: HOME, AZURE_SUBSCRIPTION_ID: "", AKS_ACR_ENDPOINT: "", KUBECONFIG: "", NO_COLOR: "1", ...overrides };
}

/** `node dist/cli.js …args`; resolves with the exit code and both outputs (never rejects on a non-zero exit). */
export async function cli(...args: string[]): Promise<CliRun> {
  return cliWithEnv({}, ...args);
}

/** {@link cli} with these environment variables set (e.g. `{ HOME }`, `{ AKS_ACR_ENDPOINT }`). */
export async function cliWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(env) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** `cli("--fake", "--output", "json", …args)` with stdout parsed. */
export async function fakeJson<T = Record<string, unknown>>(...args: string[]): Promise<CliRun & { json: T }> {
  const run = await cli("--fake", "--output", "json", ...args);
  return { ...run, json: JSON.parse(run.stdout) as T };
}

/** Starts the bin without waiting for it to end (for `fake serve`). */
export function spawnCli(...args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
}

export const BUILD_TIMEOUT_MS = 240_000;
