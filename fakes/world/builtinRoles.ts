import type { RoleDefinition } from "./types.js";

/** Built-in roles the AKS/ACR flows meet, with Azure's real GUIDs and permissions. */

const role = (name: string, roleName: string, description: string, permissions: Partial<RoleDefinition["permissions"][number]>): RoleDefinition => ({
  name,
  roleName,
  description,
  type: "BuiltInRole",
  assignableScopes: ["/"],
  permissions: [{ actions: [], notActions: [], dataActions: [], notDataActions: [], ...permissions }],
});

/** Role definition GUIDs of the built-in roles the fake knows, the same as in Azure. */
export const ROLE_IDS = {
  /** Full access, including role assignments. */
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  /** Full access except role assignments. */
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  /** Read everything (`*\/read`, which includes pulls from a legacy registry). */
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  /** Manage role assignments. */
  UserAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  /** Manage role assignments (without the condition the real role carries). */
  RoleBasedAccessControlAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  /** Pull from a registry in LegacyRegistryPermissions mode. */
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  /** Pull and push. */
  AcrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
  /** Delete artifacts. */
  AcrDelete: "c2f4ef07-c644-48eb-af81-4b1b4947fb11",
  /** Pull from a registry in AbacRepositoryPermissions mode. */
  ContainerRegistryRepositoryReader: "b93aa761-3e63-49ed-ac28-beffa264f7ac",
  /** Pull and push in AbacRepositoryPermissions mode. */
  ContainerRegistryRepositoryWriter: "2a1e307c-b015-4ebd-883e-5b7698a07328",
} as const;

export const BUILTIN_ROLES: readonly RoleDefinition[] = [
  role(ROLE_IDS.Owner, "Owner", "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.", {
    actions: ["*"],
  }),
  role(ROLE_IDS.Contributor, "Contributor", "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.", {
    actions: ["*"],
    notActions: [
      "Microsoft.Authorization/*/Delete",
      "Microsoft.Authorization/*/Write",
      "Microsoft.Authorization/elevateAccess/Action",
      "Microsoft.Blueprint/blueprintAssignments/write",
      "Microsoft.Blueprint/blueprintAssignments/delete",
      "Microsoft.Compute/galleries/share/action",
      "Microsoft.Purview/consents/write",
      "Microsoft.Purview/consents/delete",
      "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
      "Microsoft.Subscription/cancel/action",
      "Microsoft.Subscription/enable/action",
    ],
  }),
  role(ROLE_IDS.Reader, "Reader", "View all resources, but does not allow you to make any changes.", { actions: ["*/read"] }),
  role(ROLE_IDS.UserAccessAdministrator, "User Access Administrator", "Lets you manage user access to Azure resources.", {
    actions: ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
  }),
  // The real role carries a condition limiting which roles it may assign; the fake grants the actions alone.
  role(ROLE_IDS.RoleBasedAccessControlAdministrator, "Role Based Access Control Administrator", "Manage access to Azure resources by assigning roles using Azure RBAC. This role does not allow you to manage access using other ways, such as Azure Policy.", {
    actions: [
      "Microsoft.Authorization/roleAssignments/write",
      "Microsoft.Authorization/roleAssignments/delete",
      "*/read",
      "Microsoft.Support/*",
    ],
  }),
  role(ROLE_IDS.AcrPull, "AcrPull", "acr pull", { actions: ["Microsoft.ContainerRegistry/registries/pull/read"] }),
  role(ROLE_IDS.AcrPush, "AcrPush", "acr push", {
    actions: ["Microsoft.ContainerRegistry/registries/pull/read", "Microsoft.ContainerRegistry/registries/push/write"],
  }),
  role(ROLE_IDS.AcrDelete, "AcrDelete", "acr delete", { actions: ["Microsoft.ContainerRegistry/registries/artifacts/delete"] }),
  role(ROLE_IDS.ContainerRegistryRepositoryReader, "Container Registry Repository Reader", "Allows read access to Azure Container Registry repositories, but excluding catalog listing.", {
    dataActions: [
      "Microsoft.ContainerRegistry/registries/repositories/metadata/read",
      "Microsoft.ContainerRegistry/registries/repositories/content/read",
    ],
  }),
  role(ROLE_IDS.ContainerRegistryRepositoryWriter, "Container Registry Repository Writer", "Allows read, write access to Azure Container Registry repositories, but excluding catalog listing.", {
    dataActions: [
      "Microsoft.ContainerRegistry/registries/repositories/metadata/read",
      "Microsoft.ContainerRegistry/registries/repositories/content/read",
      "Microsoft.ContainerRegistry/registries/repositories/metadata/write",
      "Microsoft.ContainerRegistry/registries/repositories/content/write",
    ],
  }),
];
