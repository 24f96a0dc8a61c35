import { runCheck, type CheckOptions, type CheckReport } from "../check/index.js";
import type { Context } from "../context.js";
import { parseClusterRef, parseRegistryRef, type ClusterRefInput, type RegistryRefInput } from "../ids.js";
import { attach } from "./attach.js";
import { detach } from "./detach.js";
import { list } from "./list.js";
import { removeOrphans } from "./orphans.js";
import { assertRegistryList, sync } from "./sync.js";
import type {
  AttachOptions,
  AttachResult,
  DetachOptions,
  DetachResult,
  ListOptions,
  ListResult,
  RemoveOrphansOptions,
  RemoveOrphansResult,
  SyncOptions,
  SyncResult,
} from "./types.js";
import { traced } from "../arm/tracing.js";

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
  /**
   * Makes the registries the cluster pulls from match `registries`: attaches what is missing,
   * replaces stale grants, and with `prune` detaches pull grants on registries not listed. Returns
   * the plan and, unless `dryRun`, the outcome; a second run plans nothing and writes nothing.
   */
  sync(registries: RegistryRefInput[], options?: SyncOptions): Promise<SyncResult>;
  /** Deletes the role assignments at the registry whose principal no longer exists in Entra ID (principalType Unknown), and only them. */
  removeOrphans(registry: RegistryRefInput, options?: RemoveOrphansOptions): Promise<RemoveOrphansResult>;
}

/** The integration of one cluster with registries; references are validated on each call, before any request. */
export function createIntegration(ctx: Context, cluster: ClusterRefInput): Integration {
  return {
    attach: async (registry, options) => traced("Integration.attach", options, async () => attach(ctx, parseClusterRef(cluster), parseRegistryRef(registry, ctx.cloud), options)),
    detach: async (registry, options) => traced("Integration.detach", options, async () => detach(ctx, parseClusterRef(cluster), parseRegistryRef(registry, ctx.cloud), options)),
    list: async (options) => traced("Integration.list", options, async () => list(ctx, parseClusterRef(cluster), options)),
    check: async (registry, options) => traced("Integration.check", options, async () => runCheck(ctx, cluster, registry, options)),
    sync: async (registries, options) =>
      traced("Integration.sync", options, async () => {
        assertRegistryList(registries, "sync registries");
        return sync(ctx, parseClusterRef(cluster), registries.map((r) => parseRegistryRef(r, ctx.cloud)), options);
      }),
    removeOrphans: async (registry, options) => traced("Integration.removeOrphans", options, async () => removeOrphans(ctx, parseRegistryRef(registry, ctx.cloud), options)),
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
  RemoveOrphansOptions,
  RemoveOrphansResult,
  ReplacedAssignment,
  StaleGrant,
  SyncChange,
  SyncOptions,
  SyncRegistry,
  SyncResult,
} from "./types.js";
