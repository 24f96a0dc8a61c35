import type { ManagedCluster } from "../world/types.js";
import type { World } from "../world/world.js";
import { pullImage, type PullResult, type RegistryLoginLookup } from "../world/pull.js";

/** Kubelet's image-pull back-off never waits longer than this between attempts. */
const MAX_BACKOFF_MS = 300_000;

export interface PullAttempt {
  atMs: number;
  result: PullResult;
}

/** One container's image pulls: the first at pod creation, then retries on Kubernetes' back-off. */
export interface ContainerPull {
  image: string;
  attempts: PullAttempt[];
  /** Set once a pull succeeded; the container has been running since then. */
  pulled?: { atMs: number; digest: string };
  /** The pod's image pull secrets, looked up afresh at each attempt. */
  login?: RegistryLoginLookup;
}

export type ContainerState =
  | { kind: "running"; startedAtMs: number; digest: string }
  | { kind: "waiting"; reason: "ErrImagePull" | "ImagePullBackOff"; message: string };

export function startPull(world: World, cluster: ManagedCluster, image: string, atMs: number, login?: RegistryLoginLookup): ContainerPull {
  const pull: ContainerPull = { image, attempts: [], ...(login ? { login } : {}) };
  attempt(world, cluster, pull, atMs);
  return pull;
}

/**
 * Runs every retry that fell due up to `nowMs`, each judged at its own time (so a role assignment
 * that propagated between two retries makes the later one succeed), and reports the state now.
 */
export function observePull(world: World, cluster: ManagedCluster, pull: ContainerPull, nowMs: number): ContainerState {
  for (let due = nextAttemptMs(world, pull); !pull.pulled && due <= nowMs; due = nextAttemptMs(world, pull)) {
    attempt(world, cluster, pull, due);
  }
  if (pull.pulled) return { kind: "running", startedAtMs: pull.pulled.atMs, digest: pull.pulled.digest };
  const last = pull.attempts[pull.attempts.length - 1];
  const failure = last && !last.result.ok ? last.result : undefined;
  const detail = failure ? `${rpcCode(failure.reason)}${failure.message}` : "";
  if (pull.attempts.length <= 1) return { kind: "waiting", reason: "ErrImagePull", message: detail };
  return { kind: "waiting", reason: "ImagePullBackOff", message: `Back-off pulling image "${pull.image}": ErrImagePull: ${detail}` };
}

function attempt(world: World, cluster: ManagedCluster, pull: ContainerPull, atMs: number): void {
  const result = pullImage(world, cluster, pull.image, atMs, pull.login);
  pull.attempts.push({ atMs, result });
  if (result.ok) pull.pulled = { atMs, digest: result.digest };
}

function nextAttemptMs(world: World, pull: ContainerPull): number {
  const last = pull.attempts[pull.attempts.length - 1];
  if (!last) return Number.NEGATIVE_INFINITY;
  const base = Math.max(1, world.knobs.pullBackoffMs);
  const backoff = Math.min(base * 2 ** (pull.attempts.length - 1), MAX_BACKOFF_MS);
  return last.atMs + backoff;
}

/** containerd's errors reach the kubelet through CRI, which prefixes the gRPC status. */
export function rpcCode(reason: string): string {
  return reason === "NotFound" ? "rpc error: code = NotFound desc = " : "rpc error: code = Unknown desc = ";
}
