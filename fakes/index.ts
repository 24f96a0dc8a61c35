export { createFakeAzure } from "./azure.js";
export type { FakeAzure, FakeAzureOptions } from "./azure.js";
export type { Seeding, SeedDefaults } from "./seeding.js";
export type { RoleAssignmentView, State } from "./state.js";
export type { Journal, JournalEntry } from "./journal.js";
export type { ListenOptions, ListeningFake } from "./listen.js";
export { createLoopbackCertificate } from "./tls.js";
export type { LoopbackCertificate, LoopbackCertificateOptions } from "./tls.js";
export { startEmulator } from "./serve/emulator.js";
export type { Emulator, EmulatorOptions } from "./serve/emulator.js";
export { SeedDocumentError, parseSeedDocument, validateSeedDocument } from "./serve/seedDocument.js";
export type { SeedCluster, SeedDocument, SeedPrincipal, SeedRegistry, SeedResourceGroup, SeedRoleAssignment, SeedSubscription } from "./serve/seedDocument.js";
export { applySeedDocument } from "./serve/applySeed.js";
export type { SeedSummary, SeedTarget } from "./serve/applySeed.js";
export type { AdminOptions } from "./serve/admin.js";
export { AZ_CLOUD_NAME, azSetupLines } from "./serve/setupText.js";
export type { FaultRule, FaultRuleView, Faults, RateLimit } from "./faults.js";
export { ARM_TOKEN_BUCKETS } from "./http/rateLimit.js";
export type { BucketLimit, OperationType, TokenBucketLimits } from "./http/rateLimit.js";

// Extension points: fault rules and extra hosts.
export type { BeforeRouteHook, ClusterApiHandler, Dispatch, DispatchHooks, DispatchOptions, RequestInfo } from "./http/dispatch.js";
export type { HostKind } from "./http/hosts.js";
export type { RateLimitContext, RateLimitHeaders } from "./http/armHeaders.js";
export { fullRateLimitHeaders } from "./http/armHeaders.js";
export { NOT_MODELLED_CODE } from "./http/unmodelled.js";
export type { Caller, Route, RouteContext } from "./http/route.js";
export { armError, json, noContent } from "./http/respond.js";

// The world's data model, for advanced use through `azure.world`.
export { DEFAULT_KNOBS, World } from "./world/world.js";
export type { OperationProgress, WorldKnobs } from "./world/world.js";
export { RoleAssignmentMap } from "./world/assignmentIndex.js";
export { ROLE_IDS } from "./world/builtinRoles.js";
export type {
  ClusterIdentity,
  KubeletIdentity,
  ManagedCluster,
  Manifest,
  NetworkRuleSet,
  Operation,
  Permission,
  Principal,
  PrincipalType,
  PrivateEndpointConnection,
  ProvisioningState,
  Registry,
  RegistrySku,
  Repository,
  ResourceGroup,
  RoleAssignment,
  RoleAssignmentMode,
  RoleDefinition,
  Subscription,
  Tenant,
  UserAssignedIdentity,
  UserAssignedIdentityIds,
} from "./world/types.js";
