/**
 * The fake world's data model: what Azure holds, independent of any wire format.
 * Handlers in fakes/arm, fakes/graph and fakes/kube render these records as ARM / Graph /
 * Kubernetes JSON; the seeding API and state readers work on them directly.
 */

/** An Entra ID tenant. */
export interface Tenant {
  /** The tenant id (a GUID). */
  id: string;
}

/** A subscription, in one tenant. */
export interface Subscription {
  /** The subscription id (a GUID). */
  id: string;
  /** The tenant it trusts. */
  tenantId: string;
  /** Its display name. */
  displayName: string;
}

/** A resource group. */
export interface ResourceGroup {
  /** ARM id. */
  id: string;
  /** Its subscription. */
  subscriptionId: string;
  /** Its name. */
  name: string;
  /** Its region. */
  location: string;
}

/** What kind of principal: managed identities appear as "ServicePrincipal" on role assignments, as in Azure. */
export type PrincipalType = "User" | "ServicePrincipal" | "ManagedIdentity" | "Group";

/** A user, group, service principal or managed identity in Entra ID. */
export interface Principal {
  /** Its object id: what role assignments and tokens (`oid`) name. */
  objectId: string;
  /** The application (client) id, for service principals and managed identities. */
  clientId?: string;
  /** Its display name. */
  displayName: string;
  /** Its kind. */
  type: PrincipalType;
  /** Its home tenant. */
  tenantId: string;
  /** A client secret of a service principal; when set, the token endpoint accepts only it. */
  secret?: string;
  /** A deleted principal still appears in old role assignments, as in Azure. */
  deleted: boolean;
  /**
   * How many more role-assignment writes naming this principal answer 400 PrincipalNotFound,
   * modelling Entra ID replication delay after an identity is created.
   */
  unreplicatedAttempts: number;
}

/** The user-assigned managed identity a managed-identity cluster's kubelet pulls images as. */
export interface KubeletIdentity {
  /** Its application (client) id. */
  clientId: string;
  /** Its object id: what role assignments name. */
  objectId: string;
  /** ARM id of the identity, in the node resource group. */
  resourceId: string;
}

/** ARM's provisioningState of a resource. */
export type ProvisioningState = "Creating" | "Updating" | "Deleting" | "Succeeded" | "Failed" | "Canceled";

/** A user-assigned managed identity (`Microsoft.ManagedIdentity/userAssignedIdentities`) and its principal. */
export interface UserAssignedIdentity {
  /** ARM id. */
  id: string;
  /** Its subscription. */
  subscriptionId: string;
  /** Its resource group. */
  resourceGroup: string;
  /** Its name. */
  name: string;
  /** Its region, normalised. */
  location: string;
  /** Azure tags. */
  tags: Record<string, string>;
  /** Object id of its service principal in Entra ID (what role assignments name). */
  principalId: string;
  /** Its application (client) id. */
  clientId: string;
  /** Its tenant. */
  tenantId: string;
}

/** A cluster's control-plane identity, as ARM's `identity` block models it. */
export interface ClusterIdentity {
  /** Which kind. */
  type: "SystemAssigned" | "UserAssigned";
  /** Object id of the system-assigned identity's principal (SystemAssigned only). */
  principalId?: string;
  /** Tenant of the system-assigned identity (SystemAssigned only). */
  tenantId?: string;
  /** ARM id of each user-assigned identity → its principal and client ids (UserAssigned only). */
  userAssignedIdentities?: Record<string, UserAssignedIdentityIds>;
}

/** The ids ARM shows for each user-assigned identity of a cluster. */
export interface UserAssignedIdentityIds {
  /** Object id of the identity's principal. */
  principalId: string;
  /** Its application (client) id. */
  clientId: string;
}

