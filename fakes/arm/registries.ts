/**
 * Microsoft.ContainerRegistry/registries: get, list, create (long-running), update, delete
 * (long-running) and checkNameAvailability. Any api-version is accepted; answers follow 2025-11-01.
 *
 * Known difference kept on purpose, because Azure does the same: deleting a registry leaves the
 * role assignments at its scope in place (they show up later as assignments to a missing scope).
 */
import { resourceNotFound } from "../http/armErrors.js";
import { authorize } from "../http/authorize.js";
import { page } from "../http/paging.js";
import { armError, json, noContent } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { REGISTRY_NAME_PATTERN, findRegistryById, findRegistryByName, newRegistry, registryId } from "../world/registries.js";
import type { NetworkRuleSet, Registry, RegistrySku, RoleAssignmentMode } from "../world/types.js";
import { key } from "../world/world.js";
import { asyncOperationHeaders, locationHeaders, startOperation } from "./operations.js";
import { REGISTRY_TYPE, registryResource } from "./registryResource.js";

const SUB = "^/subscriptions/(?<subscriptionId>[^/]+)";
const ONE = `${SUB}/resourceGroups/(?<resourceGroup>[^/]+)/providers/Microsoft\\.ContainerRegistry/registries/(?<name>[^/]+)$`;
const SKUS: readonly RegistrySku[] = ["Basic", "Standard", "Premium"];
const MODES: readonly RoleAssignmentMode[] = ["AbacRepositoryPermissions", "LegacyRegistryPermissions"];

function idFromParams(ctx: RouteContext): string {
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  return registryId(subscriptionId, resourceGroup, name);
}

function notFound(ctx: RouteContext): Response {
  return resourceNotFound(REGISTRY_TYPE, ctx.params["name"] ?? "", ctx.params["resourceGroup"] ?? "");
}

function forbidden(ctx: RouteContext, action: string): Response | undefined {
  return authorize(ctx, action, idFromParams(ctx));
}

function getRegistry(ctx: RouteContext): Response {
  const registry = findRegistryById(ctx.world, idFromParams(ctx));
  return registry ? json(200, registryResource(ctx.world, registry)) : notFound(ctx);
}

function listRegistries(ctx: RouteContext): Response {
  const { subscriptionId = "", resourceGroup } = ctx.params;
  const value = [...ctx.world.registries.values()]
    .filter((r) => key(r.subscriptionId) === key(subscriptionId))
    .filter((r) => resourceGroup === undefined || key(r.resourceGroup) === key(resourceGroup))
    .map((r) => registryResource(ctx.world, r));
  return page(ctx, value);
}

function invalid(code: string, message: string): Response {
  return armError(400, code, message);
}

/** The properties a PUT or PATCH may set, validated; a Response when the body is bad. */
interface Writable {
  sku?: RegistrySku;
  tags?: Record<string, string>;
  adminUserEnabled?: boolean;
  publicNetworkAccess?: "Enabled" | "Disabled";
  networkRuleSet?: NetworkRuleSet;
  roleAssignmentMode?: RoleAssignmentMode;
  anonymousPullEnabled?: boolean;
}

function readWritable(body: Record<string, unknown>): Writable | Response {
  const out: Writable = {};
  const sku = body["sku"] as { name?: unknown } | undefined;
  if (sku !== undefined) {
    if (!SKUS.includes(sku?.name as RegistrySku)) {
      return invalid("InvalidSku", `The sku '${String(sku?.name)}' is invalid. Accepted values: ${SKUS.join(", ")}.`);
    }
    out.sku = sku.name as RegistrySku;
  }
  if (body["tags"] !== undefined) out.tags = body["tags"] as Record<string, string>;
  const props = (body["properties"] ?? {}) as Record<string, unknown>;
  if (typeof props !== "object") return invalid("InvalidRequestContent", "properties must be an object.");
  if (props["adminUserEnabled"] !== undefined) out.adminUserEnabled = props["adminUserEnabled"] === true;
  if (props["anonymousPullEnabled"] !== undefined) out.anonymousPullEnabled = props["anonymousPullEnabled"] === true;
  const access = props["publicNetworkAccess"];
  if (access !== undefined) {
    if (access !== "Enabled" && access !== "Disabled") return invalid("InvalidParameter", `publicNetworkAccess '${String(access)}' is invalid. Accepted values: Enabled, Disabled.`);
    out.publicNetworkAccess = access;
  }
  const mode = props["roleAssignmentMode"];
  if (mode !== undefined) {
    if (!MODES.includes(mode as RoleAssignmentMode)) return invalid("InvalidParameter", `roleAssignmentMode '${String(mode)}' is invalid. Accepted values: ${MODES.join(", ")}.`);
    out.roleAssignmentMode = mode as RoleAssignmentMode;
  }
  const rules = props["networkRuleSet"] as Partial<NetworkRuleSet> | undefined;
  if (rules !== undefined) {
    if (rules?.defaultAction !== "Allow" && rules?.defaultAction !== "Deny") return invalid("InvalidParameter", "networkRuleSet.defaultAction must be Allow or Deny.");
    out.networkRuleSet = { defaultAction: rules.defaultAction, ipRules: rules.ipRules ?? [] };
  }
  return out;
}

function apply(world: RouteContext["world"], registry: Registry, changes: Writable): void {
  Object.assign(registry, changes);
  registry.lastModifiedAt = new Date(world.now()).toISOString();
}

