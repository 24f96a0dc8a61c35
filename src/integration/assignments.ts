import { listAll } from "../arm/paging.js";
import type { Context } from "../context.js";
import { ROLE_ASSIGNMENTS_API } from "../resolve/api-versions.js";
import type { ResolveOptions } from "../resolve/types.js";
import { roleDisplayName, roleGuidOfDefinitionId } from "../roles.js";
import type { AssignmentSummary } from "./types.js";

/** A role assignment as ARM renders it. */
export interface AssignmentJson {
  id?: string;
  name?: string;
  properties?: { roleDefinitionId?: string; principalId?: string; principalType?: string; scope?: string };
}

/** `{scope}/providers/Microsoft.Authorization/roleAssignments` */
export function assignmentsPath(scope: string): string {
  return `${scope}/providers/Microsoft.Authorization/roleAssignments`;
}

export function assignmentSummary(json: AssignmentJson): AssignmentSummary {
  const roleId = roleGuidOfDefinitionId(json.properties?.roleDefinitionId ?? "");
  const id = json.id ?? "";
  return {
    id,
    name: json.name ?? id.split("/").pop() ?? "",
    scope: json.properties?.scope ?? scopeOf(id),
    role: { id: roleId, name: roleDisplayName(roleId) },
    principalId: json.properties?.principalId ?? "",
    ...(json.properties?.principalType !== undefined && { principalType: json.properties.principalType }),
  };
}

/**
 * The filter for one principal's assignments that cover a scope (at it or above it), groups it is
 * a member of included: what ARM answers without sending every other principal's assignments.
 */
export function principalAtScope(principalId: string): string {
  return `atScope() and assignedTo('${principalId}')`;
}

/** One assignment read by name at a scope; undefined when ARM answers 404. */
export async function readAssignment(ctx: Context, scope: string, name: string, options: ResolveOptions): Promise<AssignmentSummary | undefined> {
  const path = `${assignmentsPath(scope)}/${name}`;
  const response = await ctx.arm.send<AssignmentJson>({
    method: "GET",
    path,
    apiVersion: ROLE_ASSIGNMENTS_API,
    operation: options.operation,
    scope,
    allowStatus: [404],
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  return response.status === 404 ? undefined : assignmentSummary({ id: path, name, ...response.body });
}

/** Whether ARM shows the assignment's principal as deleted from the directory. */
export function isOrphaned(assignment: AssignmentSummary): boolean {
  return assignment.principalType === "Unknown";
}

/**
 * Role assignments visible at a scope, all pages. `filter` is ARM's: `atScope()` (this scope and its
 * parents) or `principalId eq '…'` (at, above and below the scope). `allowStatus` lets a caller skip a
 * scope it may not read.
 */
export async function listAssignments(
  ctx: Context,
  scope: string,
  filter: string,
  options: ResolveOptions & { allowStatus?: readonly number[] },
): Promise<{ status: number; assignments: AssignmentSummary[] }> {
  const { status, items } = await listAll<AssignmentJson>(ctx.arm, {
    method: "GET",
    path: assignmentsPath(scope),
    apiVersion: ROLE_ASSIGNMENTS_API,
    query: { $filter: filter },
    operation: options.operation,
    scope,
    ...(options.allowStatus && { allowStatus: options.allowStatus }),
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  return { status, assignments: items.map(assignmentSummary) };
}

/** Whether `scope` is `resourceId` itself or one of its parents ("/" and management groups cover everything). */
export function scopeCovers(scope: string, resourceId: string): boolean {
  const s = scope.toLowerCase().replace(/\/+$/, "");
  const r = resourceId.toLowerCase();
  if (s === "" || s.startsWith("/providers/microsoft.management/managementgroups/")) return true;
  return r === s || r.startsWith(`${s}/`);
}

export function sameScope(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\/+$/, "") === b.toLowerCase().replace(/\/+$/, "");
}

function scopeOf(assignmentId: string): string {
  const at = assignmentId.toLowerCase().lastIndexOf("/providers/microsoft.authorization/roleassignments/");
  return at < 0 ? "" : assignmentId.slice(0, at) || "/";
}
