/**
 * The registries a principal holds pull-capable roles on, across every subscription the caller can
 * read, from Resource Graph: only the principal's own assignments, not every assignment of every
 * registry, and registries as summaries, not whole resources.
 */
import type { Context } from "../context.js";
import { roleGrantsPull, roleGuidOfDefinitionId } from "../roles.js";
import { registryInfo, type RegistryJson } from "./registry-json.js";
import { kqlString, queryResourceGraph } from "./resourceGraph.js";
import { rememberTenant } from "./subscriptions.js";
import type { PullAssignmentRow, RegistryInfo, ResolveOptions } from "./types.js";

/** A role assignment as Resource Graph's `authorizationresources` table renders it. */
export type AssignmentRow = PullAssignmentRow;

/** A registry as the list query projects it: what a summary needs, not the whole resource. */
interface RegistryRow {
  id?: string;
  type?: string;
  name?: string;
  tenantId?: string;
  subscriptionId?: string;
  loginServer?: string;
  roleAssignmentMode?: string;
}

/** What {@link findPullAccess} found; or why Resource Graph could not say. */
export type PullAccessAnswer =
  | {
      available: true;
      /** The principal's pull-capable assignments, anywhere. */
      assignments: AssignmentRow[];
      /** Every registry the caller can read, summarised (id, name, login server, mode). */
      registries: RegistryInfo[];
      /** The assignments named `pairNameAt(registry)` at each registry, whoever they name. */
      pairs: Array<{ registry: RegistryInfo; assignment: AssignmentRow }>;
    }
  | { available: false; reason: string };

const ASSIGNMENT_TYPE = "microsoft.authorization/roleassignments";
const REGISTRY_TYPE = "microsoft.containerregistry/registries";

/**
 * In two Resource Graph queries whatever the number of subscriptions: the principal's pull-capable
 * assignments together with a summary of every readable registry (id, login server, mode: no full
 * resources), then the assignments named `pairNameAt(registry)` at those registries (the grants a
 * cluster's attach owns, to tell when they name another principal).
 */
export async function findPullAccess(
  ctx: Context,
  principalObjectId: string,
  pairNameAt: (registryId: string) => string,
  options: ResolveOptions,
): Promise<PullAccessAnswer> {
  const first =
    `authorizationresources | where type =~ '${ASSIGNMENT_TYPE}' and properties.principalId =~ ${kqlString(principalObjectId)} | project id, name, type, properties` +
    ` | union (resources | where type =~ '${REGISTRY_TYPE}' | project id, type, name, tenantId, subscriptionId, loginServer = properties.loginServer, roleAssignmentMode = properties.roleAssignmentMode)`;
  const answer = await queryResourceGraph<AssignmentRow & RegistryRow>(ctx, first, options);
  if (!answer.available) return answer;
  const assignments = answer.rows.filter((r) => r.type?.toLowerCase() === ASSIGNMENT_TYPE && roleGrantsPull(roleGuidOfDefinitionId(r.properties?.roleDefinitionId ?? "")));
  const registries = answer.rows
    .filter((r) => r.type?.toLowerCase() === REGISTRY_TYPE)
    .map((row): RegistryInfo => {
      if (row.subscriptionId && row.tenantId) rememberTenant(ctx, row.subscriptionId, row.tenantId);
      const json: RegistryJson = { ...(row.id && { id: row.id }), ...(row.name && { name: row.name }), properties: { ...(row.loginServer && { loginServer: row.loginServer }), ...(row.roleAssignmentMode && { roleAssignmentMode: row.roleAssignmentMode }) } };
      return { ...registryInfo(json, ""), ...(row.tenantId && { tenantId: row.tenantId }), lookup: { via: "resourceGraph" } };
    });
  if (registries.length === 0) return { available: true, assignments, registries, pairs: [] };
  const byName = new Map(registries.map((r) => [pairNameAt(r.id).toLowerCase(), r]));
  const second = `authorizationresources | where type =~ '${ASSIGNMENT_TYPE}' and name in~ (${[...byName.keys()].map(kqlString).join(", ")}) | project id, name, properties`;
  const pairsAnswer = await queryResourceGraph<AssignmentRow>(ctx, second, options);
  if (!pairsAnswer.available) return pairsAnswer;
  const pairs = pairsAnswer.rows.flatMap((assignment) => {
    const registry = byName.get(assignment.name?.toLowerCase() ?? "");
    const scope = (assignment.properties?.scope ?? "").toLowerCase().replace(/\/+$/, "");
    return registry && scope === registry.id.toLowerCase() ? [{ registry, assignment }] : [];
  });
  return { available: true, assignments, registries, pairs };
}
