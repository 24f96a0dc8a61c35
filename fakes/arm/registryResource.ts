/**
 * A registry as ARM renders it (Microsoft.ContainerRegistry/registries, 2025-11-01), in the shape
 * of the spec examples and the recorded `acr create` / `acr show` answers.
 */
import type { Registry } from "../world/types.js";
import type { World } from "../world/world.js";

export const REGISTRY_TYPE = "Microsoft.ContainerRegistry/registries";

const CREATED_BY_TYPE = { User: "User", Group: "User", ServicePrincipal: "Application", ManagedIdentity: "ManagedIdentity" } as const;

/** ARM's `systemData`: who created the registry and when, and when it was last written. */
export function registrySystemData(world: World, registry: Registry): Record<string, unknown> {
  const creator = world.principals.get(registry.createdBy.toLowerCase());
  const by = creator?.objectId ?? registry.createdBy;
  const byType = creator ? CREATED_BY_TYPE[creator.type] : "User";
  return {
    createdBy: by,
    createdByType: byType,
    createdAt: registry.creationDate,
    lastModifiedBy: by,
    lastModifiedByType: byType,
    lastModifiedAt: registry.lastModifiedAt,
  };
}

const isDefaultRuleSet = (registry: Registry): boolean => registry.networkRuleSet.defaultAction === "Allow" && registry.networkRuleSet.ipRules.length === 0;

export function registryResource(world: World, registry: Registry): Record<string, unknown> {
  return {
    id: registry.id,
    name: registry.name,
    type: REGISTRY_TYPE,
    location: registry.location,
    tags: registry.tags,
    sku: { name: registry.sku, tier: registry.sku },
    systemData: registrySystemData(world, registry),
    properties: {
      loginServer: registry.loginServer,
      creationDate: registry.creationDate,
      provisioningState: registry.provisioningState,
      adminUserEnabled: registry.adminUserEnabled,
      // Basic registries have no firewall, and ACR renders none (arm-recordings/acr-registry-*.json).
      ...(registry.sku === "Basic" && isDefaultRuleSet(registry) ? {} : { networkRuleSet: registry.networkRuleSet }),
      policies: {
        quarantinePolicy: { status: "disabled" },
        trustPolicy: { type: "Notary", status: "disabled" },
        retentionPolicy: { days: 7, lastUpdatedTime: registry.creationDate, status: "disabled" },
        exportPolicy: { status: "enabled" },
        azureADAuthenticationAsArmPolicy: { status: "enabled" },
      },
      encryption: { status: "disabled" },
      dataEndpointEnabled: false,
      dataEndpointHostNames: [],
      privateEndpointConnections: registry.privateEndpointConnections.map((connection) => ({
        id: connection.id,
        name: connection.name,
        type: `${REGISTRY_TYPE}/privateEndpointConnections`,
        properties: {
          privateEndpoint: { id: connection.privateEndpointId },
          privateLinkServiceConnectionState: { status: connection.status, description: "", actionsRequired: "None" },
          provisioningState: "Succeeded",
        },
      })),
      publicNetworkAccess: registry.publicNetworkAccess,
      networkRuleBypassOptions: "AzureServices",
      networkRuleBypassAllowedForTasks: false,
      zoneRedundancy: "Disabled",
      anonymousPullEnabled: registry.anonymousPullEnabled,
      roleAssignmentMode: registry.roleAssignmentMode,
    },
  };
}
