import type { RoleAssignmentMode } from "../roles.js";

/** Options of every resolver. */
export interface ResolveOptions {
  /** What the caller is doing, for error messages: "attach registry myacr to cluster aks". */
  operation: string;
  signal?: AbortSignal;
}

/** Who pulls images for a cluster's nodes, and why that identity. */
export type Puller =
  | {
      kind: "kubeletIdentity";
      objectId: string;
      clientId: string;
      /** ARM id of the user-assigned identity the kubelet runs as. */
      resourceId: string;
      reason: string;
    }
  | {
      kind: "servicePrincipal";
      clientId: string;
      /** Unknown until resolved through Microsoft Graph ({@link resolveServicePrincipalObjectId}). */
      objectId?: string;
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
  /** The registry JSON as ARM returned it. */
  raw: Record<string, unknown>;
}
