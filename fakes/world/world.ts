import type {
  ManagedCluster,
  Operation,
  Principal,
  Registry,
  ResourceGroup,
  RoleDefinition,
  Subscription,
  Tenant,
  UserAssignedIdentity,
} from "./types.js";
import { RoleAssignmentMap } from "./assignmentIndex.js";

/** What moves a long-running operation forward: polls of its status URL, the fake's clock, or whichever comes first. */
export type OperationProgress = "polls" | "clock" | "both";

/** Knobs that shape timing-dependent behaviour; tests change them to exercise waiting. */
export interface WorldKnobs {
  /** Polls an ARM long-running operation answers "in progress" before it completes. @default 0 */
  lroPolls: number;
  /** Polls an importImage operation answers 202 before it completes. @default 1 */
  importPolls: number;
  /** Retry-After seconds sent with 201/202 long-running answers. @default 0 */
  retryAfterSeconds: number;
  /** Role-assignment writes that answer PrincipalNotFound for a newly created kubelet identity. @default 0 */
  identityReplicationAttempts: number;
  /** Milliseconds before a new role assignment takes effect for image pulls (measured on the fake clock). @default 0 */
  rolePropagationMs: number;
  /** Kubelet's first image-pull back-off; it doubles per failed retry up to 300000 ms. @default 10000 */
  pullBackoffMs: number;
  /** Items per page of every list the fake serves; further pages are reached through `nextLink`. @default 2 */
  pageSize: number;
  /**
   * What completes a long-running operation: its polls (`lroPolls` / `importPolls`), the fake's clock
   * (`operationDurationMs` after it started, whether or not anyone polls), or whichever comes first.
   * @default "polls"
   */
  operationProgress: OperationProgress;
  /** Milliseconds on the fake's clock an operation runs, when `operationProgress` is "clock" or "both". @default 0 */
  operationDurationMs: number;
}

/** The knobs a new world (and `reset()`) starts with. */
export const DEFAULT_KNOBS: WorldKnobs = {
  lroPolls: 0,
  importPolls: 1,
  retryAfterSeconds: 0,
  identityReplicationAttempts: 0,
  rolePropagationMs: 0,
  pullBackoffMs: 10_000,
  pageSize: 2,
  operationProgress: "polls",
  operationDurationMs: 0,
};

/**
 * Everything the fake Azure holds. Keys of the maps are lower-cased ARM ids (or GUIDs), because
 * ARM compares resource ids case-insensitively.
 */
export class World {
  /** Tenants, by id. */
  readonly tenants = new Map<string, Tenant>();
  /** Subscriptions, by id. */
  readonly subscriptions = new Map<string, Subscription>();
  /** Resource groups, by ARM id. */
  readonly resourceGroups = new Map<string, ResourceGroup>();
  /** Users, service principals and managed identities, by object id. */
  readonly principals = new Map<string, Principal>();
  /** Managed clusters, by ARM id. */
  readonly clusters = new Map<string, ManagedCluster>();
  /** Registries, by ARM id. */
  readonly registries = new Map<string, Registry>();
  /** Role definitions, by GUID. */
  readonly roleDefinitions = new Map<string, RoleDefinition>();
  /** Role assignments, by GUID name (indexed by scope and principal; see {@link RoleAssignmentMap}). */
  readonly roleAssignments = new RoleAssignmentMap();
  /** Long-running operations, by operation id. */
  readonly operations = new Map<string, Operation>();
  /** User-assigned managed identities, by ARM id. */
  readonly userAssignedIdentities = new Map<string, UserAssignedIdentity>();
  /** Timing knobs; see {@link WorldKnobs}. */
  knobs: WorldKnobs = { ...DEFAULT_KNOBS };
  /** The fake clock, in ms since the epoch; `Date.now` unless a test supplies its own. */
  now: () => number = () => Date.now();
  /**
   * PEM of the CA that signed the certificate `listen({ tls })` serves with, when it was given one;
   * kubeconfigs carry it as `certificate-authority-data`. Kept by `clear()`: the server still serves it.
   */
  servingCa?: string;

  /** Empties every map and restores the default knobs (the clock is kept). */
  clear(): void {
    this.tenants.clear();
    this.subscriptions.clear();
    this.resourceGroups.clear();
    this.principals.clear();
    this.clusters.clear();
    this.registries.clear();
    this.roleDefinitions.clear();
    this.roleAssignments.clear();
    this.operations.clear();
    this.userAssignedIdentities.clear();
    this.knobs = { ...DEFAULT_KNOBS };
  }
}

export const key = (id: string): string => id.toLowerCase().replace(/\/+$/, "");
