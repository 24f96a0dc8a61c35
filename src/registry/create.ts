import type { Context } from "../context.js";
import { pollSettings, type PollSettings } from "../arm/pollSettings.js";
import { AksAcrError, hasErrorCode } from "../errors.js";
import type { RegistryRef } from "../ids.js";
import { REGISTRIES_API } from "../resolve/api-versions.js";
import { toRegistryDetails } from "./details.js";
import { planCreate } from "./plan.js";
import type { CreatePlan } from "./plan.js";
import type { CreateRegistryOptions, CreateRegistryResult, RegistryDetails } from "./types.js";

const RESOURCE_GROUPS_API = "2024-03-01";

interface NameAvailability {
  nameAvailable?: boolean;
  reason?: string;
  message?: string;
}

/**
 * `az acr create`, with fewer surprises: everything is validated before the first request; the
 * name check (registry names are global) and the resource-group check run in parallel; nothing is
 * written when the name is taken by someone else; and a re-run over the same registry returns it.
 */
export async function createRegistry(ctx: Context, ref: RegistryRef, options: CreateRegistryOptions): Promise<CreateRegistryResult> {
  const plan = planCreate(ctx, ref, options);
  const polling = pollSettings(options, plan.operation);
  const signal = options.abortSignal;
  const [availability, groupExists] = await Promise.all([
    checkNameAvailability(ctx, plan, signal),
    options.createResourceGroup ? resourceGroupExists(ctx, plan, signal) : Promise.resolve(true),
  ]);

  if (availability.nameAvailable === false) {
    // The name may be taken by this very registry (a re-run): only a GET of its id can tell.
    const mine = availability.reason === "AlreadyExists" && groupExists ? await readIfExists(ctx, plan, signal) : undefined;
    if (mine === undefined) throw nameTaken(plan, availability);
    return { ...sameRegistryOrConflict(plan, mine), created: false, createdResourceGroup: false };
  }

  if (!groupExists) await createResourceGroup(ctx, plan, signal);
  const { registry, created } = await putRegistry(ctx, plan, options, polling);
  return { ...registry, created, createdResourceGroup: !groupExists };
}

async function checkNameAvailability(ctx: Context, plan: CreatePlan, signal: AbortSignal | undefined): Promise<NameAvailability> {
  const response = await ctx.arm.send<NameAvailability>({
    method: "POST",
    path: `/subscriptions/${plan.subscriptionId}/providers/Microsoft.ContainerRegistry/checkNameAvailability`,
    apiVersion: REGISTRIES_API,
    body: { name: plan.name, type: "Microsoft.ContainerRegistry/registries" },
    operation: plan.operation,
    scope: `/subscriptions/${plan.subscriptionId}`,
    abortSignal: signal,
  });
  return response.body ?? {};
}

function groupPath(plan: CreatePlan): string {
  return `/subscriptions/${plan.subscriptionId}/resourcegroups/${plan.resourceGroup}`;
}

async function resourceGroupExists(ctx: Context, plan: CreatePlan, signal: AbortSignal | undefined): Promise<boolean> {
  const response = await ctx.arm.send({
    method: "GET",
    path: groupPath(plan),
    apiVersion: RESOURCE_GROUPS_API,
    operation: plan.operation,
    scope: groupPath(plan),
    abortSignal: signal,
    allowStatus: [404],
  });
  return response.status !== 404;
}

async function createResourceGroup(ctx: Context, plan: CreatePlan, signal: AbortSignal | undefined): Promise<void> {
  await ctx.arm.send({
    method: "PUT",
    path: groupPath(plan),
    apiVersion: RESOURCE_GROUPS_API,
    body: { location: plan.location },
    operation: plan.operation,
    scope: groupPath(plan),
    abortSignal: signal,
  });
}

async function readIfExists(ctx: Context, plan: CreatePlan, signal: AbortSignal | undefined): Promise<RegistryDetails | undefined> {
  const response = await ctx.arm.send({
    method: "GET",
    path: plan.id,
    apiVersion: REGISTRIES_API,
    operation: plan.operation,
    scope: plan.id,
    abortSignal: signal,
    allowStatus: [404],
  });
  return response.status === 404 ? undefined : toRegistryDetails(response.body, plan.operation);
}

