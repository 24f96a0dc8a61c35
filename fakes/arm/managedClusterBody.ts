/** Reads and validates the body of a managed cluster PUT, as AKS does before it starts the operation. */
import { armError } from "../http/respond.js";
import type { KubeletIdentityInput } from "../world/clusters.js";
import { findUserAssignedIdentity } from "../world/identities.js";
import type { World } from "../world/world.js";
import type { ManagedCluster } from "../world/types.js";

export interface ClusterBody {
  location: string;
  tags?: Record<string, string>;
  identityKind: "managed" | "servicePrincipal";
  /** ARM ids of the user-assigned control-plane identities (`identity.type: UserAssigned`). */
  userAssignedIdentities?: string[];
  /** The caller's `identityProfile.kubeletidentity`. */
  kubeletIdentity?: KubeletIdentityInput;
  servicePrincipalClientId?: string;
  dnsPrefix?: string;
  kubernetesVersion?: string;
  agentPoolName?: string;
  nodeCount: number;
  vmSize: string;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const invalid = (message: string) => armError(400, "InvalidParameter", message);

function readIdentity(world: World, identity: Record<string, unknown>): Pick<ClusterBody, "userAssignedIdentities"> | Response {
  if (identity["type"] !== "SystemAssigned" && identity["type"] !== "UserAssigned") {
    return invalid(`The value of parameter identity.type is invalid: '${String(identity["type"])}'. Allowed values are 'SystemAssigned' and 'UserAssigned'.`);
  }
  if (identity["type"] === "SystemAssigned") return {};
  const ids = Object.keys(isRecord(identity["userAssignedIdentities"]) ? identity["userAssignedIdentities"] : {});
  if (ids.length !== 1) return invalid("The value of parameter identity.userAssignedIdentities is invalid: exactly one user-assigned identity is required when identity.type is 'UserAssigned'.");
  const missing = ids.find((id) => !findUserAssignedIdentity(world, id));
  if (missing) return invalid(`The user-assigned identity '${missing}' in identity.userAssignedIdentities was not found.`);
  return { userAssignedIdentities: ids };
}

function readKubelet(world: World, properties: Record<string, unknown>, userAssigned: boolean, existing: ManagedCluster | undefined): { kubeletIdentity?: KubeletIdentityInput } | Response {
  const profile = isRecord(properties["identityProfile"]) ? properties["identityProfile"] : undefined;
  const kubelet = profile && isRecord(profile["kubeletidentity"]) ? profile["kubeletidentity"] : undefined;
  if (!kubelet) return {};
  const resourceId = kubelet["resourceId"];
  if (typeof resourceId !== "string" || !resourceId) return invalid("The value of parameter identityProfile.kubeletidentity.resourceId is invalid: a user-assigned identity's resource id is required.");
  // A full-cluster PUT (as `az aks update` sends) echoes the kubelet identity AKS made; AKS accepts
  // that on any cluster, and refuses only a new custom one on a system-assigned control plane.
  if (existing?.kubeletIdentity && existing.kubeletIdentity.resourceId.toLowerCase() === resourceId.toLowerCase()) return {};
  if (!userAssigned) return invalid("A custom kubelet identity (identityProfile.kubeletidentity) requires identity.type 'UserAssigned' for the control plane.");
  const clientId = typeof kubelet["clientId"] === "string" ? kubelet["clientId"] : undefined;
  const objectId = typeof kubelet["objectId"] === "string" ? kubelet["objectId"] : undefined;
  if (!findUserAssignedIdentity(world, resourceId) && !(clientId && objectId)) {
    return invalid(`The user-assigned identity '${resourceId}' in identityProfile.kubeletidentity was not found.`);
  }
  return { kubeletIdentity: { resourceId, ...(clientId ? { clientId } : {}), ...(objectId ? { objectId } : {}) } };
}

/** `existing` is the cluster an update replaces, whose own kubelet identity a PUT may echo. */
export function parseClusterBody(world: World, body: unknown, existing?: ManagedCluster): ClusterBody | Response {
  if (!isRecord(body)) return armError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: the body must be a managed cluster object.");
  const location = body["location"];
  if (typeof location !== "string" || !location.trim()) return armError(400, "LocationRequired", "The location property is required for this definition.");
  const properties = isRecord(body["properties"]) ? body["properties"] : {};
  const identity = isRecord(body["identity"]) ? body["identity"] : undefined;
  const spProfile = isRecord(properties["servicePrincipalProfile"]) ? properties["servicePrincipalProfile"] : undefined;
  const spClientId = typeof spProfile?.["clientId"] === "string" && spProfile["clientId"] !== "msi" ? spProfile["clientId"] : undefined;
  let identityKind: ClusterBody["identityKind"];
  let identities: Pick<ClusterBody, "userAssignedIdentities" | "kubeletIdentity"> = {};
  if (identity) {
    const control = readIdentity(world, identity);
    if (control instanceof Response) return control;
    const kubelet = readKubelet(world, properties, control.userAssignedIdentities !== undefined, existing);
    if (kubelet instanceof Response) return kubelet;
    identityKind = "managed";
    identities = { ...control, ...kubelet };
  } else if (spClientId) {
    identityKind = "servicePrincipal";
  } else {
    return invalid("Either 'identity' or 'properties.servicePrincipalProfile' (with a clientId other than 'msi') must be specified.");
  }
  const pools = Array.isArray(properties["agentPoolProfiles"]) ? properties["agentPoolProfiles"].filter(isRecord) : [];
  const pool = pools[0];
  if (!pool) return invalid("The value of parameter agentPoolProfiles is invalid: at least one agent pool is required.");
  const count = pool["count"] ?? 1;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > 1000) {
    return invalid(`The value of parameter agentPoolProfile.count is invalid: ${JSON.stringify(count)}. It must be an integer between 0 and 1000.`);
  }
  const vmSize = pool["vmSize"] ?? "Standard_DS2_v2";
  if (typeof vmSize !== "string" || !/^Standard_[A-Za-z0-9_]+$/.test(vmSize)) return invalid(`The value of parameter agentPoolProfile.vmSize is invalid: ${JSON.stringify(vmSize)}.`);
  const poolName = pool["name"];
  if (poolName !== undefined && (typeof poolName !== "string" || !/^[a-z][a-z0-9]{0,11}$/.test(poolName))) {
    return invalid(`The value of parameter agentPoolProfile.name is invalid: ${JSON.stringify(poolName)}. It must start with a lowercase letter and contain only lowercase letters and numbers, at most 12 characters.`);
  }
  const dnsPrefix = properties["dnsPrefix"];
  if (dnsPrefix !== undefined && (typeof dnsPrefix !== "string" || !/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/.test(dnsPrefix))) {
    return invalid(`The value of parameter dnsPrefix is invalid: ${JSON.stringify(dnsPrefix)}. It can contain only letters, numbers and hyphens, must start and end with a letter or number, and be 1 to 54 characters long.`);
  }
  const kubernetesVersion = properties["kubernetesVersion"];
  return {
    location,
    ...(isRecord(body["tags"]) ? { tags: body["tags"] as Record<string, string> } : {}),
    identityKind,
    ...identities,
    ...(identityKind === "servicePrincipal" && spClientId ? { servicePrincipalClientId: spClientId } : {}),
    ...(typeof dnsPrefix === "string" ? { dnsPrefix } : {}),
    ...(typeof kubernetesVersion === "string" ? { kubernetesVersion } : {}),
    ...(typeof poolName === "string" ? { agentPoolName: poolName } : {}),
    nodeCount: count,
    vmSize,
  };
}
