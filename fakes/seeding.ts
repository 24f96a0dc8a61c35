import { renderManagedCluster } from "./arm/managedClusters.js";
import { renderUserAssignedIdentity } from "./arm/userAssignedIdentities.js";
import { findUserAssignedIdentity, newUserAssignedIdentity } from "./world/identities.js";
import { registryResource } from "./arm/registryResource.js";
import { renderResourceGroup } from "./arm/resources.js";
import { renderRoleAssignment } from "./arm/roleAssignments.js";
import { findRole } from "./world/authorization.js";
import { newCluster } from "./world/clusters.js";
import { newGuid, normaliseScope } from "./world/ids.js";
import { newRegistry } from "./world/registries.js";
import { addPrincipal, addResourceGroup, addRoleAssignment, addSubscription, findResourceGroup } from "./world/seed.js";
import type { Principal, PrincipalType, RegistrySku, ResourceGroup, RoleAssignmentMode } from "./world/types.js";
import type { World } from "./world/world.js";

/** Where seeded things go when the call does not say. */
export interface SeedDefaults {
  /** Tenant of seeded principals and subscriptions. */
  tenantId: string;
  /** Subscription of seeded resource groups and resources. */
  subscriptionId: string;
  /** The default caller, who becomes Owner of seeded subscriptions in the default tenant. */
  callerObjectId: string;
}

/** The seeding API: adds to the world directly, bypassing authorization; returns ARM JSON for resources. */
export interface Seeding {
  /**
   * Another subscription; returns its id. In the default tenant the default caller becomes its Owner
   * (pass `owner: null` for none, or another principal's object id).
   */
  subscription(input?: { tenantId?: string; subscriptionId?: string; displayName?: string; owner?: string | null }): string;
  /** @default location "westeurope", the default subscription */
  resourceGroup(input: { name: string; location?: string; subscriptionId?: string }): Record<string, unknown>;
  /**
   * @default type "User", the default tenant; service principals and managed identities get a client id.
   * `secret`: a client secret the token endpoint then requires (for `ClientSecretCredential`, `EnvironmentCredential`).
   */
  principal(input?: { displayName?: string; type?: PrincipalType; tenantId?: string; clientId?: string; secret?: string; unreplicatedAttempts?: number; deleted?: boolean }): Principal;
  /** Creates the resource group too when missing. */
  cluster(input: {
    resourceGroup: string;
    name: string;
    identity?: "managed" | "servicePrincipal";
    location?: string;
    subscriptionId?: string;
    servicePrincipalClientId?: string;
    kubernetesVersion?: string;
    nodeCount?: number;
    /** ARM id of a seeded user-assigned identity to run the control plane as (instead of a system-assigned one). */
    userAssignedIdentity?: string;
    /** ARM id of a seeded user-assigned identity for the kubelet (instead of one AKS makes). */
    kubeletIdentity?: string;
  }): Record<string, unknown>;
  /** A user-assigned managed identity and its principal; creates the resource group too when missing. */
  userAssignedIdentity(input: { resourceGroup: string; name: string; location?: string; subscriptionId?: string }): Record<string, unknown>;
  /** Creates the resource group too when missing; `images` like `["nginx:v1"]`. */
  registry(input: {
    resourceGroup: string;
    name: string;
    sku?: RegistrySku;
    roleAssignmentMode?: RoleAssignmentMode;
    images?: string[];
    location?: string;
    subscriptionId?: string;
    adminUserEnabled?: boolean;
    publicNetworkAccess?: "Enabled" | "Disabled";
  }): Record<string, unknown>;
  /** `role` is a role name ("AcrPull", any case) or a role definition GUID. */
  roleAssignment(input: { scope: string; role: string; principalId: string; name?: string }): Record<string, unknown>;
}

export function createSeeding(world: World, defaults: SeedDefaults): Seeding {
  const ensureGroup = (subscriptionId: string, name: string, location?: string): ResourceGroup =>
    findResourceGroup(world, subscriptionId, name) ?? addResourceGroup(world, { subscriptionId, name, location: location ?? "westeurope" });

  return {
    subscription(input = {}) {
      const subscriptionId = input.subscriptionId ?? newGuid();
      const tenantId = input.tenantId ?? defaults.tenantId;
      addSubscription(world, { subscriptionId, tenantId, ...(input.displayName ? { displayName: input.displayName } : {}) });
      const owner = input.owner === undefined ? (tenantId === defaults.tenantId ? defaults.callerObjectId : null) : input.owner;
      if (owner) {
        const ownerRole = findRole(world, "Owner")?.name ?? "";
        addRoleAssignment(world, { scope: `/subscriptions/${subscriptionId}`, roleDefinitionName: ownerRole, principalId: owner, createdBy: defaults.callerObjectId });
      }
      return subscriptionId;
    },
    resourceGroup(input) {
      const subscriptionId = input.subscriptionId ?? defaults.subscriptionId;
      return renderResourceGroup(addResourceGroup(world, { subscriptionId, name: input.name, location: input.location ?? "westeurope" }));
    },
    principal(input = {}) {
      return { ...addPrincipal(world, { tenantId: defaults.tenantId, ...input }) };
    },
    cluster(input) {
      const { userAssignedIdentity, kubeletIdentity, ...rest } = input;
      for (const id of [userAssignedIdentity, kubeletIdentity]) {
        if (id && !findUserAssignedIdentity(world, id)) throw new Error(`Failed to seed cluster '${input.name}': no user-assigned identity '${id}'. Seed it first with azure.seed.userAssignedIdentity().`);
      }
      const subscriptionId = input.subscriptionId ?? defaults.subscriptionId;
      ensureGroup(subscriptionId, input.resourceGroup, input.location);
      return renderManagedCluster(
        newCluster(world, {
          ...rest,
          subscriptionId,
          ...(userAssignedIdentity ? { userAssignedIdentities: [userAssignedIdentity] } : {}),
          ...(kubeletIdentity ? { kubeletIdentity: { resourceId: kubeletIdentity } } : {}),
        }),
      );
    },
    userAssignedIdentity(input) {
      const subscriptionId = input.subscriptionId ?? defaults.subscriptionId;
      ensureGroup(subscriptionId, input.resourceGroup, input.location);
      return renderUserAssignedIdentity(newUserAssignedIdentity(world, { ...input, subscriptionId }));
    },
    registry(input) {
      const subscriptionId = input.subscriptionId ?? defaults.subscriptionId;
      ensureGroup(subscriptionId, input.resourceGroup, input.location);
      return registryResource(world, newRegistry(world, { ...input, subscriptionId }));
    },
    roleAssignment(input) {
      const role = findRole(world, input.role);
      if (!role) throw new Error(`Failed to seed a role assignment: no role named '${input.role}'. Use a built-in role name such as "AcrPull" or a role definition GUID.`);
      const assignment = addRoleAssignment(world, {
        scope: normaliseScope(input.scope),
        roleDefinitionName: role.name,
        principalId: input.principalId,
        createdBy: defaults.callerObjectId,
        ...(input.name ? { name: input.name } : {}),
      });
      return renderRoleAssignment(world, assignment);
    },
  };
}
