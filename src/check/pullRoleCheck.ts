/**
 * The pull-role check: given the assignments a principal holds at the registry or above it, say
 * whether one of them lets it pull in the registry's mode, where it comes from, and what to do.
 */
import { REPOSITORY_READER, roleDisplayName, type RoleAssignmentMode } from "../roles.js";
import type { RolePullRights } from "./pullRights.js";
import { checkOf, type CheckResult } from "./report.js";

/** A role assignment of the puller that covers the registry (at its scope or a parent scope). */
export interface PrincipalAssignment {
  id: string;
  scope: string;
  roleGuid: string;
  rights: RolePullRights;
  /** An ABAC condition, which can limit the assignment to some repositories. */
  condition?: string;
}

export interface PullRoleInput {
  registry: { id: string; name: string; roleAssignmentMode: RoleAssignmentMode };
  /** Who pulls, in words: "the kubelet identity 1f2e…". */
  principal: string;
  assignments: readonly PrincipalAssignment[];
  /** The attach call that fixes a missing grant, e.g. `integration({ … }).attach("myacr")`. */
  attachCall: string;
  /** The attach call that grants Container Registry Repository Reader explicitly. */
  attachReaderCall: string;
}

const ABAC = "AbacRepositoryPermissions";

/** Where an assignment's scope sits relative to the registry, in words. */
export function describeScope(scope: string, registryId: string): string {
  const normalised = scope.replace(/\/+$/, "");
  if (normalised.toLowerCase() === registryId.toLowerCase()) return "on the registry";
  const rg = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)$/i.exec(normalised);
  if (rg) return `inherited from resource group ${rg[1]}`;
  const sub = /^\/subscriptions\/([^/]+)$/i.exec(normalised);
  if (sub) return `inherited from subscription ${sub[1]}`;
  const mg = /\/managementGroups\/([^/]+)$/i.exec(normalised);
  if (mg) return `inherited from management group ${mg[1]}`;
  if (normalised === "") return "inherited from the root scope (/)";
  return `inherited from ${normalised}`;
}

export function evaluatePullRole(input: PullRoleInput): CheckResult {
  const { registry, principal, assignments } = input;
  const mode = registry.roleAssignmentMode;
  const effective = assignments.filter((a) => a.rights.pulls[mode]);
  const named = (a: PrincipalAssignment): string => `${a.rights.roleName} (${describeScope(a.scope, registry.id)})`;

  const unconditional = effective.find((a) => a.condition === undefined || a.condition.trim() === "");
  if (unconditional) {
    return {
      ...checkOf("pullRole"),
      status: "pass",
      finding: `${cap(principal)} holds ${named(unconditional)}, which grants pull in ${modeName(mode)} mode.`,
    };
  }
  const conditional = effective[0];
  if (conditional) {
    return {
      ...checkOf("pullRole"),
      status: "warn",
      finding: `${cap(principal)} holds ${named(conditional)} only under a condition, which may leave out the repository you pull.`,
      fix: `Make sure the condition of role assignment ${conditional.id} includes the repository, or grant the role without a condition: ${input.attachCall}`,
    };
  }

  const ignored = mode === ABAC ? assignments.find((a) => a.rights.pulls.LegacyRegistryPermissions) : undefined;
  if (ignored) {
    return {
      ...checkOf("pullRole"),
      status: "fail",
      finding: `${cap(principal)} holds ${named(ignored)}, present but not honoured in ABAC mode (the registry's roleAssignmentMode is ${ABAC}).`,
      fix: `Attach with ${roleDisplayName(REPOSITORY_READER)}: ${input.attachReaderCall}`,
    };
  }
  const held = assignments.length === 0 ? "" : ` (it holds only ${assignments.map(named).join(", ")}, which do not grant pull)`;
  return {
    ...checkOf("pullRole"),
    status: "fail",
    finding: `No role assignment lets ${principal} pull from registry ${registry.name}, at the registry or a parent scope${held}.`,
    fix: `Attach the registry: ${input.attachCall}`,
  };
}

function modeName(mode: RoleAssignmentMode): string {
  return mode === ABAC ? "ABAC (AbacRepositoryPermissions)" : "RBAC-only (LegacyRegistryPermissions)";
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
