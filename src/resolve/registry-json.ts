import type { RoleAssignmentMode } from "../roles.js";
import type { RegistryInfo } from "./types.js";

/** A registry as ARM renders it (the fields this library reads). */
export interface RegistryJson {
  id?: string;
  name?: string;
  location?: string;
  sku?: { name?: string };
  properties?: { loginServer?: string; roleAssignmentMode?: string };
}

const ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i;

/** A registry's JSON → RegistryInfo; `fallbackId` covers answers that omit `id` (never seen from ARM). */
export function registryInfo(json: RegistryJson, fallbackId: string): RegistryInfo {
  const id = json.id ?? fallbackId;
  const [, subscriptionId = "", resourceGroup = "", idName = ""] = ID.exec(id) ?? [];
  const name = json.name ?? idName;
  return {
    id,
    subscriptionId,
    resourceGroup,
    name,
    loginServer: json.properties?.loginServer ?? "",
    location: json.location ?? "",
    sku: json.sku?.name ?? "",
    roleAssignmentMode: modeOf(json.properties?.roleAssignmentMode),
    raw: json as Record<string, unknown>,
  };
}

function modeOf(value: string | undefined): RoleAssignmentMode {
  return value?.toLowerCase() === "abacrepositorypermissions" ? "AbacRepositoryPermissions" : "LegacyRegistryPermissions";
}
