import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeAzure } from "../fakes/index.js";
import { runFakeWalkthrough } from "../src/cli/commands/walkthrough.js";
import { createReporter } from "../src/cli/progress.js";
import { BUILD_TIMEOUT_MS, cli, ensureBuiltCli } from "./cli/bin.js";

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

const STEP_LINE = /^✓ .+ \((\d+ ms|\d+\.\d s|\d+ min \d\d s)\)$/;

describe("the main job (npm start): the walkthrough against the in-process fake", () => {
  // Loaded ahead, so that the fake clock does not race on while the module loads in real time.
  beforeAll(async () => {
    await import("@kubernetes/client-node");
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => vi.useRealTimers());

  it("creates, imports, attaches, deploys two Running nginx pods and passes the check, one line per step", async () => {
    const azure = createFakeAzure();
    let output = "";
    const reporter = createReporter({ write: (text: string) => (output += text), isTTY: false });

    const result = await drive(runFakeWalkthrough(reporter, { azure }));

    expect(result.ok).toBe(true);
    expect(result.check.ok).toBe(true);
    expect(result.check.get("probe")?.status).toBe("pass");
    expect(result.pods.map((p) => [p.phase, p.ready])).toEqual([
      ["Running", true],
      ["Running", true],
    ]);
    expect(result.registry).toMatch(/^aksacr[a-z0-9]{6}$/);
    expect(azure.state.images(result.registry)).toContain("nginx:v1");
    const cluster = azure.state.clusters().find((c) => c.name === result.cluster.name);
    expect(cluster).toBeDefined();

    const lines = output.trimEnd().split("\n");
    const steps = lines.filter((line) => line.startsWith("✓"));
    expect(steps).toHaveLength(7);
    for (const step of steps) expect(step).toMatch(STEP_LINE);
    expect(steps.map((s) => s.split(":")[0])).toEqual([
      expect.stringMatching(/^✓ Create registry aksacr/),
      "✓ Import docker.io/library/nginx",
      expect.stringMatching(/^✓ Create cluster aks-[a-z0-9]{6} with aksacr[a-z0-9]{6} attached$/),
      expect.stringMatching(/^✓ Get credentials of aks-/),
      "✓ Deploy nginx0-deployment",
      "✓ Get pods",
      expect.stringMatching(/^✓ Check that aks-.* can pull nginx/),
    ]);
    expect(lines.some((line) => line.startsWith("  … "))).toBe(true);
    const header = lines.findIndex((line) => /^\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/.test(line));
    expect(header).toBeGreaterThan(0);
    expect(lines.slice(header + 1, header + 3).every((line) => /nginx0-deployment-\S+\s+1\/1\s+Running\s+0\s+\d+s$/.test(line))).toBe(true);
    expect(output).toContain("OK: no check failed");
    expect(lines.at(-1)).toMatch(/^Done in .+: 2 pods Running, check passed\.$/);
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

describe("the main job as a process: aks-acr walkthrough", () => {
  beforeAll(ensureBuiltCli, BUILD_TIMEOUT_MS);

  it("prints the walkthrough and exits 0 with two Running pods and a passing check", async () => {
    const run = await cli("walkthrough");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^\s+nginx0-deployment-\S+\s+1\/1\s+Running\s/gm)).toHaveLength(2);
    expect(run.stdout).toMatch(/✓ Check that .* passed/);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/^Done in .+: 2 pods Running, check passed\.$/);
  });

  it("prints the result as JSON with --output json, and the steps on stderr", async () => {
    const run = await cli("--output", "json", "walkthrough");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; pods: { phase: string }[]; check: { ok: boolean } };
    expect(result).toMatchObject({ ok: true, check: { ok: true } });
    expect(result.pods.map((p) => p.phase)).toEqual(["Running", "Running"]);
    expect(run.stderr).toContain("✓ Deploy nginx0-deployment");
  });

  it("refuses --live without a subscription, before any request, with exit 2", async () => {
    const run = await cli("walkthrough", "--live");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("AZURE_SUBSCRIPTION_ID");
    expect(run.stdout).toBe("");
  });
});
