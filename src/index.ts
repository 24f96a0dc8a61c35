export { attachToClusters, cluster, createClient, integration, listClusters, registry } from "./client.js";
export type { AzureClient } from "./client.js";

export { AksAcrError, hasErrorCode, isAksAcrError } from "./errors.js";
export type { AksAcrErrorOptions, ErrorCode, ResponseInfo } from "./errors.js";

export { AzureChinaCloud, AzurePublicCloud, AzureUSGovernment, KNOWN_CLOUDS, resolveCloud } from "./cloud.js";
export type { Cloud, CloudName } from "./cloud.js";

export type { AdditionalPolicyConfig, CallOptions, ClientOptions, LongCallOptions, ProgressEvent, RetryOptions } from "./options.js";

export { parseClusterRef, parseRegistryRef, parseResourceId } from "./ids.js";
export type { ClusterRef, ClusterRefInput, RegistryRef, RegistryRefInput, ResourceId } from "./ids.js";

export { ACR_PULL, REPOSITORY_READER } from "./roles.js";
export type { RoleAssignmentMode } from "./roles.js";

export { assignmentName } from "./integration/index.js";
export type {
  AssignmentSummary,
  AttachOptions,
  AttachResult,
  DetachOptions,
  DetachResult,
  Integration,
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
} from "./integration/index.js";

export type { CheckId, CheckOptions, CheckReport, CheckResult, CheckStatus } from "./check/index.js";

export { parseImageRef } from "./registry/index.js";
export type {
  CreateRegistryOptions,
  CreateRegistryResult,
  DeleteRegistryResult,
  ImportCredentials,
  ImportedSource,
  ImportImageOptions,
  ImportImageResult,
  ImportSourceInput,
  ParsedImageRef,
  RegistryApi,
  RegistryDetails,
  RegistryImageSource,
  RegistrySku,
} from "./registry/index.js";

export type { ClusterApi, PullSecretOptions, PullSecretResult, PullSecretSpec } from "./cluster/index.js";
export type {
  AttachRegistryRef,
  ClusterSummary,
  CreateClusterOptions,
  CreateClusterResult,
  CredentialsOptions,
  DeleteClusterResult,
  DeployOptions,
  DeployResult,
  DeploySpec,
  PodsOptions,
  PodSummary,
  SimpleDeploymentSpec,
} from "./cluster/types.js";

export type { ListClustersOptions, ListClustersResult, ListedCluster } from "./cluster/list.js";
export type { AttachToClustersOptions, AttachToClustersResult, FleetOutcome, FleetProgressEvent } from "./fleet/attachToClusters.js";
export type { LookupMethod } from "./resolve/resourceGraph.js";
export type { OperationType, PacingOptions } from "./arm/pacer.js";
export type { PullAssignmentRow, Puller } from "./resolve/types.js";

export { VERSION } from "./version.js";
