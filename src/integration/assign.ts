import { DEFAULT_RETRY } from "../arm/retry.js";
import { sleep } from "../arm/sleep.js";
import type { ArmResponse } from "../arm/types.js";
import type { Context } from "../context.js";
import { AksAcrError, hasErrorCode, isAksAcrError } from "../errors.js";
import { ROLE_ASSIGNMENTS_API } from "../resolve/api-versions.js";
import { armError, responseInfo } from "../resolve/response-info.js";
import { ROLE_ASSIGNMENT_WRITERS, roleDefinitionId } from "../roles.js";
import { assignmentsPath, listAssignments, principalAtScope, sameScope, type AssignmentJson } from "./assignments.js";
import type { PrincipalWaitOptions } from "./types.js";

/** One role assignment to make: principal, role, scope and its deterministic name. */
export interface AssignmentPlan {
  scope: string;
  /** Subscription of the scope (the roleDefinitionId is written in it). */
  subscriptionId: string;
  roleGuid: string;
  roleName: string;
  principalId: string;
  name: string;
}

export interface AssignOutcome {
  assignmentId: string;
  assignmentName: string;
  created: boolean;
  alreadyPresent?: "sameName" | "otherName";
  attempts: number;
}

interface Options {
  operation: string;
  abortSignal?: AbortSignal;
  principalWait?: PrincipalWaitOptions;
}

