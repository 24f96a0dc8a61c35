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
  /** Whether this was a dry run (nothing written). */
  dryRun: boolean;
  /** Role-assignment writes sent (more than 1 when the principal was still replicating; 0 on a dry run). */
  attempts: number;
  /** What happened, in one sentence. */
  summary: string;
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
  /** Subscriptions whose assignments or registries this credential could not read. */
  unreadableSubscriptions: string[];
}
