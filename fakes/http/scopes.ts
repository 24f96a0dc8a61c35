import { key, type World } from "../world/world.js";
import { resourceNotFound } from "./armErrors.js";

const TRACKED = /^(\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/(Microsoft\.ContainerService\/managedClusters|Microsoft\.ContainerRegistry\/registries)\/([^/]+))(\/|$)/i;

/**
 * The 404 ARM answers when a scope names a cluster or registry the world does not hold. Subscriptions
 * and resource groups are checked by the dispatcher; resource types the fake does not model (subnets,
 * key vaults) are taken to exist.
 */
export function missingResourceAt(world: World, scope: string): Response | undefined {
  const match = TRACKED.exec(scope);
  if (!match) return undefined;
  const [, id = "", resourceGroup = "", type = "", name = ""] = match;
  const isCluster = type.toLowerCase().startsWith("microsoft.containerservice");
  const exists = isCluster ? world.clusters.has(key(id)) : world.registries.has(key(id));
  return exists ? undefined : resourceNotFound(isCluster ? "Microsoft.ContainerService/managedClusters" : "Microsoft.ContainerRegistry/registries", name, resourceGroup);
}