function nameTaken(plan: CreatePlan, availability: NameAvailability): AksAcrError {
  const armSays = availability.message ?? `the name is not available (${availability.reason ?? "no reason given"})`;
  const invalidName = availability.reason === "Invalid";
  return new AksAcrError(invalidName ? "InvalidInput" : "Conflict", {
    operation: plan.operation,
    scope: plan.id,
    reason: armSays,
    fix: invalidName
      ? "Choose a name of 5–50 letters and digits"
      : "Registry names are unique across all of Azure: choose another name, or reference the existing registry by its resource id if it is yours",
    details: { nameAvailability: { ...availability } },
  });
}

function sameRegistryOrConflict(plan: CreatePlan, existing: RegistryDetails): RegistryDetails {
  const differences = [
    existing.sku.toLowerCase() !== plan.sku.toLowerCase() ? `SKU ${existing.sku} (asked ${plan.sku})` : undefined,
    existing.location.replace(/\s+/g, "").toLowerCase() !== plan.location ? `location ${existing.location} (asked ${plan.location})` : undefined,
    plan.roleAssignmentMode !== undefined && existing.roleAssignmentMode !== plan.roleAssignmentMode
      ? `roleAssignmentMode ${existing.roleAssignmentMode} (asked ${plan.roleAssignmentMode})`
      : undefined,
  ].filter((d): d is string => d !== undefined);
  if (differences.length === 0) return existing;
  throw new AksAcrError("Conflict", {
    operation: plan.operation,
    scope: plan.id,
    reason: `the registry already exists with ${differences.join(", ")}`,
    fix: "Ask for the registry as it is, or change it in Azure (az acr update) before re-running",
    details: { existing: { sku: existing.sku, location: existing.location, roleAssignmentMode: existing.roleAssignmentMode } },
  });
}

/**
 * PUTs the registry. `created` is what ARM answered this caller's PUT (201 Created, 200 for a
 * registry that existed by then), so of concurrent creates exactly one reports it.
 */
async function putRegistry(
  ctx: Context,
  plan: CreatePlan,
  options: CreateRegistryOptions,
  polling: PollSettings,
): Promise<{ registry: RegistryDetails; created: boolean }> {
  const body = {
    location: plan.location,
    sku: { name: plan.sku },
    tags: plan.tags,
    properties: {
      adminUserEnabled: plan.adminUserEnabled,
      ...(plan.roleAssignmentMode !== undefined && { roleAssignmentMode: plan.roleAssignmentMode }),
    },
  };
  try {
    const initial = await ctx.arm.send({
      method: "PUT",
      path: plan.id,
      apiVersion: REGISTRIES_API,
      body,
      operation: plan.operation,
      scope: plan.id,
      abortSignal: options.abortSignal,
    });
    // A 200 to a PUT that met a concurrent create still Creating is followed by its provisioningState.
    const state = (initial.body as { properties?: { provisioningState?: unknown } } | undefined)?.properties?.provisioningState;
    const settled = typeof state !== "string" || ["succeeded", "failed", "canceled"].includes(state.toLowerCase());
    const running = initial.status === 201 || initial.status === 202 || initial.header("azure-asyncoperation") !== undefined || !settled;
    const final = running
      ? await ctx.arm.poll(initial, {
          operation: plan.operation,
          scope: plan.id,
          abortSignal: options.abortSignal,
          ...(options.onProgress && { onProgress: options.onProgress }),
          finalGet: plan.id,
          apiVersion: REGISTRIES_API,
          ...polling,
        })
      : initial;
    return { registry: toRegistryDetails(final.body, plan.operation), created: initial.status === 201 };
  } catch (error) {
    if (hasErrorCode(error, "NotFound") && error.armCode === "ResourceGroupNotFound") {
      throw new AksAcrError("NotFound", {
        operation: plan.operation,
        scope: `/subscriptions/${plan.subscriptionId}/resourceGroups/${plan.resourceGroup}`,
        reason: `resource group "${plan.resourceGroup}" does not exist`,
        fix: "Create it first, or pass { createResourceGroup: true }",
        ...(error.response && { response: error.response }),
        cause: error,
      });
    }
    throw error;
  }
}
