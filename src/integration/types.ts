import type { LookupMethod } from "../resolve/resourceGraph.js";
import type { CallOptions } from "../options.js";
import type { RoleAssignmentMode } from "../roles.js";

/** How long attach waits for a new identity to replicate in Entra ID (ARM answers 400 PrincipalNotFound meanwhile). */
export interface PrincipalWaitOptions {
  /** Role-assignment writes in all, the first included. @default 8 */
  attempts?: number;
  /** Wait before the second write, doubled before each further one. @default 2000 */
  initialDelayMs?: number;
  /** Longest single wait. @default 30000 */
  maxDelayMs?: number;
}

export interface AttachOptions extends CallOptions {
  /**
   * The role to grant: a built-in name ("AcrPull"), a role definition GUID, or a full roleDefinitionId.
   * @default "Container Registry Repository Reader" on registries whose roleAssignmentMode is AbacRepositoryPermissions, else "AcrPull"
   */
  role?: string;
  /** Read and plan only: no role assignment is written. @default false */
  dryRun?: boolean;
  /** Budget for PrincipalNotFound retries. */
  principalWait?: PrincipalWaitOptions;
}

export interface DetachOptions extends CallOptions {
  /** Further roles to remove besides AcrPull and Container Registry Repository Reader (names, GUIDs or roleDefinitionIds). @default [] */
  roles?: string[];
  /** Read and plan only: nothing is deleted. @default false */
  dryRun?: boolean;
}

/** Options of {@link Integration.list}. */
export type ListOptions = CallOptions;

/** The registry an operation concerned. */
export interface RegistrySummary {
  /** ARM id of the registry. */
  id: string;
  /** The registry's name. */
  name: string;
  /** Its login server, e.g. `myacr.azurecr.io`. */
  loginServer: string;
  /** The registry's mode; undefined when it was not read (given by id together with an explicit `role`). */
  roleAssignmentMode: RoleAssignmentMode | undefined;
}

/** The identity that pulls images for the cluster's nodes. */
export interface PrincipalSummary {
  /** Entra ID object id: what role assignments name. */
  objectId: string;
  /** Application (client) id. */
  clientId?: string;
  /** The kubelet's managed identity, or the cluster's service principal on older clusters. */
  kind: "kubeletIdentity" | "servicePrincipal";
  /** Why this identity: a sentence. */
  reason: string;
}

/** One role assignment. */
export interface AssignmentSummary {
  /** ARM id of the assignment. */
  id: string;
  /** Its GUID name. */
  name: string;
  /** The scope it is assigned at (the registry, or a parent such as a resource group). */
  scope: string;
  /** The role granted. */
  role: {
    /** Role definition GUID. */
    id: string;
    /** Role name, e.g. "AcrPull". */
    name: string;
  };
  /** Object id of the principal it is assigned to. */
  principalId: string;
  /** The principal's type as ARM shows it ("ServicePrincipal", "User", "Group"); "Unknown" once the principal was deleted from Entra ID (an orphaned assignment). */
  principalType?: string;
}

/** What attach did, and why. */
export interface AttachResult {
  /** The registry attached. */
  registry: RegistrySummary;
  /** The cluster attached to. */
  cluster: {
    /** ARM id of the cluster. */
    id: string;
    /** The cluster's name. */
    name: string;
  };
  /** The identity that got the role, and why that identity. */
  principal: PrincipalSummary;
  /** The role granted: its GUID, its name, and why that role. */
  role: {
    /** Role definition GUID. */
    id: string;
    /** Role name, e.g. "AcrPull". */
    name: string;
    /** Why this role, e.g. the registry's roleAssignmentMode. */
    reason: string;
  };
  /** ARM id of the role assignment that grants the access (the existing one when it was already there). */
  assignmentId: string;
  /** GUID name of that assignment. */
  assignmentName: string;
  /** Whether this call wrote a new assignment (always false on a dry run). */
  created: boolean;
  /** Set when the access was already granted: by the same deterministic name, or by an assignment under another name. */
  alreadyPresent?: "sameName" | "otherName";
  /**
   * Set when the assignment this (registry, cluster) pair owns granted the wrong thing (another
   * principal: the kubelet identity changed; or another role: the registry moved to ABAC) and was
   * replaced, deleted then created again (on a dry run: would be).
   */
  replaced?: ReplacedAssignment;
  /** Whether this was a dry run (nothing written). */
  dryRun: boolean;
  /** Role-assignment PUTs sent: 0 when the grant was already there or on a dry run, more than 1 when the principal was still replicating. */
  attempts: number;
  /** What happened, in one sentence. */
  summary: string;
}

/** The pair's assignment attach found stale and replaced: what it was, and old → new. */
export interface ReplacedAssignment {
  /** The assignment as it was before attach deleted it. */
  assignment: AssignmentSummary;
  /** What differed: the principal it names, the role it grants, or both. */
  drift: ("principal" | "role")[];
  /** Old → new in words, e.g. "principal 1111… → 2222… (the cluster's kubelet identity changed)". */
  change: string;
}

