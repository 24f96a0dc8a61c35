import { AKS_ROLE_SPECS } from "./builtinRolesAks.js";
import type { RoleDefinition } from "./types.js";

/**
 * Built-in roles the AKS/ACR flows meet, with Azure's real GUIDs and permissions, transcribed from
 * Microsoft's published list (MicrosoftDocs/azure-docs, articles/role-based-access-control/
 * built-in-roles/{containers,identity,networking,privileged,general,security}.md).
 */

type RoleSpec = Pick<RoleDefinition, "name" | "roleName" | "description"> & Partial<RoleDefinition["permissions"][number]>;

const role = ({ name, roleName, description, ...permissions }: RoleSpec): RoleDefinition => ({
  name,
  roleName,
  description,
  type: "BuiltInRole",
  assignableScopes: ["/"],
  permissions: [{ actions: [], notActions: [], dataActions: [], notDataActions: [], ...permissions }],
});

/** Role definition GUIDs of the built-in roles the fake's own code and tests name, the same as in Azure. */
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
  /** Pull, push and delete in AbacRepositoryPermissions mode. */
  ContainerRegistryRepositoryContributor: "2efddaa5-3f1f-4df3-97df-af3f13818f4c",
  /** What `az aks create --vnet-subnet-id` grants the cluster identity on the subnet. */
  NetworkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  /** What a cluster identity needs on a caller-supplied kubelet identity. */
  ManagedIdentityOperator: "f1a07417-d97a-45cb-824c-7a7467783830",
  /** Create, read, update and delete user-assigned identities. */
  ManagedIdentityContributor: "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59",
  /** `listClusterUserCredential` on a cluster. */
  AzureKubernetesServiceClusterUserRole: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
  /** `listClusterAdminCredential` on a cluster. */
  AzureKubernetesServiceClusterAdminRole: "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8",
} as const;

const ACR = "Microsoft.ContainerRegistry/registries";
const REPOSITORY_READ = [`${ACR}/repositories/metadata/read`, `${ACR}/repositories/content/read`];
const REPOSITORY_WRITE = [...REPOSITORY_READ, `${ACR}/repositories/metadata/write`, `${ACR}/repositories/content/write`];
const MANAGEMENT_EXTRAS = ["Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*", "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Resources/deployments/*", "Microsoft.Support/*"];