/** An AKS managed cluster; its Kubernetes objects are kept apart, per cluster. */
export interface ManagedCluster {
  /** ARM id. */
  id: string;
  /** Its subscription. */
  subscriptionId: string;
  /** Its resource group. */
  resourceGroup: string;
  /** Its name. */
  name: string;
  /** Its region, normalised ("westeurope"). */
  location: string;
  /** Whether it runs as managed identities or as a service principal. */
  identityKind: "managed" | "servicePrincipal";
  /** The control-plane identity; unset on service-principal clusters. */
  identity?: ClusterIdentity;
  /** Set on managed-identity clusters. */
  kubeletIdentity?: KubeletIdentity;
  /** Whether AKS made the kubelet identity (in the node resource group) rather than the caller supplying it. */
  kubeletIdentityManaged?: boolean;
  /** Set on service-principal clusters: the application id of the cluster's service principal. */
  servicePrincipalClientId?: string;
  /** DNS prefix of the API server's FQDN. */
  dnsPrefix: string;
  /** `<dnsPrefix>-<hash>.hcp.<location>.azmk8s.io` */
  fqdn: string;
  /** Kubernetes version, e.g. "1.33.2". */
  kubernetesVersion: string;
  /** Name of the (single) agent pool. */
  agentPoolName: string;
  /** Nodes in the (single) agent pool. */
  nodeCount: number;
  /** VM size of the nodes. */
  vmSize: string;
  /** "Creating" until the create operation is polled to its end, then "Succeeded". */
  provisioningState: ProvisioningState;
  /** The MC_ resource group that holds the kubelet identity. */
  nodeResourceGroup: string;
  /** Azure tags. */
  tags: Record<string, string>;
  /** ARM's optimistic-concurrency tag; a new GUID on every write. */
  eTag: string;
}

/** Which roles a registry honours for pulls: AcrPull (legacy) or the Container Registry Repository roles (ABAC). */
export type RoleAssignmentMode = "AbacRepositoryPermissions" | "LegacyRegistryPermissions";
/** A registry's pricing tier. */
export type RegistrySku = "Basic" | "Standard" | "Premium";

/** A registry's firewall. */
export interface NetworkRuleSet {
  /** What happens to addresses no rule lists. */
  defaultAction: "Allow" | "Deny";
  /** Addresses or CIDR ranges allowed. */
  ipRules: {
    /** Always "Allow". */
    action: "Allow";
    /** An IPv4 address or CIDR range. */
    value: string;
  }[];
}

/** A private endpoint connection of a registry (data only: nothing routes through it). */
export interface PrivateEndpointConnection {
  /** ARM id of the connection. */
  id: string;
  /** Its name. */
  name: string;
  /** ARM id of the private endpoint. */
  privateEndpointId: string;
  /** Only "Approved" connections let pulls bypass the firewall. */
  status: "Approved" | "Pending" | "Rejected" | "Disconnected";
}

/** One image manifest: the digest is content-addressed from the source it came from. */
export interface Manifest {
  /** `sha256:…`, synthetic but stable. */
  digest: string;
  /** The manifest's media type. */
  mediaType: string;
  /** A made-up image size. */
  sizeBytes: number;
}

/** A repository of a registry (or of an import source). */
export interface Repository {
  /** Its name, e.g. "library/nginx". */
  name: string;
  /** tag → manifest digest */
  tags: Map<string, string>;
  /** digest → manifest (tagged or untagged) */
  manifests: Map<string, Manifest>;
}

