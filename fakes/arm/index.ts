import type { Route } from "../http/route.js";
import { routes as agentPools } from "./agentPools.js";
import { routes as importImage } from "./importImage.js";
import { routes as managedClusters } from "./managedClusters.js";
import { routes as managedClusterWrites } from "./managedClusterWrites.js";
import { operationRoutes as operations } from "./operations.js";
import { routes as permissions } from "./permissions.js";
import { routes as registries } from "./registries.js";
import { routes as registryCredentials } from "./registryCredentials.js";
import { routes as resourceGraph } from "./resourceGraph.js";
import { routes as resources } from "./resources.js";
import { routes as roleAssignments } from "./roleAssignments.js";
import { routes as roleDefinitions } from "./roleDefinitions.js";
import { routes as subscriptions } from "./subscriptions.js";
import { routes as userAssignedIdentities } from "./userAssignedIdentities.js";

/**
 * Every ARM operation the fake serves. Each module exports its `routes`; add a module's array here
 * to serve it. Patterns are anchored, so order only matters between patterns that overlap.
 */
export const armRoutes: Route[] = [
  ...subscriptions,
  ...resources,
  ...resourceGraph,
  ...managedClusters,
  ...managedClusterWrites,
  ...agentPools,
  ...roleAssignments,
  ...roleDefinitions,
  ...permissions,
  ...registries,
  ...registryCredentials,
  ...importImage,
  ...userAssignedIdentities,
  ...operations,
];