function putRegistry(ctx: RouteContext): Response {
  const denied = forbidden(ctx, "Microsoft.ContainerRegistry/registries/write");
  if (denied) return denied;
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  if (!REGISTRY_NAME_PATTERN.test(name)) {
    return invalid("InvalidResourceName", `Resource name '${name}' is invalid. A registry name may contain only alphanumeric characters and must be between 5 and 50 characters.`);
  }
  const body = ctx.body as Record<string, unknown> | undefined;
  if (typeof body !== "object" || body === null) return invalid("InvalidRequestContent", "The request content was invalid and could not be deserialized: a registry body is required.");
  if (typeof body["location"] !== "string" || !body["location"]) return invalid("LocationRequired", "The location property is required for this definition.");
  if (body["sku"] === undefined) return invalid("InvalidSku", `The sku is required. Accepted values: ${SKUS.join(", ")}.`);
  const changes = readWritable(body);
  if (changes instanceof Response) return changes;
  const location = body["location"].toLowerCase().replace(/\s+/g, "");

  const existing = findRegistryById(ctx.world, idFromParams(ctx));
  if (existing) {
    if (existing.location !== location) {
      return invalid("InvalidResourceLocation", `The resource '${name}' already exists in location '${existing.location}' in resource group '${resourceGroup}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`);
    }
    apply(ctx.world, existing, changes);
    return json(200, registryResource(ctx.world, existing));
  }
  if (findRegistryByName(ctx.world, name)) {
    return armError(409, "AlreadyInUse", `The registry DNS name ${name.toLowerCase()}.azurecr.io is already in use. You can check if the name is already claimed using following API: https://docs.microsoft.com/en-us/rest/api/containerregistry/registries/checknameavailability`);
  }
  const registry = newRegistry(ctx.world, { subscriptionId, resourceGroup, name, location, provisioningState: "Creating", createdBy: ctx.caller.objectId });
  apply(ctx.world, registry, changes);
  const op = startOperation(ctx, {
    kind: "registryCreate",
    resourceId: registry.id,
    complete: () => {
      registry.provisioningState = "Succeeded";
    },
  });
  return json(201, registryResource(ctx.world, registry), asyncOperationHeaders(ctx, op));
}

function patchRegistry(ctx: RouteContext): Response {
  const denied = forbidden(ctx, "Microsoft.ContainerRegistry/registries/write");
  if (denied) return denied;
  const registry = findRegistryById(ctx.world, idFromParams(ctx));
  if (!registry) return notFound(ctx);
  const body = ctx.body as Record<string, unknown> | undefined;
  if (typeof body !== "object" || body === null) return invalid("InvalidRequestContent", "The request content was invalid and could not be deserialized: an update body is required.");
  const changes = readWritable(body);
  if (changes instanceof Response) return changes;
  apply(ctx.world, registry, changes);
  return json(200, registryResource(ctx.world, registry));
}

function deleteRegistry(ctx: RouteContext): Response {
  const denied = forbidden(ctx, "Microsoft.ContainerRegistry/registries/delete");
  if (denied) return denied;
  const registry = findRegistryById(ctx.world, idFromParams(ctx));
  if (!registry) return noContent();
  registry.provisioningState = "Deleting";
  const op = startOperation(ctx, {
    kind: "registryDelete",
    resourceId: registry.id,
    complete: () => {
      ctx.world.registries.delete(key(registry.id));
    },
  });
  return new Response(null, { status: 202, headers: locationHeaders(ctx, op) });
}

function checkNameAvailability(ctx: RouteContext): Response {
  const body = ctx.body as { name?: unknown; type?: unknown } | undefined;
  if (typeof body?.name !== "string") return invalid("InvalidRequestContent", "The request content was invalid and could not be deserialized: 'name' is required.");
  if (typeof body.type !== "string" || body.type.toLowerCase() !== REGISTRY_TYPE.toLowerCase()) {
    return invalid("InvalidParameter", `The resource type '${String(body.type)}' is invalid. Accepted value: ${REGISTRY_TYPE}.`);
  }
  if (!REGISTRY_NAME_PATTERN.test(body.name)) {
    return json(200, { nameAvailable: false, reason: "Invalid", message: "The specified resource name is invalid: a registry name may contain only alphanumeric characters and must be between 5 and 50 characters." });
  }
  if (findRegistryByName(ctx.world, body.name)) {
    return json(200, { nameAvailable: false, reason: "AlreadyExists", message: `The registry ${body.name} is already in use.` });
  }
  return json(200, { nameAvailable: true });
}

export const routes: Route[] = [
  { method: "GET", pattern: new RegExp(ONE, "i"), operation: "Registries_Get", handle: getRegistry },
  { method: "PUT", pattern: new RegExp(ONE, "i"), operation: "Registries_Create", handle: putRegistry },
  { method: "PATCH", pattern: new RegExp(ONE, "i"), operation: "Registries_Update", handle: patchRegistry },
  { method: "DELETE", pattern: new RegExp(ONE, "i"), operation: "Registries_Delete", handle: deleteRegistry },
  {
    method: "GET",
    pattern: new RegExp(`${SUB}/resourceGroups/(?<resourceGroup>[^/]+)/providers/Microsoft\\.ContainerRegistry/registries$`, "i"),
    operation: "Registries_ListByResourceGroup",
    handle: listRegistries,
  },
  {
    method: "GET",
    pattern: new RegExp(`${SUB}/providers/Microsoft\\.ContainerRegistry/registries$`, "i"),
    operation: "Registries_List",
    handle: listRegistries,
  },
  {
    method: "POST",
    pattern: new RegExp(`${SUB}/providers/Microsoft\\.ContainerRegistry/checkNameAvailability$`, "i"),
    operation: "Registries_CheckNameAvailability",
    handle: checkNameAvailability,
  },
];
