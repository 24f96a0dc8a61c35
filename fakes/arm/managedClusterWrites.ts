/**
 * Managed cluster writes: create or update (PUT, long-running), update tags (PATCH, long-running),
 * delete (long-running), and the credential actions that hand out a kubeconfig for the cluster's
 * fake API server. A write to a cluster with an operation in progress answers 409
 * OperationNotAllowed, as AKS does.
 */
import { resourceNotFound } from "../http/armErrors.js";
import { authorize } from "../http/authorize.js";
import { armError, json, noContent } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { kubeconfigYaml, type CredentialKind } from "../kube/kubeconfig.js";
import { kubeOf } from "../kube/store.js";
import { deleteCluster, newCluster } from "../world/clusters.js";
import { findUserAssignedIdentity } from "../world/identities.js";
import { managedClusterId, newGuid } from "../world/ids.js";
import type { ManagedCluster } from "../world/types.js";
import { key } from "../world/world.js";
import { type ClusterBody, isRecord, parseClusterBody } from "./managedClusterBody.js";
import { renderManagedCluster } from "./managedClusters.js";
import { asyncOperationHeaders, locationHeaders, startOperation } from "./operations.js";

const TYPE = "Microsoft.ContainerService/managedClusters";

function idOf(ctx: RouteContext): string {
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  return managedClusterId(subscriptionId, resourceGroup, name);
}