/** An Azure Container Registry and its content. */
export interface Registry {
  /** ARM id. */
  id: string;
  /** Its subscription. */
  subscriptionId: string;
  /** Its resource group. */
  resourceGroup: string;
  /** Its name. */
  name: string;
  /** Its region, normalised. */
  location: string;
  /** Its pricing tier. */
  sku: RegistrySku;
  /** `<lowercase name>.azurecr.io` (or the cloud's suffix) */
  loginServer: string;
  /** Which roles it honours for pulls. */
  roleAssignmentMode: RoleAssignmentMode;
  /** Whether the admin user is enabled. */
  adminUserEnabled: boolean;
  /** The admin user's two passwords (`password`, `password2`); what listCredentials hands out while the admin user is enabled. */
  adminPasswords: [string, string];
  /** Object id (or email) of who created it, for `systemData`. */
  createdBy: string;
  /** ISO 8601 time of the last write, for `systemData`. */
  lastModifiedAt: string;
  /** "Disabled" refuses every pull that does not come through an approved private endpoint. */
  publicNetworkAccess: "Enabled" | "Disabled";
  /** Its firewall. */
  networkRuleSet: NetworkRuleSet;
  /** Its private endpoint connections. */
  privateEndpointConnections: PrivateEndpointConnection[];
  /** Whether anonymous pulls are allowed (stored and rendered, not used for pulls). */
  anonymousPullEnabled: boolean;
  /** "Creating" until the create operation is polled to its end, then "Succeeded". */
  provisioningState: ProvisioningState;
  /** ISO 8601 creation time. */
  creationDate: string;
  /** Azure tags. */
  tags: Record<string, string>;
  /** Its repositories, by name. */
  repositories: Map<string, Repository>;
}

/** One permission block of a role definition: what it allows, minus what it excludes. */
export interface Permission {
  /** Control-plane actions, with `*` wildcards. */
  actions: string[];
  /** Actions excluded from `actions`. */
  notActions: string[];
  /** Data-plane actions (what ABAC registries check for pulls). */
  dataActions: string[];
  /** Data actions excluded from `dataActions`. */
  notDataActions: string[];
}

/** A role definition (only built-in ones exist in the fake). */
export interface RoleDefinition {
  /** The GUID, e.g. AcrPull's 7f951dda-4ed3-4680-a7ca-43fe172d538d */
  name: string;
  /** Its display name, e.g. "AcrPull". */
  roleName: string;
  /** Azure's description of it. */
  description: string;
  /** Built-in or custom. */
  type: "BuiltInRole" | "CustomRole";
  /** What it grants. */
  permissions: Permission[];
  /** Where it may be assigned. */
  assignableScopes: string[];
}

/** A role assignment: a principal holds a role at a scope (and below). */
export interface RoleAssignment {
  /** The GUID name of the assignment. */
  name: string;
  /** Normalised ARM scope, as created (case kept). */
  scope: string;
  /** The role definition GUID. */
  roleDefinitionName: string;
  /** Object id of the principal. */
  principalId: string;
  /** The principal's type, when known. */
  principalType: PrincipalType | undefined;
  /** An ABAC condition limiting the assignment (e.g. to some repositories). */
  condition?: string;
  /** The caller's description of it. */
  description?: string;
  /** ISO 8601 creation time on the world's clock (role propagation counts from it). */
  createdOn: string;
  /** Object id of who created it. */
  createdBy: string;
}

/** A long-running ARM operation, polled through Azure-AsyncOperation or Location. */
export interface Operation {
  /** The operation id in its status URL. */
  id: string;
  /** What it does. */
  kind: "registryCreate" | "registryDelete" | "clusterCreate" | "clusterDelete" | "importImage" | "resourceGroupDelete";
  /** The resource the operation acts on. */
  resourceId: string;
  /** The subscription it runs in. */
  subscriptionId: string;
  /** Its status as polls report it. */
  status: "InProgress" | "Succeeded" | "Failed" | "Canceled";
  /** Polls still answered "in progress" before the operation completes. */
  pollsRemaining: number;
  /** When (on the world's clock, ms) the operation completes by itself; unset when only polls advance it. */
  dueAt?: number;
  /** ISO 8601 start time. */
  startTime: string;
  /** ISO 8601 end time, once it ended. */
  endTime?: string;
  /** Why it failed. */
  error?: {
    /** ARM error code. */
    code: string;
    /** Its message. */
    message: string;
  };
  /** Terminal status when `error` is set before completion (a fault rule may cancel instead). @default "Failed" */
  failStatus?: "Failed" | "Canceled";
  /** Applies the operation's effect to the world when it completes successfully. */
  complete: () => void;
  /** Status body reported while in progress (import reports per-tag progress). */
  progressBody?: Record<string, string>;
}
