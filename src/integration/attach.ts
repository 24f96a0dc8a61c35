import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { registryId, type ClusterRef, type RegistryRef } from "../ids.js";
import { resolveCluster } from "../resolve/cluster.js";
import { resolveRegistry } from "../resolve/registry.js";
import type { RegistryInfo } from "../resolve/types.js";
import { defaultPullRole, roleDisplayName, roleGuid } from "../roles.js";
import { assign, type AssignmentPlan } from "./assign.js";
import { assignmentName } from "./assignment-name.js";
import { listAssignments, sameScope } from "./assignments.js";
import { asCrossTenant, ensureSameTenant } from "./cross-tenant.js";
import { pullingPrincipal } from "./principal.js";
import type { AttachOptions, AttachResult, RegistrySummary } from "./types.js";

/**
 * Grants the cluster's pulling identity a pull role on the registry: reads the cluster and the
 * registry in parallel, then writes one role assignment with a deterministic name. Never PUTs the cluster.
 */
export async function attach(ctx: Context, clusterRef: ClusterRef, registryRef: RegistryRef, options: AttachOptions = {}): Promise<AttachResult> {
  const operation = `attach registry ${registryRef.name} to cluster ${clusterRef.name}`;
  const read = { operation, ...(options.signal && { signal: options.signal }) };
  const explicitRole = options.role === undefined ? undefined : parseRole(options.role, operation);
  const clusterSubscription = clusterRef.subscriptionId ?? ctx.subscriptionId(operation);

  // A registry id plus an explicit role needs nothing from the registry's body: skip its GET.
  const registryKnown = registryRef.kind === "id" && explicitRole !== undefined;
  const tenantCheck = { ...read, registry: registryRef.name };
  // The principal (a Graph lookup on service-principal clusters) needs only the cluster, so it does not wait for the registry.
  const [{ cluster, principal }, registry] = await Promise.all([
    resolveCluster(ctx, { ...clusterRef, subscriptionId: clusterSubscription }, read).then(async (cluster) => ({
      cluster,
      principal: await pullingPrincipal(ctx, cluster, read),
    })),
    registryKnown ? Promise.resolve(knownRegistry(ctx, registryRef)) : resolveRegistry(ctx, registryRef, read),
    registryRef.kind === "id" ? ensureSameTenant(ctx, clusterSubscription, registryRef.subscriptionId, tenantCheck) : undefined,
  ]).catch((error: unknown) => {
    throw asCrossTenant(error, tenantCheck);
  });
  if (registryRef.kind !== "id") await ensureSameTenant(ctx, clusterSubscription, registry.subscriptionId, tenantCheck);
  const role = explicitRole ?? chooseRole(registry);
  const plan: AssignmentPlan = {
    scope: registry.id,
    subscriptionId: registry.subscriptionId,
    roleGuid: role.id,
    roleName: role.name,
    principalId: principal.objectId,
    name: assignmentName(registry.id, role.id, principal.objectId),
  };
  const base = {
    registry: summary(registry, !registryKnown),
    cluster: { id: cluster.id, name: cluster.name },
    principal,
    role,
    assignmentName: plan.name,
  };

  if (options.dryRun) {
    const { assignments } = await listAssignments(ctx, plan.scope, `principalId eq '${plan.principalId}'`, read);
    const existing = assignments.find((a) => a.role.id === plan.roleGuid && sameScope(a.scope, plan.scope));
    const presence = existing === undefined ? undefined : existing.name.toLowerCase() === plan.name ? "sameName" : "otherName";
    return {
      ...base,
      assignmentId: existing?.id ?? `${plan.scope}/providers/Microsoft.Authorization/roleAssignments/${plan.name}`,
      assignmentName: existing?.name ?? plan.name,
      created: false,
      ...(presence && { alreadyPresent: presence }),
      dryRun: true,
      attempts: 0,
      summary: existing
        ? `Dry run: nothing to do, ${principal.objectId} already holds ${role.name} on ${registry.name} (${existing.id}).`
        : `Dry run: would assign ${role.name} on ${registry.name} to ${principal.objectId} as ${plan.name}.`,
    };
  }

  const outcome = await assign(ctx, plan, { ...read, ...(options.principalWait && { principalWait: options.principalWait }) });
  return {
    ...base,
    ...outcome,
    dryRun: false,
    summary: outcome.created
      ? `Assigned ${role.name} on ${registry.name} to ${principal.objectId} (${outcome.assignmentId}).`
      : outcome.alreadyPresent === "sameName"
        ? `Nothing changed: ${principal.objectId} already holds ${role.name} on ${registry.name} under the same name.`
        : `Nothing changed: ${principal.objectId} already holds ${role.name} on ${registry.name} under another assignment${outcome.assignmentId ? ` (${outcome.assignmentId})` : ""}.`,
  };
}

function parseRole(role: string, operation: string): { id: string; name: string; reason: string } {
  const id = roleGuid(role);
  if (id === undefined) {
    throw new AksAcrError("InvalidInput", {
      operation,
      scope: JSON.stringify(role),
      reason: "the role option is neither a known built-in role name, a role definition GUID, nor a roleDefinitionId",
      fix: 'Pass "AcrPull", "Container Registry Repository Reader", a GUID, or /subscriptions/…/providers/Microsoft.Authorization/roleDefinitions/<guid>',
    });
  }
  return { id, name: roleDisplayName(id), reason: "the role option asked for it" };
}

function chooseRole(registry: RegistryInfo): { id: string; name: string; reason: string } {
  const role = defaultPullRole(registry.roleAssignmentMode);
  const reason =
    registry.roleAssignmentMode === "AbacRepositoryPermissions"
      ? "the registry's roleAssignmentMode is AbacRepositoryPermissions, which ignores AcrPull; Container Registry Repository Reader grants pull on every repository"
      : "the registry uses LegacyRegistryPermissions, where AcrPull grants pull and nothing more";
  return { id: role.id, name: role.name, reason };
}

/** What a registry id alone tells: not the mode (reported as unknown), and the login server in the cloud's default form. */
function knownRegistry(ctx: Context, ref: Extract<RegistryRef, { kind: "id" }>): RegistryInfo {
  return {
    id: registryId(ref.subscriptionId, ref.resourceGroup, ref.name),
    subscriptionId: ref.subscriptionId,
    resourceGroup: ref.resourceGroup,
    name: ref.name,
    loginServer: `${ref.name.toLowerCase()}.${ctx.cloud.acrLoginServerSuffix}`,
    location: "",
    sku: "",
    roleAssignmentMode: "LegacyRegistryPermissions",
    raw: {},
  };
}

function summary(registry: RegistryInfo, modeKnown: boolean): RegistrySummary {
  return {
    id: registry.id,
    name: registry.name,
    loginServer: registry.loginServer,
    roleAssignmentMode: modeKnown ? registry.roleAssignmentMode : undefined,
  };
}
