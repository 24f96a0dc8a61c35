/**
 * Every error this library throws is an {@link AksAcrError}: a value a program can branch on
 * (`code`) and a sentence a person can act on (`message`: operation, scope, cause, fix).
 */

/** The closed set of error codes. */
export type ErrorCode =
  /** An argument is malformed; nothing was sent. */
  | "InvalidInput"
  /** The cluster, registry, image or other resource does not exist (or the caller cannot see it). */
  | "NotFound"
  /** A name matched more than one resource; `candidates` lists them. */
  | "Ambiguous"
  /** ARM answered 403: the caller lacks a permission; the message names the action and the roles that grant it. */
  | "PermissionDenied"
  /** The credential could not get a token, or ARM answered 401. */
  | "AuthenticationFailed"
  /** A new identity had not replicated within the retry budget (ARM kept answering PrincipalNotFound). */
  | "PrincipalNotReady"
  /** The request conflicts with what exists (a name taken, a tag present, an assignment under another name). */
  | "Conflict"
  /** The cluster and the registry live in different Entra ID tenants. */
  | "CrossTenant"
  /** ARM kept answering 429 beyond the retry budget. */
  | "Throttled"
  /** ARM kept answering 5xx, or the connection kept failing, beyond the retry budget. */
  | "ServiceUnavailable"
  /** A long-running operation ended Failed or Canceled. */
  | "OperationFailed"
  /** A pod could not pull its image (ErrImagePull / ImagePullBackOff); `pods` carries the messages. */
  | "ImagePullFailed"
  /** A workload did not become ready: a pod crashed or the wait timed out. */
  | "WorkloadNotReady"
  /** The caller's AbortSignal fired. */
  | "Aborted"
  /** A wait ran past its timeout: pods not Ready, a long-running operation past `operationTimeoutInMs` (it may still complete in Azure), a kubeconfig file's lock held by another process. */
  | "Timeout"
  /** ARM answered something this library cannot read (not JSON, a required field missing). */
  | "UnexpectedResponse"
  /** Any other error ARM answered; `armCode` and `status` say which. */
  | "RequestFailed";

/** What a failed request to ARM (or Graph, or a cluster's API) looked like. Never holds a token. */
export interface ResponseInfo {
  /** HTTP status. */
  status: number;
  /** ARM's `error.code`, when the body had one. */
  armCode?: string;
  /** ARM's `error.message`, when the body had one. */
  armMessage?: string;
  /** The `x-ms-request-id` header, to quote to Azure support. */
  requestId?: string;
  /** The request's method and URL, with secrets redacted. */
  request?: {
    /** HTTP method. */
    method: string;
    /** URL with secrets redacted. */
    url: string;
  };
}

/** What an {@link AksAcrError} is made of; the message is built from `operation`, `scope`, `reason` and `fix`. */
export interface AksAcrErrorOptions {
  /** What the caller asked for, in words: "attach registry myacr to cluster aks". */
  operation: string;
  /** The ARM scope or resource the failure concerns. */
  scope?: string;
  /** Why it failed, one sentence. */
  reason: string;
  /** What to do about it, one sentence. */
  fix?: string;
  /** The failed request's response, when ARM (or Graph, or a cluster) answered. */
  response?: ResponseInfo;
  /** Whether anything was changed in Azure before the failure, and what. */
  changed?: string[];
  /** The underlying error, kept as the standard `Error.cause`. */
  cause?: unknown;
  /** Extra, code-specific detail (candidates of an ambiguous name, pods of a failed pull, …). */
  details?: Record<string, unknown>;
}

const BRAND = Symbol.for("aks-acr.error");

/**
 * The one error class of this library. Branch on `code`; show `message` to people. Test for it with
 * {@link isAksAcrError} rather than `instanceof`, which fails across realms and package copies.
 */
export class AksAcrError extends Error {
  /** Always "AksAcrError". */
  override readonly name = "AksAcrError";
  /** What kind of failure, from a closed set: what a program branches on. */
  readonly code: ErrorCode;
  /** What was asked for, in words: "attach registry myacr to cluster aks". */
  readonly operation: string;
  /** The ARM scope or resource the failure concerns, when there is one. */
  readonly scope: string | undefined;
  /** Why it failed, one sentence. */
  readonly reason: string;
  /** What to do about it, one sentence, when there is something to do. */
  readonly fix: string | undefined;
  /** HTTP status of the failed request, when a service answered. */
  readonly status: number | undefined;
  /** ARM's `error.code` (e.g. "AuthorizationFailed"), when the body had one. */
  readonly armCode: string | undefined;
  /** The `x-ms-request-id` of the failed request, to quote to Azure support. */
  readonly requestId: string | undefined;
  /** The failed request and its answer, redacted, when a service answered. */
  readonly response: ResponseInfo | undefined;
  /** What was changed in Azure before the failure; empty when nothing was. */
  readonly changed: readonly string[];
  /** Code-specific detail: `candidates` of an ambiguous name, `pods` of a failed pull, … */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, options: AksAcrErrorOptions) {
    super(formatMessage(options), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.operation = options.operation;
    this.scope = options.scope;
    this.reason = options.reason;
    this.fix = options.fix;
    this.response = options.response;
    this.status = options.response?.status;
    this.armCode = options.response?.armCode;
    this.requestId = options.response?.requestId;
    this.changed = options.changed ?? [];
    this.details = options.details ?? {};
  }

  /** Brand checked by {@link isAksAcrError}, so the guard works across realms and copies of the package. */
  get [BRAND](): true {
    return true;
  }
}

function formatMessage(o: AksAcrErrorOptions): string {
  const where = o.scope ? ` (${o.scope})` : "";
  const reason = o.reason.replace(/\.$/, "");
  const request = o.response?.requestId ? ` [x-ms-request-id: ${o.response.requestId}]` : "";
  const fix = o.fix ? ` ${o.fix.replace(/\.?$/, ".")}` : "";
  return `Failed to ${o.operation}${where}: ${reason}.${fix}${request}`;
}

/** True for any error thrown by aks-acr, whichever copy or realm created it. */
export function isAksAcrError(value: unknown): value is AksAcrError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** True for an aks-acr error with the given code. */
export function hasErrorCode<C extends ErrorCode>(
  value: unknown,
  code: C,
): value is AksAcrError & {
  /** The code asked about. */
  code: C;
} {
  return isAksAcrError(value) && value.code === code;
}
