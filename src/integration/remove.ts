import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { ROLE_ASSIGNMENTS_API } from "../resolve/api-versions.js";
import { responseInfo } from "../resolve/response-info.js";
import { ROLE_ASSIGNMENT_WRITERS } from "../roles.js";
import type { AssignmentSummary } from "./types.js";

interface RemoveOptions {
  operation: string;
  abortSignal?: AbortSignal;
  /** Which command a PermissionDenied fix tells the owner to run, e.g. "detach". */
  verb: string;
}

/** Deletes one role assignment by id; a 404 means it is already gone, which meets the goal. */
export async function removeAssignment(ctx: Context, assignment: AssignmentSummary, options: RemoveOptions): Promise<void> {
  const response = await ctx.arm.send({
    method: "DELETE",
    path: assignment.id,
    apiVersion: ROLE_ASSIGNMENTS_API,
    operation: options.operation,
    scope: assignment.scope,
    allowStatus: [403, 404],
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  if (response.status !== 403) return;
  throw new AksAcrError("PermissionDenied", {
    operation: options.operation,
    scope: assignment.scope,
    reason: `the caller lacks Microsoft.Authorization/roleAssignments/delete on the registry, which only ${ROLE_ASSIGNMENT_WRITERS.join(", ")} grant`,
    fix: `Ask an owner of the registry to give you one of ${ROLE_ASSIGNMENT_WRITERS.join(" / ")} on ${assignment.scope}, or to run this ${options.verb} for you`,
    response: responseInfo(response, { method: "DELETE", url: assignment.id }),
    changed: [],
  });
}
