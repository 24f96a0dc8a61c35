export { resolveCluster } from "./cluster.js";
export { resolveRegistry } from "./registry.js";
export { resolveServicePrincipalObjectId } from "./principal.js";
export { listRegistries } from "./registry-list.js";
export { subscriptionTenant, visibleSubscriptions } from "./subscriptions.js";
export type { ClusterInfo, Puller, RegistryInfo, ResolveOptions } from "./types.js";
export { findPullAccess, type PullAccessAnswer } from "./pullAccess.js";
export { queryResourceGraph, type LookupMethod } from "./resourceGraph.js";
