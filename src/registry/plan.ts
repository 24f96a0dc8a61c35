import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { registryId, validateResourceGroupName } from "../ids.js";
import type { RegistryRef } from "../ids.js";
import type { RoleAssignmentMode } from "../roles.js";
import type { CreateRegistryOptions, RegistrySku } from "./types.js";

/** Everything `create` will send, validated before the first request. */
export interface CreatePlan {
  operation: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  id: string;
  location: string;
  sku: RegistrySku;
  roleAssignmentMode: RoleAssignmentMode | undefined;
  adminUserEnabled: boolean;
  tags: Record<string, string>;
}

const SKUS: readonly RegistrySku[] = ["Basic", "Standard", "Premium"];
const MODES: readonly RoleAssignmentMode[] = ["LegacyRegistryPermissions", "AbacRepositoryPermissions"];
const LOCATION = /^[a-z0-9]{2,40}$/;

/** Validates `create`'s reference and options, so a typo costs no request. */
export function planCreate(ctx: Context, ref: RegistryRef, options: CreateRegistryOptions): CreatePlan {
  const operation = `create registry ${ref.name}`;
  const invalid = (scope: unknown, reason: string, fix: string): AksAcrError =>
    new AksAcrError("InvalidInput", { operation, scope: JSON.stringify(scope), reason, fix });

  if (typeof options !== "object" || options === null) {
    throw invalid(options, "create needs options", 'Pass { resourceGroup, location }, e.g. { resourceGroup: "rg", location: "westeurope" }');
  }
  if (ref.kind === "loginServer" && ref.loginServer.split(".").slice(1).join(".") !== ctx.cloud.acrLoginServerSuffix.toLowerCase()) {
    throw invalid(ref.loginServer, `a registry in ${ctx.cloud.name} gets a login server ending in .${ctx.cloud.acrLoginServerSuffix}`, "Pass the registry's name instead");
  }
  const refGroup = ref.kind === "loginServer" ? undefined : ref.resourceGroup;
  const resourceGroup = options.resourceGroup ?? refGroup;
  if (resourceGroup === undefined) {
    throw invalid(ref.name, "no resource group was given", 'Pass { resourceGroup: "<group>" } in the options');
  }
  validateResourceGroupName(resourceGroup);
  if (refGroup !== undefined && refGroup.toLowerCase() !== resourceGroup.toLowerCase()) {
    throw invalid(resourceGroup, `the reference names resource group "${refGroup}" but the options name "${resourceGroup}"`, "Give the resource group once, or the same in both");
  }
  const location = typeof options.location === "string" ? options.location.replace(/\s+/g, "").toLowerCase() : "";
  if (!LOCATION.test(location)) {
    throw invalid(options.location, "a location is an Azure region name such as westeurope", "Pass { location: \"<region>\" } (az account list-locations -o table lists them)");
  }
  const sku = SKUS.find((s) => s.toLowerCase() === String(options.sku ?? "Basic").toLowerCase());
  if (sku === undefined) {
    throw invalid(options.sku, `the SKU must be one of ${SKUS.join(", ")}`, 'Pass { sku: "Basic" }, "Standard" or "Premium"');
  }
  const mode = options.roleAssignmentMode;
  if (mode !== undefined && !MODES.includes(mode)) {
    throw invalid(mode, `roleAssignmentMode must be one of ${MODES.join(", ")}`, "Omit it for the default, LegacyRegistryPermissions");
  }
  const tagProblem = azureTagsProblem(options.tags);
  if (tagProblem !== undefined) throw invalid(options.tags, tagProblem, 'Pass tags as { name: "value" } strings, e.g. { env: "prod" }');
  const subscriptionId = ref.kind === "loginServer" ? ctx.subscriptionId(operation) : ref.subscriptionId ?? ctx.subscriptionId(operation);
  return {
    operation,
    subscriptionId,
    resourceGroup,
    name: ref.name,
    id: registryId(subscriptionId, resourceGroup, ref.name),
    location,
    sku,
    roleAssignmentMode: mode,
    adminUserEnabled: options.adminUserEnabled ?? false,
    tags: { ...(options.tags ?? {}) },
  };
}

/** ARM's rules for resource tags: at most 50, names of 1–512 characters without <>%&\?/, string values of at most 256. */
function azureTagsProblem(tags: unknown): string | undefined {
  if (tags === undefined) return undefined;
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) return "tags must be an object of tag names to string values";
  const entries = Object.entries(tags);
  if (entries.length > 50) return `a resource has at most 50 tags, not ${entries.length}`;
  for (const [name, value] of entries) {
    if (name.length === 0 || name.length > 512 || /[<>%&\\?/]/.test(name)) return `tag name "${name}" must be 1–512 characters without < > % & \\ ? /`;
    if (typeof value !== "string") return `tag "${name}" must have a string value, not ${typeof value}`;
    if (value.length > 256) return `tag "${name}" has a value longer than 256 characters`;
  }
  return undefined;
}