const SPECS: readonly RoleSpec[] = [
  { name: ROLE_IDS.Owner, roleName: "Owner", description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.", actions: ["*"] },
  {
    name: ROLE_IDS.Contributor,
    roleName: "Contributor",
    description: "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
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
  },
  { name: ROLE_IDS.Reader, roleName: "Reader", description: "View all resources, but does not allow you to make any changes.", actions: ["*/read"] },
  {
    name: ROLE_IDS.UserAccessAdministrator,
    roleName: "User Access Administrator",
    description: "Lets you manage user access to Azure resources.",
    actions: ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
  },
  // The real role is meant to be assigned with a condition limiting which roles it may assign; the fake grants the actions alone.
  {
    name: ROLE_IDS.RoleBasedAccessControlAdministrator,
    roleName: "Role Based Access Control Administrator",
    description: "Manage access to Azure resources by assigning roles using Azure RBAC. This role does not allow you to manage access using other ways, such as Azure Policy.",
    actions: ["Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/delete", "*/read", "Microsoft.Support/*"],
  },
  { name: ROLE_IDS.AcrPull, roleName: "AcrPull", description: "acr pull", actions: [`${ACR}/pull/read`] },
  { name: ROLE_IDS.AcrPush, roleName: "AcrPush", description: "acr push", actions: [`${ACR}/pull/read`, `${ACR}/push/write`] },
  { name: ROLE_IDS.AcrDelete, roleName: "AcrDelete", description: "acr delete", actions: [`${ACR}/artifacts/delete`] },
  { name: "6cef56e8-d556-48e5-a04f-b8e64114680f", roleName: "AcrImageSigner", description: "acr image signer", actions: [`${ACR}/sign/write`], dataActions: [`${ACR}/trustedCollections/write`] },
  {
    name: "cdda3590-29a3-44f6-95f2-9f980659eb04",
    roleName: "AcrQuarantineReader",
    description: "acr quarantine data reader",
    actions: [`${ACR}/quarantine/read`],
    dataActions: [`${ACR}/quarantinedArtifacts/read`],
  },
  {
    name: "c8d4ff99-41c3-41a8-9f60-21dfdad59608",
    roleName: "AcrQuarantineWriter",
    description: "acr quarantine data writer",
    actions: [`${ACR}/quarantine/read`, `${ACR}/quarantine/write`],
    dataActions: [`${ACR}/quarantinedArtifacts/read`, `${ACR}/quarantinedArtifacts/write`],
  },
  {
    name: ROLE_IDS.ContainerRegistryRepositoryReader,
    roleName: "Container Registry Repository Reader",
    description: "Allows for read access to Azure Container Registry repositories, but excluding catalog listing. This role is in preview and subject to change.",
    dataActions: REPOSITORY_READ,
  },
  {
    name: ROLE_IDS.ContainerRegistryRepositoryWriter,
    roleName: "Container Registry Repository Writer",
    description: "Allows for read and write access to Azure Container Registry repositories, but excluding catalog listing. This role is in preview and subject to change.",
    dataActions: REPOSITORY_WRITE,
  },
  {
    name: ROLE_IDS.ContainerRegistryRepositoryContributor,
    roleName: "Container Registry Repository Contributor",
    description: "Allows for read, write, and delete access to Azure Container Registry repositories, but excluding catalog listing. This role is in preview and subject to change.",
    dataActions: [...REPOSITORY_WRITE, `${ACR}/repositories/metadata/delete`, `${ACR}/repositories/content/delete`],
  },
  {
    name: "bfdb9389-c9a5-478a-bb2f-ba9ca092c3c7",
    roleName: "Container Registry Repository Catalog Lister",
    description: "Allows for listing all repositories in an Azure Container Registry. This role is in preview and subject to change.",
    dataActions: [`${ACR}/catalog/read`],
  },
  {
    name: "577a9874-89fd-4f24-9dbd-b5034d0ad23a",
    roleName: "Container Registry Data Importer and Data Reader",
    description:
      "Provides the ability to import images into a registry through the registry import operation. Provides the ability to list repositories, view images and tags, get manifests, and pull images. Does not provide permissions for importing images through configuring registry transfer pipelines such as import and export pipelines. Does not provide permissions for importing through configuring Artifact Cache or Sync rules.",
    actions: [`${ACR}/importImage/action`, `${ACR}/read`, `${ACR}/pull/read`],
    dataActions: [`${ACR}/repositories/content/read`, `${ACR}/repositories/metadata/read`, `${ACR}/catalog/read`],
  },
  {
    name: ROLE_IDS.NetworkContributor,
    roleName: "Network Contributor",
    description: "Lets you manage networks, but not access to them.",
    actions: [
      "Microsoft.Authorization/*/read",
      "Microsoft.Insights/alertRules/*",
      "Microsoft.Network/*",
      "Microsoft.ResourceHealth/availabilityStatuses/read",
      "Microsoft.Resources/deployments/*",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      "Microsoft.Support/*",
    ],
  },
  {
    name: ROLE_IDS.ManagedIdentityOperator,
    roleName: "Managed Identity Operator",
    description: "Read and Assign User Assigned Identity",
    actions: ["Microsoft.ManagedIdentity/userAssignedIdentities/*/read", "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action", ...MANAGEMENT_EXTRAS],
  },
  {
    name: ROLE_IDS.ManagedIdentityContributor,
    roleName: "Managed Identity Contributor",
    description: "Create, Read, Update, and Delete User Assigned Identity",
    actions: [
      ...["read", "write", "delete", "federatedIdentityCredentials/read", "federatedIdentityCredentials/write", "federatedIdentityCredentials/delete", "revokeTokens/action"].map(
        (action) => `Microsoft.ManagedIdentity/userAssignedIdentities/${action}`,
      ),
      ...MANAGEMENT_EXTRAS,
    ],
  },
  // What the AKS app-routing add-on is granted on a Key Vault (as recorded by the Azure CLI's AKS app-routing tests).
  {
    name: "4633458b-17de-408a-b874-0445c86b69e6",
    roleName: "Key Vault Secrets User",
    description: "Read secret contents. Only works for key vaults that use the 'Azure role-based access control' permission model.",
    dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"],
  },
  ...AKS_ROLE_SPECS,
];

export const BUILTIN_ROLES: readonly RoleDefinition[] = SPECS.map(role);
