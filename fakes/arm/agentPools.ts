/**
 * A cluster's read-only sub-resources: its agent pools (list, get) and its upgrade profile
 * (`getUpgradeProfile`). The fake's clusters have one agent pool, the one their PUT named.
 */
import { resourceNotFound } from "../http/armErrors.js";
import { authorize } from "../http/authorize.js";
import { page } from "../http/paging.js";
import { json } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { managedClusterId } from "../world/ids.js";
import type { ManagedCluster } from "../world/types.js";
import { key } from "../world/world.js";
import { agentPoolProperties, currentVersion } from "./managedClusters.js";

const TYPE = "Microsoft.ContainerService/managedClusters";

/** The cluster the route names, or the 403/404 ARM answers. */
function clusterOf(ctx: RouteContext): ManagedCluster | Response {
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  const id = managedClusterId(subscriptionId, resourceGroup, name);
  const refused = authorize(ctx, `${TYPE}/read`, id);
  if (refused) return refused;
  return ctx.world.clusters.get(key(id)) ?? resourceNotFound(TYPE, name, resourceGroup);
}

export function renderAgentPool(c: ManagedCluster): Record<string, unknown> {
  return { id: `${c.id}/agentPools/${c.agentPoolName}`, name: c.agentPoolName, type: `${TYPE}/agentPools`, properties: agentPoolProperties(c) };
}

function listPools(ctx: RouteContext): Response {
  const cluster = clusterOf(ctx);
  return cluster instanceof Response ? cluster : page(ctx, [renderAgentPool(cluster)]);
}

function getPool(ctx: RouteContext): Response {
  const cluster = clusterOf(ctx);
  if (cluster instanceof Response) return cluster;
  const pool = ctx.params.pool ?? "";
  if (pool.toLowerCase() !== cluster.agentPoolName.toLowerCase()) return resourceNotFound(`${TYPE}/agentPools`, `${cluster.name}/${pool}`, cluster.resourceGroup);
  return json(200, renderAgentPool(cluster));
}

/** The minor versions AKS offers an upgrade to: the next two, as its support window allows. */
function upgrades(version: string): { kubernetesVersion: string }[] {
  const [major = "1", minor = "0"] = version.split(".");
  return [1, 2].map((step) => ({ kubernetesVersion: `${major}.${Number(minor) + step}.${step === 1 ? "5" : "1"}` }));
}

function upgradeProfile(ctx: RouteContext): Response {
  const cluster = clusterOf(ctx);
  if (cluster instanceof Response) return cluster;
  const version = currentVersion(cluster.kubernetesVersion);
  return json(200, {
    id: `${cluster.id}/upgradeprofiles/default`,
    name: "default",
    type: `${TYPE}/upgradeprofiles`,
    properties: {
      controlPlaneProfile: { kubernetesVersion: version, osType: "Linux", upgrades: upgrades(version) },
      agentPoolProfiles: [{ name: cluster.agentPoolName, kubernetesVersion: version, osType: "Linux", upgrades: upgrades(version) }],
    },
  });
}

const CLUSTER = "^/subscriptions/(?<subscriptionId>[^/]+)/resourceGroups/(?<resourceGroup>[^/]+)/providers/Microsoft\\.ContainerService/managedClusters/(?<name>[^/]+)";

export const routes: Route[] = [
  { method: "GET", pattern: new RegExp(`${CLUSTER}/agentPools$`, "i"), operation: "AgentPools_List", handle: listPools },
  { method: "GET", pattern: new RegExp(`${CLUSTER}/agentPools/(?<pool>[^/]+)$`, "i"), operation: "AgentPools_Get", handle: getPool },
  { method: "GET", pattern: new RegExp(`${CLUSTER}/upgradeProfiles/default$`, "i"), operation: "ManagedClusters_GetUpgradeProfile", handle: upgradeProfile },
];
