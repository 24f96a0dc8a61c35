import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { summarise, type Sample } from "../stats.js";

export interface ImportTarget {
  label: string;
  specifiers: string[];
}

export interface ImportTime extends ImportTarget {
  /** Wall time of the import. */
  ms: Sample;
  /** CPU time (user + system) the process spent in it: steadier than wall time on a busy machine. */
  cpuMs: Sample;
}

export const IMPORT_TARGETS = {
  library: { label: "aks-acr", specifiers: ["aks-acr"] },
  fakes: { label: "aks-acr/fakes", specifiers: ["aks-acr/fakes"] },
  officialClients: {
    label: "@azure/arm-containerservice + arm-containerregistry + arm-authorization",
    specifiers: ["@azure/arm-containerservice", "@azure/arm-containerregistry", "@azure/arm-authorization"],
  },
  corePipeline: { label: "@azure/core-rest-pipeline alone", specifiers: ["@azure/core-rest-pipeline"] },
  identity: { label: "@azure/identity (what aks-acr loads only without a credential)", specifiers: ["@azure/identity"] },
  kubernetes: { label: "@kubernetes/client-node (what aks-acr loads only for cluster calls)", specifiers: ["@kubernetes/client-node"] },
} satisfies Record<string, ImportTarget>;

export type ImportTargetName = keyof typeof IMPORT_TARGETS;

/** The wall and CPU time `import()` of the specifiers takes, measured inside a fresh `node` process. */
function importOnce(root: string, target: ImportTarget): { wall: number; cpu: number } {
  const code =
    "const cpu = process.cpuUsage(); const started = performance.now(); " +
    `for (const s of ${JSON.stringify(target.specifiers)}) await import(s); ` +
    "const wall = performance.now() - started; const used = process.cpuUsage(cpu); " +
    "process.stdout.write(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000 }));";
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
  if (child.status !== 0 || !child.stdout.startsWith("{")) {
    throw new Error(`Failed to time the import of ${target.label} (exit ${child.status}): ${child.stderr.trim().slice(-400)}`);
  }
  return JSON.parse(child.stdout) as { wall: number; cpu: number };
}

export interface ImportTimes {
  targets: Record<ImportTargetName, ImportTime>;
  /** aks-acr ÷ core-rest-pipeline, per run (both measured back to back), summarised: wall and CPU time. */
  libraryVsPipeline: { wall: Sample; cpu: Sample };
  /** aks-acr ÷ the three official clients, per run, summarised: wall and CPU time. */
  libraryVsOfficial: { wall: Sample; cpu: Sample };
}

/**
 * Scenario 5a: cold import time. Each run starts one fresh process per target; targets take turns
 * within a run so a noisy moment on the machine hits them all alike, and the ratios are taken per
 * run before their median, so a slow stretch of the machine cancels out.
 */
export function measureImports(root: string, runs: number): ImportTimes {
  const names = Object.keys(IMPORT_TARGETS) as ImportTargetName[];
  const times = Object.fromEntries(names.map((name) => [name, [] as Array<{ wall: number; cpu: number }>])) as Record<ImportTargetName, Array<{ wall: number; cpu: number }>>;
  importOnce(root, IMPORT_TARGETS.library); // the first process after a build pays for the disk cache
  for (let run = 0; run < runs; run++) for (const name of names) times[name].push(importOnce(root, IMPORT_TARGETS[name]));
  const perRun = (other: ImportTargetName, kind: "wall" | "cpu"): Sample =>
    summarise(times.library.map((t, run) => t[kind] / (times[other][run]?.[kind] ?? Number.NaN)));
  const target = (name: ImportTargetName): ImportTime => ({
    ...IMPORT_TARGETS[name],
    ms: summarise(times[name].map((t) => t.wall)),
    cpuMs: summarise(times[name].map((t) => t.cpu)),
  });
  return {
    targets: Object.fromEntries(names.map((name) => [name, target(name)])) as Record<ImportTargetName, ImportTime>,
    libraryVsPipeline: { wall: perRun("corePipeline", "wall"), cpu: perRun("corePipeline", "cpu") },
    libraryVsOfficial: { wall: perRun("officialClients", "wall"), cpu: perRun("officialClients", "cpu") },
  };
}

export interface LazyLoading {
  label: string;
  loadedKubernetes: boolean;
  loadedIdentity: boolean;
}

const SCRIPT_PRELUDE = `
import { setupServer } from "msw/node";
import { createFakeAzure } from "aks-acr/fakes";
import { createClient } from "aks-acr";
const azure = createFakeAzure();
const server = setupServer(...azure.handlers);
server.listen({ onUnhandledRequest: "error" });
const registry = azure.seed.registry({ resourceGroup: "rg", name: "tracedacr" });
const ref = { resourceGroup: "rg", name: "traced-aks" };
azure.seed.cluster(ref);
const client = createClient({ credential: azure.credential(), subscriptionId: azure.subscriptionId });
`;

const SCRIPTS = [
  { label: "a script that attaches with its own credential", body: "await client.integration(ref).attach(String(registry.id));" },
  { label: "the same script, then get credentials (control: must load the Kubernetes client)", body: "await client.integration(ref).attach(String(registry.id)); await client.cluster(ref).credentials();" },
];

/** Records every module URL the ESM loader resolves, through a resolve hook on its own thread. */
const TRACE_HOOKS = `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.AKS_ACR_BENCH_TRACE, resolved.url + "\\n");
  return resolved;
}`;

/**
 * Scenario 5b: which heavy dependencies a script actually loads. A resolve hook logs every module
 * URL; the control script proves the log would show the Kubernetes client if it were loaded.
 */
export function traceLazyLoading(root: string): LazyLoading[] {
  const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(TRACE_HOOKS)}`)});`;
  const folder = mkdtempSync(join(tmpdir(), "aks-acr-bench-"));
  try {
    return SCRIPTS.map((script, index) => {
      const trace = join(folder, `trace-${index}.log`);
      const env = { ...process.env, AKS_ACR_BENCH_TRACE: trace };
      const child = spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(register)}`, "--input-type=module", "-e", SCRIPT_PRELUDE + script.body], { cwd: root, encoding: "utf8", env });
      if (child.status !== 0) throw new Error(`Failed to trace the modules of "${script.label}" (exit ${child.status}): ${child.stderr.trim().slice(-400)}`);
      const urls = readFileSync(trace, "utf8");
      return {
        label: script.label,
        loadedKubernetes: urls.includes("/node_modules/@kubernetes/client-node/"),
        loadedIdentity: urls.includes("/node_modules/@azure/identity/"),
      };
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
