import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { AksAcrError } from "../errors.js";
import { ownerAlive, withFileLock } from "./fileLock.js";

/** A kubeconfig document as parsed from YAML; unknown fields are kept as they are. */
export interface RawKubeconfig {
  clusters?: NamedEntry[];
  users?: NamedEntry[];
  contexts?: NamedEntry[];
  "current-context"?: string;
  [field: string]: unknown;
}

export interface NamedEntry {
  name: string;
  [field: string]: unknown;
}

/** YAML text ⇄ document; supplied by the lazily loaded Kubernetes client so this module loads nothing. */
export interface YamlCodec {
  load(text: string): unknown;
  dump(document: unknown): string;
}

const SECTIONS = ["clusters", "users", "contexts"] as const;

/**
 * Renames the context and its cluster entry, as `az aks get-credentials --context` does, so two
 * clusters of the same name in different groups can live in one file.
 */
export function renameContext(config: RawKubeconfig, name: string): RawKubeconfig {
  const [context, ...otherContexts] = config.contexts ?? [];
  const [cluster, ...otherClusters] = config.clusters ?? [];
  if (!context || !cluster) return config;
  const inner = (context["context"] ?? {}) as Record<string, unknown>;
  return {
    ...config,
    clusters: [{ ...cluster, name }, ...otherClusters],
    contexts: [{ ...context, name, context: { ...inner, cluster: name } }, ...otherContexts],
    "current-context": name,
  };
}

/**
 * Merges `addition` into `existing` by name, as `az aks get-credentials` does: entries of another
 * name are kept, an identical entry is replaced silently, a different one only with `overwrite`
 * (otherwise Conflict naming it); the current context becomes the addition's.
 */
export function mergeKubeconfig(
  existing: RawKubeconfig,
  addition: RawKubeconfig,
  options: { overwrite: boolean; file: string },
): RawKubeconfig {
  const merged: RawKubeconfig = { apiVersion: "v1", kind: "Config", ...existing };
  for (const section of SECTIONS) {
    const kept = [...(existing[section] ?? [])];
    for (const entry of addition[section] ?? []) {
      const index = kept.findIndex((old) => old.name === entry.name);
      const old = kept[index];
      if (old && !options.overwrite && !sameEntry(old, entry)) {
        throw new AksAcrError("Conflict", {
          operation: "merge credentials into a kubeconfig file",
          scope: options.file,
          reason: `a different entry named "${entry.name}" already exists in its ${section}`,
          fix: "Pass overwrite: true to replace it, or context: \"<another name>\" to add the cluster under a new name",
        });
      }
      if (index >= 0) kept.splice(index, 1);
      kept.push(entry);
    }
    merged[section] = kept;
  }
  const current = addition["current-context"];
  if (current !== undefined) merged["current-context"] = current;
  return merged;
}

function sameEntry(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
}

/**
 * Merges `addition` into the kubeconfig at `file` (created with its directory when missing) and
 * writes it with mode 0600 through a temporary file and a rename, so a reader never sees half a file.
 */
export async function mergeIntoKubeconfigFile(
  file: string,
  addition: RawKubeconfig,
  options: { overwrite: boolean; yaml: YamlCodec },
): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw fileError("write", file, error);
  });
  // Read, merge and write under one lock: two writers interleaving would each drop the other's context.
  await withFileLock(file, "merge credentials into a kubeconfig file", async () => {
    await removeStrayFiles(file);
    const existing = await readKubeconfig(file, options.yaml);
    const merged = mergeKubeconfig(existing, addition, { overwrite: options.overwrite, file });
    await writeAtomically(file, options.yaml.dump(merged));
  });
}

/**
 * Checked before any request: the path must be a file or not exist yet; a directory (or anything
 * else) would only fail after ARM had handed out the credentials.
 */
export async function checkKubeconfigTarget(file: string, operation: string): Promise<void> {
  const found = await stat(file).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fileError("read", file, error);
  });
  if (found && !found.isFile()) {
    throw new AksAcrError("InvalidInput", {
      operation,
      scope: file,
      reason: `the kubeconfig path is a ${found.isDirectory() ? "directory" : "special file"}, not a file`,
      fix: "Pass the path of a kubeconfig file (e.g. ~/.kube/config); nothing was sent",
    });
  }
}

/** Temporary files of this library next to `file`: `<name>.aks-acr-<pid>-<hex>.tmp`, and lock candidates `<name>.lock.<pid>.<hex>[.stale]`. */
function strayPattern(file: string): RegExp {
  const name = basename(file).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${name}\\.(?:aks-acr-(\\d+)-[0-9a-f]+\\.tmp|lock\\.(\\d+)\\.[0-9a-f]+(?:\\.stale)?)$`);
}

/**
 * Deletes what a writer killed mid-write (SIGKILL, power loss) left next to the kubeconfig: a
 * temporary copy holding credentials. Runs under the lock, so no live writer of this file is
 * between its write and its rename; files of processes that still run elsewhere are left alone.
 */
async function removeStrayFiles(file: string): Promise<void> {
  const pattern = strayPattern(file);
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const match = pattern.exec(name);
      if (!match) return;
      const pid = Number(match[1] ?? match[2]);
      const mine = pid === process.pid;
      if (!mine && ownerAlive({ pid, host: hostname(), acquiredAt: Date.now() })) return;
      await unlink(join(dirname(file), name)).catch(() => undefined);
    }),
  );
}

async function readKubeconfig(file: string, yaml: YamlCodec): Promise<RawKubeconfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw fileError("read", file, error);
  }
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = yaml.load(text);
  } catch {
    // The parser's message quotes the file's text, which may hold tokens: say where, not what.
    parsed = undefined;
  }
  if (!isKubeconfig(parsed)) {
    throw new AksAcrError("InvalidInput", {
      operation: "merge credentials into a kubeconfig file",
      scope: file,
      reason: "the file is not a kubeconfig (YAML with clusters, users and contexts lists)",
      fix: "Pass another file, or move this one away",
    });
  }
  return parsed;
}

function isKubeconfig(value: unknown): value is RawKubeconfig {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const document = value as Record<string, unknown>;
  return SECTIONS.every((section) => {
    const list = document[section];
    return list === undefined || list === null || (Array.isArray(list) && list.every(isNamedEntry));
  });
}

function isNamedEntry(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { name?: unknown }).name === "string";
}

async function writeAtomically(file: string, text: string): Promise<void> {
  // Same directory (so the rename is atomic), mode 0600 from creation (it holds credentials), and a name removeStrayFiles knows.
  const temporary = `${file}.aks-acr-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: "wx" });
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw fileError("write", file, error);
  }
}

function fileError(verb: "read" | "write", file: string, error: unknown): AksAcrError {
  const code = (error as NodeJS.ErrnoException).code;
  return new AksAcrError("InvalidInput", {
    operation: `${verb} the kubeconfig file`,
    scope: file,
    reason: code ? `the file system answered ${code}` : "the file system refused",
    fix: "Check the path and its permissions, or pass another file",
    cause: error,
  });
}