/** AKS's 409 for a write while another operation on the cluster runs (its create, an update, a delete). */
function operationInProgress(ctx: RouteContext, cluster: ManagedCluster): Response | undefined {
  const state = cluster.provisioningState;
  if (state !== "Creating" && state !== "Updating" && state !== "Deleting") return undefined;
  const running = [...ctx.world.operations.values()].find((op) => op.status === "InProgress" && key(op.resourceId) === key(cluster.id));
  const verb = { Creating: "create", Updating: "update", Deleting: "delete" }[state];
  return armError(
    409,
    "OperationNotAllowed",
    `Operation is not allowed because there's an in progress ${verb} managed cluster operation${running ? ` started at ${running.startTime}` : ""}. Please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
  );
}

function createOrUpdate(ctx: RouteContext): Response {
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  const id = idOf(ctx);
  const refused = authorize(ctx, `${TYPE}/write`, id);
  if (refused) return refused;
  const existing = ctx.world.clusters.get(key(id));
  const busy = existing && operationInProgress(ctx, existing);
  if (busy) return busy;
  const parsed = parseClusterBody(ctx.world, ctx.body, existing);
  if (parsed instanceof Response) return parsed;
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
    ...(parsed.userAssignedIdentities ? { userAssignedIdentities: parsed.userAssignedIdentities } : {}),
    ...(parsed.kubeletIdentity ? { kubeletIdentity: parsed.kubeletIdentity } : {}),
    ...(parsed.servicePrincipalClientId ? { servicePrincipalClientId: parsed.servicePrincipalClientId } : {}),
    ...(parsed.dnsPrefix ? { dnsPrefix: parsed.dnsPrefix } : {}),
    ...(parsed.kubernetesVersion ? { kubernetesVersion: parsed.kubernetesVersion } : {}),
    ...(parsed.agentPoolName ? { agentPoolName: parsed.agentPoolName } : {}),
    nodeCount: parsed.nodeCount,
    vmSize: parsed.vmSize,
    provisioningState: "Creating",
    tags: parsed.tags ?? {},
  });
  const op = startOperation(ctx, { kind: "clusterCreate", resourceId: cluster.id, complete: () => (cluster.provisioningState = "Succeeded") });
  return json(201, renderManagedCluster(cluster), asyncOperationHeaders(ctx, op));
}

/**
 * An update keeps the cluster's control-plane identity (and so every role assignment it holds); a
 * kubelet identity naming another user-assigned identity switches the kubelet to it, as
 * `az aks update --assign-kubelet-identity` does.
 */
function update(ctx: RouteContext, cluster: ManagedCluster, body: ClusterBody): Response {
  if (body.location.replace(/\s/g, "").toLowerCase() !== cluster.location.replace(/\s/g, "").toLowerCase()) {
    return armError(400, "LocationChangeNotAllowed", `The location of managed cluster '${cluster.name}' cannot be changed from '${cluster.location}' to '${body.location}'.`);
  }
  if (body.dnsPrefix && body.dnsPrefix !== cluster.dnsPrefix) {
    return armError(400, "PropertyChangeNotAllowed", "Changing property 'dnsPrefix' is not allowed.");
  }
  const kubelet = body.kubeletIdentity && findUserAssignedIdentity(ctx.world, body.kubeletIdentity.resourceId);
  if (kubelet && key(kubelet.id) !== key(cluster.kubeletIdentity?.resourceId ?? "")) {
    cluster.kubeletIdentity = { resourceId: body.kubeletIdentity?.resourceId ?? kubelet.id, clientId: kubelet.clientId, objectId: kubelet.principalId };
    cluster.kubeletIdentityManaged = false;
  }
  if (body.tags) cluster.tags = body.tags;
  if (body.kubernetesVersion) cluster.kubernetesVersion = body.kubernetesVersion;
  cluster.nodeCount = body.nodeCount;
  cluster.vmSize = body.vmSize;
  return startUpdate(ctx, cluster);
}

function startUpdate(ctx: RouteContext, cluster: ManagedCluster): Response {
  cluster.provisioningState = "Updating";
  cluster.eTag = newGuid();
  const op = startOperation(ctx, { kind: "clusterCreate", resourceId: cluster.id, complete: () => (cluster.provisioningState = "Succeeded") });
  return json(200, renderManagedCluster(cluster), asyncOperationHeaders(ctx, op));
}

/** `PATCH` with `{ tags }`: ManagedClusters_UpdateTags, long-running like every AKS write. */
function updateTags(ctx: RouteContext): Response {
  const { resourceGroup = "", name = "" } = ctx.params;
  const id = idOf(ctx);
  const refused = authorize(ctx, `${TYPE}/write`, id);
  if (refused) return refused;
  const cluster = ctx.world.clusters.get(key(id));
  if (!cluster) return resourceNotFound(TYPE, name, resourceGroup);
  const busy = operationInProgress(ctx, cluster);
  if (busy) return busy;
  const tags = isRecord(ctx.body) ? ctx.body["tags"] : undefined;
  if (tags !== undefined && (!isRecord(tags) || Object.values(tags).some((v) => typeof v !== "string"))) {
    return armError(400, "InvalidParameter", "The value of parameter tags is invalid: tags must be an object of string values.");
  }
  cluster.tags = (tags as Record<string, string> | undefined) ?? {};
  return startUpdate(ctx, cluster);
}

function remove(ctx: RouteContext): Response {
  const id = idOf(ctx);
  const refused = authorize(ctx, `${TYPE}/delete`, id);
  if (refused) return refused;
  const cluster = ctx.world.clusters.get(key(id));
  if (!cluster) return noContent();
  cluster.provisioningState = "Deleting";
  const op = startOperation(ctx, { kind: "clusterDelete", resourceId: cluster.id, complete: () => deleteCluster(ctx.world, cluster) });
  return new Response(null, { status: 202, headers: locationHeaders(ctx, op) });
}

function credentials(kind: CredentialKind) {
  const action = kind === "clusterAdmin" ? "listClusterAdminCredential" : "listClusterUserCredential";
  return (ctx: RouteContext): Response => {
    const { resourceGroup = "", name = "" } = ctx.params;
    const id = idOf(ctx);
    const refused = authorize(ctx, `${TYPE}/${action}/action`, id);
    if (refused) return refused;
    const cluster = ctx.world.clusters.get(key(id));
    if (!cluster) return resourceNotFound(TYPE, name, resourceGroup);
    const yaml = kubeconfigYaml(kubeOf(ctx.world, cluster), kind, ctx.origin);
    return json(200, { kubeconfigs: [{ name: kind, value: Buffer.from(yaml).toString("base64") }] });
  };
}

const CLUSTER = "^/subscriptions/(?<subscriptionId>[^/]+)/resourceGroups/(?<resourceGroup>[^/]+)/providers/Microsoft\\.ContainerService/managedClusters/(?<name>[^/]+)";

export const routes: Route[] = [
  { method: "PUT", pattern: new RegExp(`${CLUSTER}$`, "i"), operation: "ManagedClusters_CreateOrUpdate", handle: createOrUpdate },
  { method: "PATCH", pattern: new RegExp(`${CLUSTER}$`, "i"), operation: "ManagedClusters_UpdateTags", handle: updateTags },
  { method: "DELETE", pattern: new RegExp(`${CLUSTER}$`, "i"), operation: "ManagedClusters_Delete", handle: remove },
  { method: "POST", pattern: new RegExp(`${CLUSTER}/listClusterUserCredential$`, "i"), operation: "ManagedClusters_ListClusterUserCredentials", handle: credentials("clusterUser") },
  { method: "POST", pattern: new RegExp(`${CLUSTER}/listClusterAdminCredential$`, "i"), operation: "ManagedClusters_ListClusterAdminCredentials", handle: credentials("clusterAdmin") },
];
