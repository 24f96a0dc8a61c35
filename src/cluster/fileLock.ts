import { hostname } from "node:os";
import { link, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { sleep } from "../arm/sleep.js";
import { AksAcrError } from "../errors.js";

/** How long to wait for another writer's lock before giving up. */
export const LOCK_WAIT_MS = 10_000;
/** A lock older than this whose owner cannot be checked (another host) is taken over. */
export const STALE_LOCK_MS = 60_000;

/** What a lock file holds: who took it, so a later run can tell a crashed owner from a slow one. */
export interface LockOwner {
  pid: number;
  host: string;
  acquiredAt: number;
}

/** True while the process that wrote `owner` may still be running. */
export function ownerAlive(owner: LockOwner | undefined, now = Date.now()): boolean {
  if (!owner) return false;
  if (owner.host !== hostname()) return now - owner.acquiredAt < STALE_LOCK_MS;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Lock holders of this process, so concurrent calls in one process queue instead of spinning on the file. */
const inProcess = new Map<string, Promise<unknown>>();

/**
 * Runs `work` holding `${file}.lock`, created exclusively (`wx`), so concurrent writers of one
 * kubeconfig, in this process or others, take turns. A lock left by a process that no longer
 * runs (killed mid-write) is taken over; a live one is waited for up to {@link LOCK_WAIT_MS}, then
 * `Timeout` names the lock file.
 */
export async function withFileLock<T>(file: string, operation: string, work: () => Promise<T>): Promise<T> {
  const previous = inProcess.get(file) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(async () => {
    const lock = await acquire(file, operation);
    try {
      return await work();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  });
  inProcess.set(file, mine);
  try {
    return await mine;
  } finally {
    if (inProcess.get(file) === mine) inProcess.delete(file);
  }
}

async function acquire(file: string, operation: string): Promise<string> {
  const lock = `${file}.lock`;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    // Written whole under a name of its own, then linked into place (which fails if the lock
    // exists): no one ever reads a half-written lock and takes it for a crashed one.
    const candidate = `${lock}.${process.pid}.${randomBytes(4).toString("hex")}`;
    try {
      const owner: LockOwner = { pid: process.pid, host: hostname(), acquiredAt: Date.now() };
      await writeFile(candidate, JSON.stringify(owner), { mode: 0o600, flag: "wx" });
      await link(candidate, lock);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw lockError(operation, lock, error);
    } finally {
      await unlink(candidate).catch(() => undefined);
    }
    const text = await readFile(lock, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    if (!ownerAlive(parseOwner(text))) {
      await takeOver(lock, text);
      continue;
    }
    if (Date.now() - started >= LOCK_WAIT_MS) {
      throw new AksAcrError("Timeout", {
        operation,
        scope: lock,
        reason: `another process (${text}) held the kubeconfig's lock for more than ${LOCK_WAIT_MS / 1000} s`,
        fix: "Wait for the other get-credentials to finish; if no such process runs, delete the lock file",
      });
    }
    await sleep(10 + Math.min(attempt, 10) * 10);
  }
}

/**
 * Removes a stale lock. It is renamed first (atomic: of two processes taking it over, one wins);
 * if what was renamed is no longer the stale lock (another process took over and locked first),
 * it is put back.
 */
async function takeOver(lock: string, staleText: string): Promise<void> {
  const aside = `${lock}.${process.pid}.${randomBytes(4).toString("hex")}.stale`;
  try {
    await rename(lock, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, "utf8").catch(() => staleText);
  if (moved !== staleText) await link(aside, lock).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === "number" && typeof value.host === "string" && typeof value.acquiredAt === "number") return value as LockOwner;
  } catch {
    // Not written by this library: no owner to wait for.
  }
  return undefined;
}

function lockError(operation: string, lock: string, error: unknown): AksAcrError {
  const code = (error as NodeJS.ErrnoException).code;
  return new AksAcrError("InvalidInput", {
    operation,
    scope: lock,
    reason: `the kubeconfig's lock file could not be created (${code ?? "file system error"})`,
    fix: "Check that the kubeconfig's directory is writable, or pass another file",
    cause: error,
  });
}
