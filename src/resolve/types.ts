import type { RoleAssignmentMode } from "../roles.js";
import type { LookupMethod } from "./resourceGraph.js";

/** Options of every resolver. */
export interface ResolveOptions {
  /** What the caller is doing, for error messages: "attach registry myacr to cluster aks". */
  operation: string;
  abortSignal?: AbortSignal;
  /**
   * Subscriptions whose tenant the caller checks next (the cluster's, for the same-tenant check):
   * a Resource Graph lookup reads them in the same request. @default the client's subscription
   */
  tenantsOf?: readonly string[];
}

/** Who pulls images for a cluster's nodes, and why that identity. */
export type Puller =
  | {
      /** The kubelet's managed identity (managed-identity clusters). */
      kind: "kubeletIdentity";
      /** Its Entra ID object id: what role assignments name. */
      objectId: string;
      /** Its application (client) id. */
      clientId: string;
      /** ARM id of the user-assigned identity the kubelet runs as. */
      resourceId: string;
      /** Why this identity, in a sentence. */
      reason: string;
    }
  | {
      /** The cluster's service principal (older clusters). */
      kind: "servicePrincipal";
      /** Its application (client) id, as the cluster records it. */
      clientId: string;
      /** Unknown until resolved through Microsoft Graph. */
      objectId?: string;
      /** Why this identity, in a sentence. */
      reason: string;
    };

/** A managed cluster, read with one GET. */
export interface ClusterInfo {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  provisioningState: string;
  /** API server host name; undefined for private clusters without a public FQDN. */
  fqdn: string | undefined;
  puller: Puller;
  /** The managedCluster JSON as ARM returned it. */
  raw: Record<string, unknown>;
}

/** A container registry, found by id, name, login server or parts. */
export interface RegistryInfo {
  /** ARM id of the registry. */
  id: string;
  /** Its subscription. */
  subscriptionId: string;
  /** Its resource group. */
  resourceGroup: string;
  /** Its name. */
  name: string;
  /** Its login server, e.g. `myacr.azurecr.io`. */
  loginServer: string;
  /** Its Azure region, e.g. "westeurope". */
  location: string;
  /** Its pricing tier: "Basic", "Standard" or "Premium". */
  sku: string;
  /** Which roles the registry honours for pulls (ARM omits the property on older registries: Legacy). */
  roleAssignmentMode: RoleAssignmentMode;
  /** The registry JSON as ARM (or Resource Graph) returned it. */
  raw: Record<string, unknown>;
  /** Its subscription's tenant, when the answer told it (Resource Graph rows do). */
  tenantId?: string;
  /** How a name or login server was found; unset when the registry was read by id. */
  lookup?: LookupMethod;
  /**
   * The AcrPull and Container Registry Repository Reader assignments at the registry, when a
   * Resource Graph lookup brought them in the same request (so attach by name can find the pair's
   * grant without a further read). Resource Graph trails ARM by seconds after a write.
   */
  pullAssignments?: PullAssignmentRow[];
}

/** A role assignment as Resource Graph renders it (`authorizationresources`). */
export interface PullAssignmentRow {
  /** ARM id. */
  id?: string;
  /** GUID name. */
  name?: string;
  /** As ARM renders them. */
  properties?: {
    /** The role's full roleDefinitionId. */
    roleDefinitionId?: string;
    /** Object id of the principal it grants. */
    principalId?: string;
    /** "ServicePrincipal", "User", "Group", or "Unknown" for a deleted principal. */
    principalType?: string;
    /** Where it is assigned. */
    scope?: string;
  };
}
