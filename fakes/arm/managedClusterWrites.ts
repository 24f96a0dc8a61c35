/**
 * Managed cluster writes: create or update (PUT, long-running), delete (long-running), and the
 * credential actions that hand out a kubeconfig for the cluster's fake API server.
 */
import { resourceNotFound } from "../http/armErrors.js";
import { authorize } from "../http/authorize.js";
import { armError, json, noContent } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { kubeconfigYaml, type CredentialKind } from "../kube/kubeconfig.js";
import { kubeOf } from "../kube/store.js";
import { newCluster } from "../world/clusters.js";
import { managedClusterId } from "../world/ids.js";
import type { ManagedCluster } from "../world/types.js";
import { key } from "../world/world.js";
import { renderManagedCluster } from "./managedClusters.js";
import { asyncOperationHeaders, locationHeaders, startOperation } from "./operations.js";

const TYPE = "Microsoft.ContainerService/managedClusters";

interface ClusterBody {
  location: string;
  tags?: Record<string, string>;
  identityKind: "managed" | "servicePrincipal";
  servicePrincipalClientId?: string;
  dnsPrefix?: string;
  kubernetesVersion?: string;
  nodeCount: number;
  vmSize: string;
}

function createOrUpdate(ctx: RouteContext): Response {
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  const id = managedClusterId(subscriptionId, resourceGroup, name);
  const refused = authorize(ctx, `${TYPE}/write`, id);
  if (refused) return refused;
  const parsed = parseBody(ctx.body);
  if (parsed instanceof Response) return parsed;
  const existing = ctx.world.clusters.get(key(id));
  if (existing) return update(ctx, existing, parsed);
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,61}[a-zA-Z0-9]$/.test(name)) {
    return armError(400, "InvalidParameter", `The value of parameter resourceName '${name}' is invalid. The name can contain only letters, numbers, underscores and hyphens, must start and end with a letter or number, and be at most 63 characters.`);
  }
  const cluster = newCluster(ctx.world, {
    subscriptionId,
    resourceGroup,
    name,
    location: parsed.location,
    identity: parsed.identityKind,
    ...(parsed.servicePrincipalClientId ? { servicePrincipalClientId: parsed.servicePrincipalClientId } : {}),
    ...(parsed.dnsPrefix ? { dnsPrefix: parsed.dnsPrefix } : {}),
    ...(parsed.kubernetesVersion ? { kubernetesVersion: parsed.kubernetesVersion } : {}),
    nodeCount: parsed.nodeCount,
    vmSize: parsed.vmSize,
    provisioningState: "Creating",
    tags: parsed.tags ?? {},
  });
  const op = startOperation(ctx, { kind: "clusterCreate", resourceId: cluster.id, complete: () => (cluster.provisioningState = "Succeeded") });
  return json(201, renderManagedCluster(cluster), asyncOperationHeaders(ctx, op));
}

/** An update keeps the cluster's identity (and so every role assignment of its kubelet identity). */
function update(ctx: RouteContext, cluster: ManagedCluster, body: ClusterBody): Response {
  if (body.location.replace(/\s/g, "").toLowerCase() !== cluster.location.replace(/\s/g, "").toLowerCase()) {
    return armError(400, "LocationChangeNotAllowed", `The location of managed cluster '${cluster.name}' cannot be changed from '${cluster.location}' to '${body.location}'.`);
  }
  if (body.dnsPrefix && body.dnsPrefix !== cluster.dnsPrefix) {
    return armError(400, "PropertyChangeNotAllowed", "Changing property 'dnsPrefix' is not allowed.");
  }
  if (body.tags) cluster.tags = body.tags;
  if (body.kubernetesVersion) cluster.kubernetesVersion = body.kubernetesVersion;
  cluster.nodeCount = body.nodeCount;
  cluster.vmSize = body.vmSize;
  cluster.provisioningState = "Updating";
  const op = startOperation(ctx, { kind: "clusterCreate", resourceId: cluster.id, complete: () => (cluster.provisioningState = "Succeeded") });
  return json(200, renderManagedCluster(cluster), asyncOperationHeaders(ctx, op));
}