/** Checked before any request: a negative or NaN budget would silently mean "never wait" or "wait forever". */
export function checkPrincipalWait(principalWait: PrincipalWaitOptions | undefined, operation: string): void {
  if (principalWait === undefined) return;
  const fields: [keyof PrincipalWaitOptions, number][] = [["attempts", 1], ["initialDelayMs", 0], ["maxDelayMs", 0]];
  for (const [name, minimum] of fields) {
    const value: unknown = (principalWait as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const whole = name === "attempts";
    if (typeof value !== "number" || !Number.isFinite(value) || value < minimum || (whole && !Number.isInteger(value))) {
      throw new AksAcrError("InvalidInput", {
        operation,
        scope: `principalWait.${name}`,
        reason: `principalWait.${name} must be a ${whole ? "whole number" : "number of milliseconds"} ≥ ${minimum}, not ${JSON.stringify(value) ?? String(value)}`,
        fix: "Pass e.g. principalWait: { attempts: 8, initialDelayMs: 2000, maxDelayMs: 30000 }, or leave it out for these defaults; nothing was sent",
      });
    }
  }
}

/**
 * PUTs the assignment. Retries only 400 PrincipalNotFound (a new identity replicating), within the
 * wait budget; 201 created, 200 and 409 RoleAssignmentExists mean the access is already there.
 */
export async function assign(ctx: Context, plan: AssignmentPlan, options: Options): Promise<AssignOutcome> {
  const wait = { attempts: 8, initialDelayMs: 2000, maxDelayMs: 30000, ...options.principalWait };
  const path = `${assignmentsPath(plan.scope)}/${plan.name}`;
  const dropBudget = ctx.options.retryOptions?.maxRetries ?? DEFAULT_RETRY.maxRetries;
  let waitedMs = 0;
  let drops = 0;
  for (let attempt = 1; ; attempt++) {
    const response = await put(ctx, plan, path, options);
    if (response instanceof AksAcrError) {
      const found = await readBack(ctx, plan, path, options, attempt);
      if (found) return found;
      // No answer at all, and nothing written: the write is safe to send again, within the retry budget.
      if (response.status === undefined && ++drops <= dropBudget) continue;
      throw notWritten(plan, options.operation, response);
    }
    if (response.status === 201 || response.status === 200) {
      const body = response.body as AssignmentJson | undefined;
      return {
        assignmentId: body?.id ?? path,
        assignmentName: plan.name,
        created: response.status === 201,
        ...(response.status === 200 && { alreadyPresent: "sameName" as const }),
        attempts: attempt,
      };
    }
    const code = armError(response.body)?.code;
    if (response.status === 409 && code === "RoleAssignmentExists") {
      return { ...(await existingUnderOtherName(ctx, plan, options)), attempts: attempt };
    }
    if (response.status === 403) throw permissionDenied(plan, options.operation, response, path);
    if (response.status === 400 && code === "PrincipalNotFound" && attempt < wait.attempts) {
      const delay = Math.min(wait.initialDelayMs * 2 ** (attempt - 1), wait.maxDelayMs);
      await pause(delay, options);
      waitedMs += delay;
      continue;
    }
    if (response.status === 400 && code === "PrincipalNotFound") {
      throw new AksAcrError("PrincipalNotReady", {
        operation: options.operation,
        scope: plan.scope,
        reason: `Entra ID still did not know principal ${plan.principalId} after ${attempt} attempts over ${Math.round(waitedMs / 1000)} s (a new identity takes a while to replicate); nothing was created`,
        fix: "Run the attach again in a few minutes, or allow a longer wait with the principalWait option",
        response: responseInfo(response, { method: "PUT", url: path }),
        changed: [],
      });
    }
    throw new AksAcrError(response.status === 409 ? "Conflict" : "RequestFailed", {
      operation: options.operation,
      scope: plan.scope,
      reason: `ARM refused the role assignment: ${armError(response.body)?.message ?? `status ${response.status}`}`,
      fix: "Check the role and principal, then try again",
      response: responseInfo(response, { method: "PUT", url: path }),
      changed: [],
    });
  }
}

/** A PUT that got no usable answer, and was read back as not written. */
function notWritten(plan: AssignmentPlan, operation: string, cause: AksAcrError): AksAcrError {
  return new AksAcrError("ServiceUnavailable", {
    operation,
    scope: plan.scope,
    reason: `the role assignment write failed (${cause.reason.replace(/\.$/, "")}), and reading it back shows it was not created; nothing was changed`,
    fix: "Try again; the assignment name is deterministic, so a re-run cannot create a duplicate",
    ...(cause.response && { response: cause.response }),
    changed: [],
    cause,
    details: cause.details,
  });
}

/** A throttled write was refused before it was applied: say so, so the caller knows a re-run is all it takes. */
function refusedUnchanged(plan: AssignmentPlan, operation: string, cause: AksAcrError): AksAcrError {
  return new AksAcrError(cause.code, {
    operation,
    scope: plan.scope,
    reason: `${cause.reason.replace(/\.$/, "")}; the role assignment was not written, nothing was changed`,
    ...(cause.fix !== undefined && { fix: cause.fix }),
    ...(cause.response && { response: cause.response }),
    changed: [],
    cause,
    details: cause.details,
  });
}

async function put(ctx: Context, plan: AssignmentPlan, path: string, options: Options): Promise<ArmResponse | AksAcrError> {
  try {
    return await ctx.arm.send({
      method: "PUT",
      path,
      apiVersion: ROLE_ASSIGNMENTS_API,
      body: {
        properties: {
          roleDefinitionId: roleDefinitionId(plan.subscriptionId, plan.roleGuid),
          principalId: plan.principalId,
          // Naming the type lets ARM accept a principal Entra ID has not replicated everywhere yet.
          principalType: "ServicePrincipal",
        },
      },
      operation: options.operation,
      scope: plan.scope,
      allowStatus: [400, 403, 409],
      // A lost answer is resolved by reading back, so a landed write is reported as created.
      retryDropped: false,
      ...(options.abortSignal && { abortSignal: options.abortSignal }),
    });
  } catch (error) {
    // No answer (or only 5xx): the write may or may not have landed. The name is deterministic, so a read tells.
    if (hasErrorCode(error, "ServiceUnavailable")) return error;
    if (hasErrorCode(error, "Throttled")) throw refusedUnchanged(plan, options.operation, error);
    throw error;
  }
}

async function readBack(ctx: Context, plan: AssignmentPlan, path: string, options: Options, attempts: number): Promise<AssignOutcome | undefined> {
  const response = await ctx.arm.send<AssignmentJson>({
    method: "GET",
    path,
    apiVersion: ROLE_ASSIGNMENTS_API,
    operation: options.operation,
    scope: plan.scope,
    allowStatus: [404],
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  if (response.status === 404) return undefined;
  return { assignmentId: response.body.id ?? path, assignmentName: plan.name, created: true, attempts };
}

/** A 409 RoleAssignmentExists: the same scope, role and principal under another name. Finds it to report its id. */
async function existingUnderOtherName(ctx: Context, plan: AssignmentPlan, options: Options): Promise<Omit<AssignOutcome, "attempts">> {
  const { assignments } = await listAssignments(ctx, plan.scope, principalAtScope(plan.principalId), options);
  // assignedTo() also returns the assignments of groups the principal is in: only its own count here.
  const existing = assignments.find(
    (a) => a.role.id === plan.roleGuid && sameScope(a.scope, plan.scope) && a.principalId.toLowerCase() === plan.principalId.toLowerCase(),
  );
  return {
    assignmentId: existing?.id ?? "",
    assignmentName: existing?.name ?? "",
    created: false,
    alreadyPresent: "otherName",
  };
}

function permissionDenied(plan: AssignmentPlan, operation: string, response: ArmResponse, path: string): AksAcrError {
  return new AksAcrError("PermissionDenied", {
    operation,
    scope: plan.scope,
    reason: `the caller lacks Microsoft.Authorization/roleAssignments/write on the registry, which only ${ROLE_ASSIGNMENT_WRITERS.join(", ")} grant`,
    fix: `Ask an owner of the registry to give you one of ${ROLE_ASSIGNMENT_WRITERS.join(" / ")} on ${plan.scope}, or to run this attach for you`,
    response: responseInfo(response, { method: "PUT", url: path }),
    changed: [],
  });
}

async function pause(ms: number, options: Options): Promise<void> {
  try {
    await sleep(ms, options.abortSignal);
  } catch (error) {
    if (isAksAcrError(error)) throw error;
    throw new AksAcrError("Aborted", {
      operation: options.operation,
      reason: "the caller's signal aborted the wait for the principal to replicate; nothing was created",
      changed: [],
      cause: error,
    });
  }
}
