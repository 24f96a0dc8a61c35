import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeAzure } from "../fakes/index.js";
import { LIVE_COMMAND, runFakeWalkthrough } from "../src/cli/commands/walkthrough.js";
import { createReporter } from "../src/cli/progress.js";
import { BUILD_TIMEOUT_MS, ROOT, cli, ensureBuiltCli } from "./cli/bin.js";

const execFileAsync = promisify(execFile);

/** Moves the fake clock until `work` settles: every wait in the walkthrough runs on it, none is slept. */
async function drive<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let elapsed = 0; !settled && elapsed < 900_000; elapsed += 250) await vi.advanceTimersByTimeAsync(250);
  return work;
}

/** `npm start` prints its own 4 lines (blank, "> aks-acr@… start", "> npm run build:cli …", blank) before the walkthrough's. */
const NPM_LINES = 4;
const LINE_BUDGET = 25;
const STEP_LINE = /^✓ .+ \((\d+ ms|\d+\.\d s|\d+ min \d\d s)\)$/;

/** The story `npm start` tells, in order: one pattern per line of interest. */
function expectTheStory(output: string): void {
  const lines = output.trimEnd().split("\n");
  expect(lines.length + NPM_LINES).toBeLessThanOrEqual(LINE_BUDGET);
  expect(lines[0]).toMatch(/^Running on the bundled fake Azure\b/);
  const steps = lines.filter((line) => line.startsWith("✓"));
  for (const step of steps) expect(step).toMatch(STEP_LINE);
  expect(steps.map((s) => s.replace(/ \([^()]*\)$/, ""))).toEqual([
    expect.stringMatching(/^✓ Create registry aksacr[a-z0-9]{6} in rg /),
    "✓ Import docker.io/library/nginx:latest as nginx:v1",
    expect.stringMatching(/^✓ Create cluster aks-[a-z0-9]{6}, registry NOT attached: kubelet identity [0-9a-f-]{36}$/),
    expect.stringMatching(/^✓ Get credentials of aks-/),
    expect.stringMatching(/^✓ Deploy nginx0-deployment \(2 × aksacr[a-z0-9]{6}\.azurecr\.io\/nginx:v1\) before attach: cannot pull, as expected$/),
    expect.stringMatching(/^✓ Attach aksacr[a-z0-9]{6} to aks-[a-z0-9]{6}: AcrPull for the kubelet identity$/),
    "✓ Deploy nginx0-deployment again: 2/2 ready",
    expect.stringMatching(/^✓ Check that aks-[a-z0-9]{6} can pull nginx:v1: passed/),
    expect.stringMatching(/^✓ Detach aksacr[a-z0-9]{6} from aks-[a-z0-9]{6}: removed AcrPull$/),
  ]);
  const at = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));
  // Before attach: both pods fail to pull, and the 401 is shown; after it: both Running.
  const denied = at(/before attach/);
  expect(lines.slice(denied + 2, denied + 4).every((line) => /^\s+nginx0-deployment-\S+\s+0\/1\s+ErrImagePull\s/.test(line))).toBe(true);
  expect(lines[denied + 4]).toMatch(/^\s+why: .*"401 Unauthorized"/);
  const again = at(/Deploy nginx0-deployment again/);
  expect(lines.slice(again + 2, again + 4).every((line) => /^\s+nginx0-deployment-\S+\s+1\/1\s+Running\s/.test(line))).toBe(true);
  expect(lines.some((line) => line.startsWith("  … "))).toBe(false);
  expect(lines.at(-3)).toMatch(/^Done in .+: 401 before attach, 2 pods Running after it, check passed, detached\.$/);
  expect(lines.at(-1)?.trim()).toBe(LIVE_COMMAND);
}

