import { resourceNotFound } from "../http/armErrors.js";
import { authorize } from "../http/authorize.js";
import { json } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { hasAction } from "../world/authorization.js";
import { managedClusterId } from "../world/ids.js";
import type { ManagedCluster } from "../world/types.js";
import { key } from "../world/world.js";

const TYPE = "Microsoft.ContainerService/managedClusters";
const READ = `${TYPE}/read`;

/** ARM's JSON for a managed cluster, shaped like a real GET (see arm-recordings/aks-managedcluster-get-*.json). */
export function renderManagedCluster(c: ManagedCluster): Record<string, unknown> {
  const managed = c.identityKind === "managed";
  const running = c.provisioningState === "Succeeded" || c.provisioningState === "Updating";
  return {
    id: c.id,
    location: c.location,
    name: c.name,
    type: "Microsoft.ContainerService/ManagedClusters",
    tags: c.tags,
    sku: { name: "Base", tier: "Free" },
    ...(managed ? { identity: { type: "SystemAssigned" } } : {}),
    properties: {
      provisioningState: c.provisioningState,
      powerState: { code: running ? "Running" : "Stopped" },
      kubernetesVersion: c.kubernetesVersion,
      currentKubernetesVersion: `${c.kubernetesVersion}.8`,
      dnsPrefix: c.dnsPrefix,
      fqdn: c.fqdn,
      azurePortalFQDN: c.fqdn.replace(".hcp.", ".portal.hcp."),
      agentPoolProfiles: [
        {
          name: "nodepool1",
          count: c.nodeCount,
          vmSize: c.vmSize,
          osDiskSizeGB: 128,
          osDiskType: "Managed",
          maxPods: 110,
          type: "VirtualMachineScaleSets",
          provisioningState: c.provisioningState,
          powerState: { code: running ? "Running" : "Stopped" },
          orchestratorVersion: c.kubernetesVersion,
          mode: "System",
          osType: "Linux",
          osSKU: "Ubuntu",
        },
      ],
      servicePrincipalProfile: { clientId: managed ? "msi" : (c.servicePrincipalClientId ?? "") },
      ...(managed && c.kubeletIdentity
        ? { identityProfile: { kubeletidentity: { resourceId: c.kubeletIdentity.resourceId, clientId: c.kubeletIdentity.clientId, objectId: c.kubeletIdentity.objectId } } }
        : {}),
      nodeResourceGroup: c.nodeResourceGroup,
      enableRBAC: true,
      networkProfile: { networkPlugin: "kubenet", loadBalancerSku: "standard", podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10", outboundType: "loadBalancer" },
      maxAgentPools: 100,
      disableLocalAccounts: false,
    },
  };
}

function get(ctx: RouteContext): Response {
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  const id = managedClusterId(subscriptionId, resourceGroup, name);
  const refused = authorize(ctx, READ, id);
  if (refused) return refused;
  const cluster = ctx.world.clusters.get(key(id));
  return cluster ? json(200, renderManagedCluster(cluster)) : resourceNotFound(TYPE, name, resourceGroup);
}

/** Lists the clusters of a subscription (or one of its groups) that the caller may read. */
function list(ctx: RouteContext): Response {
  const subscriptionId = (ctx.params.subscriptionId ?? "").toLowerCase();
  const resourceGroup = ctx.params.resourceGroup?.toLowerCase();
  const value = [...ctx.world.clusters.values()]
    .filter((c) => c.subscriptionId.toLowerCase() === subscriptionId)
    .filter((c) => resourceGroup === undefined || c.resourceGroup.toLowerCase() === resourceGroup)
    .filter((c) => hasAction(ctx.world, ctx.caller.objectId, c.id, READ))
    .map(renderManagedCluster);
  return json(200, { value });
}

const SUB = "^/subscriptions/(?<subscriptionId>[^/]+)";
const GROUP = `${SUB}/resourceGroups/(?<resourceGroup>[^/]+)`;
const PROVIDER = "/providers/Microsoft\\.ContainerService/managedClusters";

export const routes: Route[] = [
  { method: "GET", pattern: new RegExp(`${SUB}${PROVIDER}$`, "i"), operation: "ManagedClusters_List", handle: list },
  { method: "GET", pattern: new RegExp(`${GROUP}${PROVIDER}$`, "i"), operation: "ManagedClusters_ListByResourceGroup", handle: list },
  { method: "GET", pattern: new RegExp(`${GROUP}${PROVIDER}/(?<name>[^/]+)$`, "i"), operation: "ManagedClusters_Get", handle: get },
];
