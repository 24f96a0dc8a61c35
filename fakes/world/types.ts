/**
 * The fake world's data model: what Azure holds, independent of any wire format.
 * Handlers in fakes/arm, fakes/graph and fakes/kube render these records as ARM / Graph /
 * Kubernetes JSON; the seeding API and state readers work on them directly.
 */

export interface Tenant {
  id: string;
}

export interface Subscription {
  id: string;
  tenantId: string;
  displayName: string;
}

export interface ResourceGroup {
  id: string;
  subscriptionId: string;
  name: string;
  location: string;
}

export type PrincipalType = "User" | "ServicePrincipal" | "ManagedIdentity" | "Group";

export interface Principal {
  objectId: string;
  /** The application (client) id, for service principals and managed identities. */
  clientId?: string;
  displayName: string;
  type: PrincipalType;
  tenantId: string;
  /** A deleted principal still appears in old role assignments, as in Azure. */
  deleted: boolean;
  /**
   * How many more role-assignment writes naming this principal answer 400 PrincipalNotFound,
   * modelling Entra ID replication delay after an identity is created.
   */
  unreplicatedAttempts: number;
}

export interface KubeletIdentity {
  clientId: string;
  objectId: string;
  resourceId: string;
}

export type ProvisioningState = "Creating" | "Updating" | "Deleting" | "Succeeded" | "Failed" | "Canceled";

export interface ManagedCluster {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  identityKind: "managed" | "servicePrincipal";
  /** Set on managed-identity clusters. */
  kubeletIdentity?: KubeletIdentity;
  /** Set on service-principal clusters: the application id of the cluster's service principal. */
  servicePrincipalClientId?: string;
  dnsPrefix: string;
  /** `<dnsPrefix>-<hash>.hcp.<location>.azmk8s.io` */
  fqdn: string;
  kubernetesVersion: string;
  nodeCount: number;
  vmSize: string;
  provisioningState: ProvisioningState;
  nodeResourceGroup: string;
  tags: Record<string, string>;
}

export type RoleAssignmentMode = "AbacRepositoryPermissions" | "LegacyRegistryPermissions";
export type RegistrySku = "Basic" | "Standard" | "Premium";

export interface NetworkRuleSet {
  defaultAction: "Allow" | "Deny";
  ipRules: { action: "Allow"; value: string }[];
}

export interface PrivateEndpointConnection {
  id: string;
  name: string;
  privateEndpointId: string;
  status: "Approved" | "Pending" | "Rejected" | "Disconnected";
}

/** One image manifest: the digest is content-addressed from the source it came from. */
export interface Manifest {
  digest: string;
  mediaType: string;
  sizeBytes: number;
}

export interface Repository {
  name: string;
  /** tag → manifest digest */
  tags: Map<string, string>;
  /** digest → manifest (tagged or untagged) */
  manifests: Map<string, Manifest>;
}

export interface Registry {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  sku: RegistrySku;
  /** `<lowercase name>.azurecr.io` (or the cloud's suffix) */
  loginServer: string;
  roleAssignmentMode: RoleAssignmentMode;
  adminUserEnabled: boolean;
  /** Admin password, when the admin user is enabled; only for private-source import tests. */
  adminPassword?: string;
  publicNetworkAccess: "Enabled" | "Disabled";
  networkRuleSet: NetworkRuleSet;
  privateEndpointConnections: PrivateEndpointConnection[];
  anonymousPullEnabled: boolean;
  provisioningState: ProvisioningState;
  creationDate: string;
  tags: Record<string, string>;
  repositories: Map<string, Repository>;
}

export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleDefinition {
  /** The GUID, e.g. AcrPull's 7f951dda-4ed3-4680-a7ca-43fe172d538d */
  name: string;
  roleName: string;
  description: string;
  type: "BuiltInRole" | "CustomRole";
  permissions: Permission[];
  assignableScopes: string[];
}

export interface RoleAssignment {
  /** The GUID name of the assignment. */
  name: string;
  /** Normalised ARM scope, as created (case kept). */
  scope: string;
  /** The role definition GUID. */
  roleDefinitionName: string;
  principalId: string;
  principalType: PrincipalType | undefined;
  condition?: string;
  createdOn: string;
  createdBy: string;
}

/** A long-running ARM operation, polled through Azure-AsyncOperation or Location. */
export interface Operation {
  id: string;
  kind: "registryCreate" | "registryDelete" | "clusterCreate" | "clusterDelete" | "importImage";
  /** The resource the operation acts on. */
  resourceId: string;
  subscriptionId: string;
  status: "InProgress" | "Succeeded" | "Failed" | "Canceled";
  /** Polls still answered "in progress" before the operation completes. */
  pollsRemaining: number;
  startTime: string;
  endTime?: string;
  error?: { code: string; message: string };
  /** Terminal status when `error` is set before completion (a fault rule may cancel instead). @default "Failed" */
  failStatus?: "Failed" | "Canceled";
  /** Applies the operation's effect to the world when it completes successfully. */
  complete: () => void;
  /** Status body reported while in progress (import reports per-tag progress). */
  progressBody?: Record<string, string>;
}
