/**
 * The role assignments at a registry whose principal no longer exists (ARM and Resource Graph show
 * `principalType: "Unknown"`). ARM's roleAssignments `$filter` cannot select by principal type, so
 * listing them there downloads every assignment at the registry (8.5 MiB at 10k); one Resource
 * Graph query downloads the orphans alone. The full listing is the fallback where Resource Graph
 * is not available to the caller.
 */
import type { Context } from "../context.js";
import { assignmentSummary, isOrphaned, listAssignments, sameScope } from "../integration/assignments.js";
import type { AssignmentSummary } from "../integration/types.js";
import { kqlString, queryResourceGraph } from "../resolve/resourceGraph.js";
import type { RegistryInfo } from "../resolve/types.js";

/** How the orphans were found: one Resource Graph query, or ARM's list of every assignment at the registry. */
export type OrphanLookupMethod = { via: "resourceGraph" } | { via: "roleAssignmentsList"; /** Why Resource Graph was not used. */ reason: string };

export interface OrphanLookup {
  /** Assignments at the registry itself (not inherited) that name a deleted principal. */
  orphans: AssignmentSummary[];
  via: OrphanLookupMethod;
}

interface OrphanRow {
  id?: string;
  name?: string;
  principalId?: string;
  roleDefinitionId?: string;
}

/** The query: assignments at exactly this scope whose principal is gone, only the columns the summary needs. */
export function orphansQuery(registryId: string): string {
  return [
    "authorizationresources",
    `| where type =~ 'microsoft.authorization/roleassignments' and properties.scope =~ ${kqlString(registryId)} and properties.principalType =~ 'Unknown'`,
    "| project id, name, principalId = properties.principalId, roleDefinitionId = properties.roleDefinitionId",
  ].join(" ");
}

export async function orphansAtRegistry(ctx: Context, registry: RegistryInfo, options: { operation: string; abortSignal?: AbortSignal }): Promise<OrphanLookup> {
  const answer = await queryResourceGraph<OrphanRow>(ctx, orphansQuery(registry.id), { ...options, subscriptions: [registry.subscriptionId] });
  if (answer.available) {
    const orphans = answer.rows.map((row) =>
      assignmentSummary({
        ...(row.id !== undefined && { id: row.id }),
        ...(row.name !== undefined && { name: row.name }),
        properties: {
          scope: registry.id,
          principalType: "Unknown",
          ...(row.principalId !== undefined && { principalId: row.principalId }),
          ...(row.roleDefinitionId !== undefined && { roleDefinitionId: row.roleDefinitionId }),
        },
      }),
    );
    return { orphans, via: { via: "resourceGraph" } };
  }
  const { assignments } = await listAssignments(ctx, registry.id, "atScope()", options);
  return { orphans: assignments.filter((a) => sameScope(a.scope, registry.id) && isOrphaned(a)), via: { via: "roleAssignmentsList", reason: answer.reason } };
}
