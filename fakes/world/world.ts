import type {
  ManagedCluster,
  Operation,
  Principal,
  Registry,
  ResourceGroup,
  RoleAssignment,
  RoleDefinition,
  Subscription,
  Tenant,
} from "./types.js";

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
}

/** The knobs a new world (and `reset()`) starts with. */
export const DEFAULT_KNOBS: WorldKnobs = {
  lroPolls: 0,
  importPolls: 1,
  retryAfterSeconds: 0,
  identityReplicationAttempts: 0,
  rolePropagationMs: 0,
  pullBackoffMs: 10_000,
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
  /** Role assignments, by GUID name. */
  readonly roleAssignments = new Map<string, RoleAssignment>();
  /** Long-running operations, by operation id. */
  readonly operations = new Map<string, Operation>();
  /** Timing knobs; see {@link WorldKnobs}. */
  knobs: WorldKnobs = { ...DEFAULT_KNOBS };
  /** The fake clock, in ms since the epoch; `Date.now` unless a test supplies its own. */
  now: () => number = () => Date.now();

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
    this.knobs = { ...DEFAULT_KNOBS };
  }
}

export const key = (id: string): string => id.toLowerCase().replace(/\/+$/, "");
