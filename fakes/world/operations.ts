/**
 * How a long-running operation moves on: by polls (each poll spends one of `pollsRemaining`), by the
 * world's clock (it completes at `dueAt` whether or not anyone polls), or by whichever comes first,
 * as `knobs.operationProgress` says. Completing applies the operation's effect to the world.
 */
import type { Operation } from "./types.js";
import { key, type World } from "./world.js";

/**
 * Thrown by an operation's `complete()` when the effect cannot be applied at completion time
 * (e.g. an import whose target tag appeared meanwhile); the operation then ends Failed with it.
 */
export class OperationFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "OperationFailure";
  }
}

/** When an operation started now completes by the clock, or undefined when only polls advance it. */
export function dueTime(world: World): number | undefined {
  return world.knobs.operationProgress === "polls" ? undefined : world.now() + world.knobs.operationDurationMs;
}

/** Spends one poll, or finishes the operation when none are left (or its time has come). Idempotent once terminal. */
export function advanceOperation(world: World, op: Operation): void {
  if (op.status !== "InProgress") return;
  if (isDue(world, op)) return finishOperation(world, op);
  if (op.dueAt !== undefined && world.knobs.operationProgress === "clock") return;
  if (op.pollsRemaining > 0) {
    op.pollsRemaining -= 1;
    return;
  }
  finishOperation(world, op);
}

/** Finishes every operation whose time on the clock has come, in the order they started. */
export function settleDueOperations(world: World): void {
  for (const op of world.operations.values()) {
    if (op.status === "InProgress" && isDue(world, op)) finishOperation(world, op);
  }
}

const isDue = (world: World, op: Operation): boolean => op.dueAt !== undefined && world.now() >= op.dueAt;

function finishOperation(world: World, op: Operation): void {
  op.endTime = new Date(world.now()).toISOString();
  if (op.error) {
    op.status = op.failStatus ?? "Failed";
    markResourceFailed(world, op);
    return;
  }
  try {
    op.complete();
    op.status = "Succeeded";
  } catch (error) {
    if (!(error instanceof OperationFailure)) throw error;
    op.error = { code: error.code, message: error.message };
    op.status = "Failed";
  }
}

/** A create that ends Failed or Canceled leaves the resource in that state, as ARM does. */
function markResourceFailed(world: World, op: Operation): void {
  if (op.kind !== "clusterCreate" && op.kind !== "registryCreate") return;
  const resource = world.clusters.get(key(op.resourceId)) ?? world.registries.get(key(op.resourceId));
  if (resource && op.status !== "InProgress" && op.status !== "Succeeded") resource.provisioningState = op.status;
}
