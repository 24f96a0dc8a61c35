import { runCheck, type CheckOptions, type CheckReport } from "../check/index.js";
import type { Context } from "../context.js";
import { parseClusterRef, parseRegistryRef, type ClusterRefInput, type RegistryRefInput } from "../ids.js";
import { attach } from "./attach.js";
import { detach } from "./detach.js";
import { list } from "./list.js";
import type { AttachOptions, AttachResult, DetachOptions, DetachResult, ListOptions, ListResult } from "./types.js";

/** What `az aks update --attach-acr / --detach-acr` does, for one cluster. */
export interface Integration {
  /** Lets the cluster pull from the registry (a name, login server, ARM id or `{ subscriptionId?, resourceGroup?, name }`). */
  attach(registry: RegistryRefInput, options?: AttachOptions): Promise<AttachResult>;
  /** Removes the cluster's pull roles at the registry and reports what still grants pull. */
  detach(registry: RegistryRefInput, options?: DetachOptions): Promise<DetachResult>;
  /** The registries the cluster's identity holds pull roles on, and whether each is effective. */
  list(options?: ListOptions): Promise<ListResult>;
  /** What `az aks check-acr` tries to do: named checks, each pass / warn / fail / skipped with a fix. */
  check(registry: RegistryRefInput, options?: CheckOptions): Promise<CheckReport>;
}

/** The integration of one cluster with registries; references are validated on each call, before any request. */
export function createIntegration(ctx: Context, cluster: ClusterRefInput): Integration {
  return {
    attach: async (registry, options) => attach(ctx, parseClusterRef(cluster), parseRegistryRef(registry, ctx.cloud), options),
    detach: async (registry, options) => detach(ctx, parseClusterRef(cluster), parseRegistryRef(registry, ctx.cloud), options),
    list: async (options) => list(ctx, parseClusterRef(cluster), options),
    check: async (registry, options) => runCheck(ctx, cluster, registry, options),
  };
}

export { assignmentName } from "./assignment-name.js";
export type {
  AssignmentSummary,
  AttachOptions,
  AttachResult,
  DetachOptions,
  DetachResult,
  ListOptions,
  ListResult,
  PrincipalSummary,
  PrincipalWaitOptions,
  RegistryAccess,
  RegistryGrant,
  RegistrySummary,
} from "./types.js";