describe("the main job (npm start): the walkthrough against the in-process fake", () => {
  // Loaded ahead, so that the fake clock does not race on while the module loads in real time.
  beforeAll(async () => {
    await import("@kubernetes/client-node");
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => vi.useRealTimers());

  it("tells the story: 401 without attach, Running after attach, check passes, detach removes the grant", async () => {
    const azure = createFakeAzure();
    let output = "";
    const reporter = createReporter({ write: (text: string) => (output += text), isTTY: false }, Date.now, { progressLines: false });

    const result = await drive(runFakeWalkthrough(reporter, { azure }));

    expect(result.ok).toBe(true);
    expect(result.deniedPods.map((p) => p.reason)).toEqual(["ErrImagePull", "ErrImagePull"]);
    expect(result.deniedPods.every((p) => p.message?.includes("401 Unauthorized"))).toBe(true);
    expect(result.pods.map((p) => [p.phase, p.ready])).toEqual([
      ["Running", true],
      ["Running", true],
    ]);
    expect(result.check.ok).toBe(true);
    expect(result.check.get("probe")?.status).toBe("pass");
    expect(result.detach.removed.map((a) => a.role.name)).toEqual(["AcrPull"]);
    expect(azure.state.images(result.registry)).toContain("nginx:v1");
    // Detached for real: the world holds no grant for the cluster's kubelet identity any more.
    const cluster = azure.state.clusters().find((c) => c.name === result.cluster.name);
    expect(cluster).toBeDefined();
    expect(azure.state.roleAssignments({ scope: result.detach.registry.id })).toEqual([]);
    expectTheStory(output);
  });

  it("reports a failed step with ✗ and its error when the fake refuses the caller", async () => {
    const azure = createFakeAzure({ seed: false });
    let output = "";
    const reporter = createReporter({ write: (text: string) => (output += text) });

    const failure = await drive(runFakeWalkthrough(reporter, { azure })).catch((error: unknown) => error);

    expect((failure as { code?: string }).code).toBe("PermissionDenied");
    expect(output.trimEnd().split("\n").at(-1)).toMatch(/^✗ Create registry aksacr[a-z0-9]{6} in rg .*\(\d+ ms\)$/);
  });
});

describe.concurrent("the main job as a process", () => {
  beforeAll(ensureBuiltCli, BUILD_TIMEOUT_MS);

  it("npm start's build prints nothing and writes no type declarations; the walkthrough fits the line budget", async () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["start"]).toBe("npm run build:cli --silent && node dist/cli.js walkthrough");
    // The start script's own build, into a directory of its own (dist/ belongs to other tests).
    const outDir = mkdtempSync(join(ROOT, "node_modules", ".cache", "aks-acr-start-"));
    const [command, ...args] = (scripts["build:cli"] ?? "").split(" ");
    try {
      const build = await execFileAsync("npx", [command ?? "", ...args, "--out-dir", outDir], { cwd: ROOT });
      expect(`${build.stdout}${build.stderr}`).toBe("");
      expect(readdirSync(outDir).filter((file) => file.endsWith(".d.ts"))).toEqual([]);
      expect(readdirSync(outDir)).toContain("cli.js");
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }

    const run = await cli("walkthrough");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expectTheStory(run.stdout);
  }, 120_000);

  it("prints the result as JSON with --output json, and the steps on stderr", async () => {
    const run = await cli("--output", "json", "walkthrough");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; deniedPods: { reason: string }[]; pods: { phase: string }[]; check: { ok: boolean } };
    expect(result).toMatchObject({ ok: true, check: { ok: true } });
    expect(result.deniedPods.map((p) => p.reason)).toEqual(["ErrImagePull", "ErrImagePull"]);
    expect(result.pods.map((p) => p.phase)).toEqual(["Running", "Running"]);
    expect(run.stderr).toContain("✓ Deploy nginx0-deployment again");
  }, 60_000);

  it("refuses --live without a subscription, before any request, with exit 2", async () => {
    const run = await cli("walkthrough", "--live");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("AZURE_SUBSCRIPTION_ID");
    expect(run.stdout).toBe("");
  });
});
