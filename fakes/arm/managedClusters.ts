import { createHash } from "node:crypto";
import { resourceNotFound } from "../http/armErrors.js";
import { authorize } from "../http/authorize.js";
import { page } from "../http/paging.js";
import { json } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { hasAction } from "../world/authorization.js";
import { managedClusterId } from "../world/ids.js";
import type { ManagedCluster } from "../world/types.js";
import { key } from "../world/world.js";

const TYPE = "Microsoft.ContainerService/managedClusters";
const READ = `${TYPE}/read`;

const isRunning = (c: ManagedCluster): boolean => c.provisioningState === "Succeeded" || c.provisioningState === "Updating";

/** The patch version AKS runs for a `major.minor` version (a full version is kept as given). */
export const currentVersion = (version: string): string => (version.split(".").length >= 3 ? version : `${version}.8`);

/** The properties of the cluster's agent pool, as AKS renders them in `agentPoolProfiles` and agentPools (as in the Azure CLI's recorded sessions). */
export function agentPoolProperties(c: ManagedCluster): Record<string, unknown> {
  return {
    count: c.nodeCount,
    vmSize: c.vmSize,
    osDiskSizeGB: 128,
    osDiskType: "Managed",
    kubeletDiskType: "OS",
    workloadRuntime: "OCIContainer",
    maxPods: 250,
    type: "VirtualMachineScaleSets",
    enableAutoScaling: false,
    scaleDownMode: "Delete",
    provisioningState: c.provisioningState,
    powerState: { code: isRunning(c) ? "Running" : "Stopped" },
    orchestratorVersion: c.kubernetesVersion,
    currentOrchestratorVersion: currentVersion(c.kubernetesVersion),
    enableNodePublicIP: false,
    enableCustomCATrust: false,
    mode: "System",
    enableEncryptionAtHost: false,
    enableUltraSSD: false,
    osType: "Linux",
    osSKU: "Ubuntu",
    nodeImageVersion: "AKSUbuntu-2204gen2containerd-202505.14.0",
    upgradeSettings: { maxSurge: "10%", maxUnavailable: "0" },
    enableFIPS: false,
    networkProfile: {},
    securityProfile: { sshAccess: "LocalUser", enableVTPM: false, enableSecureBoot: false },
    eTag: c.eTag,
  };
}

/** AKS names the managed outbound IP with a GUID; a stable one per cluster here. */
function outboundIpName(c: ManagedCluster): string {
  const hex = createHash("sha1").update(`${key(c.id)}/outbound`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function renderIdentity(c: ManagedCluster): Record<string, unknown> | undefined {
  const identity = c.identity;
  if (!identity) return undefined;
  if (identity.type === "UserAssigned") return { type: "UserAssigned", userAssignedIdentities: identity.userAssignedIdentities ?? {} };
  return { type: "SystemAssigned", principalId: identity.principalId, tenantId: identity.tenantId };
}

/** ARM's JSON for a managed cluster, shaped like a real GET (as the Azure CLI's recorded sessions show). */
export function renderManagedCluster(c: ManagedCluster): Record<string, unknown> {
  const managed = c.identityKind === "managed";
  const identity = renderIdentity(c);
  return {
    id: c.id,
    location: c.location,
    name: c.name,
    type: "Microsoft.ContainerService/ManagedClusters",
    kind: "Base",
    ...(Object.keys(c.tags).length > 0 ? { tags: c.tags } : {}),
    properties: {
      provisioningState: c.provisioningState,
      powerState: { code: isRunning(c) ? "Running" : "Stopped" },
      kubernetesVersion: c.kubernetesVersion,
      currentKubernetesVersion: currentVersion(c.kubernetesVersion),
      dnsPrefix: c.dnsPrefix,
      fqdn: c.fqdn,
      azurePortalFQDN: c.fqdn.replace(".hcp.", ".portal.hcp."),
      agentPoolProfiles: [{ name: c.agentPoolName, ...agentPoolProperties(c) }],
      servicePrincipalProfile: { clientId: managed ? "msi" : (c.servicePrincipalClientId ?? "") },
      nodeResourceGroup: c.nodeResourceGroup,
      enableRBAC: true,
      supportPlan: "KubernetesOfficial",
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkPolicy: "none",
        networkDataplane: "azure",
        loadBalancerSku: "standard",
        loadBalancerProfile: {
          managedOutboundIPs: { count: 1 },
          effectiveOutboundIPs: [{ id: `/subscriptions/${c.subscriptionId}/resourceGroups/${c.nodeResourceGroup}/providers/Microsoft.Network/publicIPAddresses/${outboundIpName(c)}` }],
          backendPoolType: "nodeIPConfiguration",
        },
        podCidr: "10.244.0.0/16",
        serviceCidr: "10.0.0.0/16",
        dnsServiceIP: "10.0.0.10",
        outboundType: "loadBalancer",
        podCidrs: ["10.244.0.0/16"],
        serviceCidrs: ["10.0.0.0/16"],
        ipFamilies: ["IPv4"],
      },
      maxAgentPools: 100,
      ...(managed && c.kubeletIdentity
        ? { identityProfile: { kubeletidentity: { resourceId: c.kubeletIdentity.resourceId, clientId: c.kubeletIdentity.clientId, objectId: c.kubeletIdentity.objectId } } }
        : {}),
      autoUpgradeProfile: { nodeOSUpgradeChannel: "NodeImage" },
      disableLocalAccounts: false,
      securityProfile: {},
      storageProfile: { diskCSIDriver: { enabled: true, version: "v1" }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
      oidcIssuerProfile: { enabled: false },
      workloadAutoScalerProfile: {},
      metricsProfile: { costAnalysis: { enabled: false } },
      resourceUID: createHash("sha1").update(key(c.id)).digest("hex").slice(0, 24),
    },
    ...(identity ? { identity } : {}),
    sku: { name: "Base", tier: "Free" },
    eTag: c.eTag,
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
  return page(ctx, value);
}

const SUB = "^/subscriptions/(?<subscriptionId>[^/]+)";
const GROUP = `${SUB}/resourceGroups/(?<resourceGroup>[^/]+)`;
const PROVIDER = "/providers/Microsoft\\.ContainerService/managedClusters";

export const routes: Route[] = [
  { method: "GET", pattern: new RegExp(`${SUB}${PROVIDER}$`, "i"), operation: "ManagedClusters_List", handle: list },
  { method: "GET", pattern: new RegExp(`${GROUP}${PROVIDER}$`, "i"), operation: "ManagedClusters_ListByResourceGroup", handle: list },
  { method: "GET", pattern: new RegExp(`${GROUP}${PROVIDER}/(?<name>[^/]+)$`, "i"), operation: "ManagedClusters_Get", handle: get },
];
