/**
 * A registry as ARM renders it (Microsoft.ContainerRegistry/registries, 2025-11-01), in the shape
 * of the spec examples and the recorded `acr create` / `acr show` answers.
 */
import type { Registry } from "../world/types.js";

export const REGISTRY_TYPE = "Microsoft.ContainerRegistry/registries";

export function registryResource(registry: Registry): Record<string, unknown> {
  return {
    id: registry.id,
    name: registry.name,
    type: REGISTRY_TYPE,
    location: registry.location,
    tags: registry.tags,
    sku: { name: registry.sku, tier: registry.sku },
    properties: {
      loginServer: registry.loginServer,
      creationDate: registry.creationDate,
      provisioningState: registry.provisioningState,
      adminUserEnabled: registry.adminUserEnabled,
      networkRuleSet: registry.networkRuleSet,
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