/** What detach removed, and what it found but left. */
export interface DetachResult {
  /** The registry detached. */
  registry: RegistrySummary;
  /** The cluster detached from. */
  cluster: {
    /** ARM id of the cluster. */
    id: string;
    /** The cluster's name. */
    name: string;
  };
  /** The identity whose roles were looked at. */
  principal: PrincipalSummary;
  /** Assignments deleted (on a dry run: those that would be deleted). */
  removed: AssignmentSummary[];
  /** Assignments that let the principal pull but were kept, each with the reason. */
  left: {
    /** The assignment kept. */
    assignment: AssignmentSummary;
    /** Why it was kept, e.g. "inherited from resource group rg". */
    reason: string;
  }[];
  /** True when there was nothing to remove. */
  nothingFound: boolean;
  /** Whether this was a dry run (nothing deleted). */
  dryRun: boolean;
  /** What happened, in one sentence. */
  summary: string;
}

/** One assignment that gives the principal a role on a registry. */
export interface RegistryGrant {
  /** The role assignment. */
  assignment: AssignmentSummary;
  /** True when assigned at a parent scope (resource group, subscription, management group). */
  inherited: boolean;
  /** Whether the registry honours this role for pulls in its roleAssignmentMode. */
  effective: boolean;
  /** Why it is (not) effective. */
  reason: string;
}

/** A registry the cluster's principal holds a pull-capable role on. */
export interface RegistryAccess {
  /** The registry. */
  registry: RegistrySummary;
  /** Every assignment that gives the principal a pull-capable role on it. */
  grants: RegistryGrant[];
  /** True when at least one grant is effective. */
  canPull: boolean;
}

/** What {@link Integration.list} found. */
export interface ListResult {
  /** The cluster. */
  cluster: {
    /** ARM id of the cluster. */
    id: string;
    /** The cluster's name. */
    name: string;
  };
  /** The identity that pulls for it. */
  principal: PrincipalSummary;
  /** The registries it holds pull-capable roles on, in every subscription this credential can read. */
  registries: RegistryAccess[];
  /** Registries where the assignment this cluster owns names another principal (its identity changed): the cluster cannot pull there until attach replaces it. */
  stale: StaleGrant[];
  /** Subscriptions whose assignments or registries this credential could not read. */
  unreadableSubscriptions: string[];
  /** One Resource Graph query, or (where Resource Graph is unavailable to the caller) each subscription in turn, and why. */
  lookup: LookupMethod;
}

/** Options of {@link Integration.removeOrphans}. */
export interface RemoveOrphansOptions extends CallOptions {
  /** List the orphaned assignments only; delete nothing. @default false */
  dryRun?: boolean;
}

/** What {@link Integration.removeOrphans} removed. */
export interface RemoveOrphansResult {
  /** The registry whose assignments were looked at. */
  registry: RegistrySummary;
  /** The orphaned assignments deleted (on a dry run: those that would be): made at the registry, naming a principal Entra ID no longer has. */
  removed: AssignmentSummary[];
  /** Whether this was a dry run (nothing deleted). */
  dryRun: boolean;
  /** What happened, in one sentence. */
  summary: string;
}

/** Options of {@link Integration.sync}. */
export interface SyncOptions extends CallOptions {
  /** Plan only: read, and return what would change, writing nothing. @default false */
  dryRun?: boolean;
  /** Also remove the pull grants (AcrPull, Container Registry Repository Reader) the cluster holds at registries not listed. @default false */
  prune?: boolean;
  /** Budget for PrincipalNotFound retries of each attach. */
  principalWait?: PrincipalWaitOptions;
}

/** A registry a sync plan names. */
export interface SyncRegistry {
  /** ARM id of the registry. */
  id: string;
  /** The registry's name. */
  name: string;
}

/** One change of a sync plan. */
export interface SyncChange {
  /** attach: grant a missing pull role; replace: delete and re-create the cluster's stale assignment; detach: remove grants on an unlisted registry (prune). */
  action: "attach" | "replace" | "detach";
  /** The registry it concerns. */
  registry: SyncRegistry;
  /** Why, in one sentence. */
  reason: string;
  /** The assignments the change deletes (the stale one of a replace, the grants of a detach); empty for an attach. */
  assignments: AssignmentSummary[];
}

/** What {@link Integration.sync} planned and, unless a dry run, did. */
export interface SyncResult {
  /** The cluster. */
  cluster: {
    /** ARM id of the cluster. */
    id: string;
    /** The cluster's name. */
    name: string;
  };
  /** The identity that pulls for it. */
  principal: PrincipalSummary;
  /** What would change and why, in order: attaches and replaces of listed registries, then detaches (prune). Empty when in sync. */
  plan: SyncChange[];
  /** Listed registries already granted as they should be. */
  unchanged: {
    /** The registry. */
    registry: SyncRegistry;
    /** Why nothing changes there. */
    reason: string;
  }[];
  /** Whether this was a dry run (the plan only). */
  dryRun: boolean;
  /** What applying the plan did; absent on a dry run and when there was nothing to do. */
  outcome?: {
    /** One attach result per attach or replace in the plan. */
    attached: AttachResult[];
    /** The assignments deleted by detaches. */
    detached: AssignmentSummary[];
  };
  /** What happened, in one sentence. */
  summary: string;
}

/** A registry where the assignment a (registry, cluster) pair owns names a principal that is not the cluster's current identity. */
export interface StaleGrant {
  /** The registry. */
  registry: RegistrySummary;
  /** The pair's assignment, naming the old principal. */
  assignment: AssignmentSummary;
  /** True when that principal no longer exists in Entra ID (ARM shows principalType "Unknown"). */
  orphaned: boolean;
  /** Why it is stale and what to do, in one sentence. */
  reason: string;
}
