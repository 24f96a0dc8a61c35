/**
 * A registry's admin credentials and usage: listCredentials, regenerateCredential (both only while
 * the admin user is enabled, as ACR answers) and listUsages.
 */
import { resourceNotFound } from "../http/armErrors.js";
import { authorize } from "../http/authorize.js";
import { armError, json } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { findRegistryById, newAdminPassword, registryId } from "../world/registries.js";
import type { Registry, RegistrySku } from "../world/types.js";
import { REGISTRY_TYPE } from "./registryResource.js";

const PASSWORD_NAMES = ["password", "password2"] as const;

/** The registry the route names, or the 403/404/400 ACR answers; `needsAdmin` refuses registries whose admin user is off. */
function registryFor(ctx: RouteContext, action: string, needsAdmin: boolean): Registry | Response {
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  const id = registryId(subscriptionId, resourceGroup, name);
  const refused = authorize(ctx, `${REGISTRY_TYPE}/${action}`, id);
  if (refused) return refused;
  const registry = findRegistryById(ctx.world, id);
  if (!registry) return resourceNotFound(REGISTRY_TYPE, name, resourceGroup);
  if (needsAdmin && !registry.adminUserEnabled) {
    return armError(
      400,
      "UnAuthorizedForCredentialOperations",
      `Cannot perform credential operations for ${registry.id} as admin user is disabled. Kindly enable admin user as per docs: https://docs.microsoft.com/en-us/azure/container-registry/container-registry-authentication#admin-account`,
    );
  }
  return registry;
}

function credentialsOf(registry: Registry): Record<string, unknown> {
  return { username: registry.name, passwords: PASSWORD_NAMES.map((name, i) => ({ name, value: registry.adminPasswords[i] })) };
}

function listCredentials(ctx: RouteContext): Response {
  const registry = registryFor(ctx, "listCredentials/action", true);
  return registry instanceof Response ? registry : json(200, credentialsOf(registry));
}

function regenerateCredential(ctx: RouteContext): Response {
  const registry = registryFor(ctx, "regenerateCredential/action", true);
  if (registry instanceof Response) return registry;
  const name = (ctx.body as { name?: unknown } | undefined)?.name;
  const index = PASSWORD_NAMES.findIndex((candidate) => candidate === name);
  if (index < 0) return armError(400, "InvalidParameter", `The password name '${String(name)}' is invalid. Accepted values: ${PASSWORD_NAMES.join(", ")}.`);
  registry.adminPasswords[index] = newAdminPassword();
  return json(200, credentialsOf(registry));
}

/** ACR's included storage and webhook limits per SKU. */
const LIMITS: Record<RegistrySku, { size: number; webhooks: number }> = {
  Basic: { size: 10 * 2 ** 30, webhooks: 2 },
  Standard: { size: 100 * 2 ** 30, webhooks: 10 },
  Premium: { size: 500 * 2 ** 30, webhooks: 500 },
};

function listUsages(ctx: RouteContext): Response {
  const registry = registryFor(ctx, "listUsages/read", false);
  if (registry instanceof Response) return registry;
  const size = [...registry.repositories.values()].flatMap((r) => [...r.manifests.values()]).reduce((sum, m) => sum + m.sizeBytes, 0);
  const limits = LIMITS[registry.sku];
  return json(200, {
    value: [
      { name: "Size", limit: limits.size, currentValue: size, unit: "Bytes" },
      { name: "Webhooks", limit: limits.webhooks, currentValue: 0, unit: "Count" },
      { name: "ScopeMaps", limit: 100, currentValue: 0, unit: "Count" },
      { name: "Tokens", limit: 100, currentValue: 0, unit: "Count" },
    ],
  });
}

const ONE = "^/subscriptions/(?<subscriptionId>[^/]+)/resourceGroups/(?<resourceGroup>[^/]+)/providers/Microsoft\\.ContainerRegistry/registries/(?<name>[^/]+)";

export const routes: Route[] = [
  { method: "POST", pattern: new RegExp(`${ONE}/listCredentials$`, "i"), operation: "Registries_ListCredentials", handle: listCredentials },
  { method: "POST", pattern: new RegExp(`${ONE}/regenerateCredential$`, "i"), operation: "Registries_RegenerateCredential", handle: regenerateCredential },
  { method: "GET", pattern: new RegExp(`${ONE}/listUsages$`, "i"), operation: "Registries_ListUsages", handle: listUsages },
];
