/**
 * Orphaned role assignments: assignments at a registry whose principal was deleted from Entra ID
 * (a cluster deleted with its kubelet identity, an identity replaced). ARM keeps them and shows
 * `principalType: "Unknown"`; they grant nothing, count against the subscription's assignment limit
 * and hide what really grants pull. Listing them needs every assignment at the registry: ARM cannot
 * filter by principal type.
 */
import type { Context } from "../context.js";
import type { RegistryRef } from "../ids.js";
import { resolveRegistry } from "../resolve/registry.js";
import type { ResolveOptions } from "../resolve/types.js";
import { isOrphaned, listAssignments, sameScope } from "./assignments.js";
import { removeAssignment } from "./remove.js";
import type { AssignmentSummary, RemoveOrphansOptions, RemoveOrphansResult } from "./types.js";

/** The orphaned assignments made at the registry itself (not inherited ones: those belong to a parent scope). */
export async function orphansAt(ctx: Context, registryId: string, options: ResolveOptions): Promise<AssignmentSummary[]> {
  const { assignments } = await listAssignments(ctx, registryId, "atScope()", options);
  return assignments.filter((a) => isOrphaned(a) && sameScope(a.scope, registryId));
}

/** Deletes the registry's orphaned assignments, and only them; a dry run lists them. */
export async function removeOrphans(ctx: Context, registryRef: RegistryRef, options: RemoveOrphansOptions = {}): Promise<RemoveOrphansResult> {
  const operation = `remove orphaned role assignments at registry ${registryRef.name}`;
  const read = { operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) };
  const registry = await resolveRegistry(ctx, registryRef, read);
  const orphans = await orphansAt(ctx, registry.id, read);
  const dryRun = options.dryRun ?? false;
  if (!dryRun) await Promise.all(orphans.map((a) => removeAssignment(ctx, a, { ...read, verb: "removal of orphaned assignments" })));
  const listed = orphans.map((a) => `${a.role.name} for deleted principal ${a.principalId}`).join(", ");
  return {
    registry: { id: registry.id, name: registry.name, loginServer: registry.loginServer, roleAssignmentMode: registry.roleAssignmentMode },
    removed: orphans,
    dryRun,
    summary:
      orphans.length === 0
        ? `No orphaned role assignments at ${registry.name}.`
        : `${dryRun ? "Would remove" : "Removed"} ${orphans.length} orphaned assignment(s) at ${registry.name}: ${listed}.`,
  };
}