function remove(ctx: RouteContext): Response {
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  const id = managedClusterId(subscriptionId, resourceGroup, name);
  const refused = authorize(ctx, `${TYPE}/delete`, id);
  if (refused) return refused;
  const cluster = ctx.world.clusters.get(key(id));
  if (!cluster) return noContent();
  cluster.provisioningState = "Deleting";
  const op = startOperation(ctx, {
    kind: "clusterDelete",
    resourceId: cluster.id,
    complete: () => {
      ctx.world.clusters.delete(key(id));
      // The node resource group goes with the cluster, and with it the kubelet identity; its role
      // assignments stay behind, orphaned, as in Azure.
      const kubelet = cluster.kubeletIdentity && ctx.world.principals.get(key(cluster.kubeletIdentity.objectId));
      if (kubelet) kubelet.deleted = true;
    },
  });
  return new Response(null, { status: 202, headers: locationHeaders(ctx, op) });
}

function credentials(kind: CredentialKind) {
  const action = kind === "clusterAdmin" ? "listClusterAdminCredential" : "listClusterUserCredential";
  return (ctx: RouteContext): Response => {
    const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
    const id = managedClusterId(subscriptionId, resourceGroup, name);
    const refused = authorize(ctx, `${TYPE}/${action}/action`, id);
    if (refused) return refused;
    const cluster = ctx.world.clusters.get(key(id));
    if (!cluster) return resourceNotFound(TYPE, name, resourceGroup);
    const yaml = kubeconfigYaml(kubeOf(ctx.world, cluster), kind, ctx.origin);
    return json(200, { kubeconfigs: [{ name: kind, value: Buffer.from(yaml).toString("base64") }] });
  };
}

function parseBody(body: unknown): ClusterBody | Response {
  const invalid = (message: string) => armError(400, "InvalidParameter", message);
  if (!isRecord(body)) return armError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: the body must be a managed cluster object.");
  const location = body["location"];
  if (typeof location !== "string" || !location.trim()) return armError(400, "LocationRequired", "The location property is required for this definition.");
  const properties = isRecord(body["properties"]) ? body["properties"] : {};
  const identity = isRecord(body["identity"]) ? body["identity"] : undefined;
  const spProfile = isRecord(properties["servicePrincipalProfile"]) ? properties["servicePrincipalProfile"] : undefined;
  const spClientId = typeof spProfile?.["clientId"] === "string" && spProfile["clientId"] !== "msi" ? spProfile["clientId"] : undefined;
  let identityKind: ClusterBody["identityKind"];
  if (identity) {
    if (identity["type"] !== "SystemAssigned" && identity["type"] !== "UserAssigned") {
      return invalid(`The value of parameter identity.type is invalid: '${String(identity["type"])}'. Allowed values are 'SystemAssigned' and 'UserAssigned'.`);
    }
    identityKind = "managed";
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
  const dnsPrefix = properties["dnsPrefix"];
  if (dnsPrefix !== undefined && (typeof dnsPrefix !== "string" || !/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/.test(dnsPrefix))) {
    return invalid(`The value of parameter dnsPrefix is invalid: ${JSON.stringify(dnsPrefix)}. It can contain only letters, numbers and hyphens, must start and end with a letter or number, and be 1 to 54 characters long.`);
  }
  const kubernetesVersion = properties["kubernetesVersion"];
  return {
    location,
    ...(isRecord(body["tags"]) ? { tags: body["tags"] as Record<string, string> } : {}),
    identityKind,
    ...(identityKind === "servicePrincipal" && spClientId ? { servicePrincipalClientId: spClientId } : {}),
    ...(typeof dnsPrefix === "string" ? { dnsPrefix } : {}),
    ...(typeof kubernetesVersion === "string" ? { kubernetesVersion } : {}),
    nodeCount: count,
    vmSize,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const CLUSTER = "^/subscriptions/(?<subscriptionId>[^/]+)/resourceGroups/(?<resourceGroup>[^/]+)/providers/Microsoft\\.ContainerService/managedClusters/(?<name>[^/]+)";

export const routes: Route[] = [
  { method: "PUT", pattern: new RegExp(`${CLUSTER}$`, "i"), operation: "ManagedClusters_CreateOrUpdate", handle: createOrUpdate },
  { method: "DELETE", pattern: new RegExp(`${CLUSTER}$`, "i"), operation: "ManagedClusters_Delete", handle: remove },
  { method: "POST", pattern: new RegExp(`${CLUSTER}/listClusterUserCredential$`, "i"), operation: "ManagedClusters_ListClusterUserCredentials", handle: credentials("clusterUser") },
  { method: "POST", pattern: new RegExp(`${CLUSTER}/listClusterAdminCredential$`, "i"), operation: "ManagedClusters_ListClusterAdminCredentials", handle: credentials("clusterAdmin") },
];
