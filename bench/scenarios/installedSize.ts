import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

export interface InstalledSize {
  label: string;
  packages: number;
  bytes: number;
}

const OFFICIAL_CLIENTS = ["@azure/arm-containerservice", "@azure/arm-containerregistry", "@azure/arm-authorization"];
/** Loaded only when a call needs them (cluster calls, no credential given) or only by the CLI. */
const LAZY_OR_CLI = new Set(["@kubernetes/client-node", "@azure/identity", "commander"]);

/** Bytes of the files under `dir`, not counting its nested node_modules (those are packages of their own). */
function folderBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) bytes += folderBytes(path);
    else if (entry.isFile()) bytes += statSync(path).size;
  }
  return bytes;
}

/** Node's lookup: `node_modules/<name>` in `from` and each folder above it. */
function findPackage(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Every package the `roots` need at run time (dependencies, and peer dependencies that are not optional). */
function closure(roots: readonly string[], from: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string, requester: string): void => {
    const folder = findPackage(name, requester);
    if (!folder || seen.has(folder)) return;
    seen.add(folder);
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    const peers = Object.keys(manifest.peerDependencies ?? {}).filter((peer) => !manifest.peerDependenciesMeta?.[peer]?.optional);
    for (const dependency of [...Object.keys(manifest.dependencies ?? {}), ...peers]) visit(dependency, folder);
  };
  for (const root of roots) visit(root, from);
  return seen;
}

/**
 * Scenario 5c: installed size, as the sum of the files' sizes (apparent bytes, like `du -b`) of
 * every package in the production dependency closure, read from this project's node_modules.
 */
export function measureInstalledSize(root: string): InstalledSize[] {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  const ownDist = existsSync(join(root, "dist")) ? folderBytes(join(root, "dist")) : 0;
  const size = (label: string, roots: string[], extra = 0): InstalledSize => {
    const packages = closure(roots, root);
    return { label, packages: packages.size, bytes: extra + [...packages].reduce((sum, folder) => sum + folderBytes(folder), 0) };
  };
  const dependencies = Object.keys(manifest.dependencies ?? {});
  return [
    size("aks-acr (dist/ incl. source maps + production dependencies)", dependencies, ownDist),
    size(
      "aks-acr's dependencies other than @kubernetes/client-node, @azure/identity and commander (the part an attach-only script loads)",
      dependencies.filter((d) => !LAZY_OR_CLI.has(d)),
    ),
    size("@azure/arm-containerservice + arm-containerregistry + arm-authorization + @azure/identity", [...OFFICIAL_CLIENTS, "@azure/identity"]),
    size("the same + @kubernetes/client-node (what the walkthrough needs without aks-acr)", [...OFFICIAL_CLIENTS, "@azure/identity", "@kubernetes/client-node"]),
    size("msw (peer dependency of aks-acr/fakes)", ["msw"]),
  ];
}
