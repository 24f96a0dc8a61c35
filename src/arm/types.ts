import type { Cloud } from "../cloud.js";
import type { ProgressEvent } from "../options.js";

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "PATCH";

/** One request to ARM (or Microsoft Graph). */
export interface ArmRequest {
  method: HttpMethod;
  /** A path beginning with "/" (joined to the cloud's endpoint) or an absolute URL (a polling URL). */
  path: string;
  /** Sent as `api-version`, unless the path is an absolute URL that already carries one. */
  apiVersion?: string;
  /** Further query parameters (`$filter`, …), encoded by the client. */
  query?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** What the caller asked for, for error messages: "attach registry myacr to cluster aks". */
  operation: string;
  /** The ARM scope the request concerns, for error messages. */
  scope?: string;
  abortSignal?: AbortSignal;
  /** Statuses returned as responses instead of thrown as errors (e.g. `[404]` to test existence). */
  allowStatus?: readonly number[];
  /** Retry policy override for this request (e.g. `false` to read back after a dropped write instead). */
  retry?: boolean;
  /**
   * `false`: a dropped connection is thrown at once instead of re-sent, for a write the caller
   * resolves by reading back (a re-sent PUT answering 200 would hide that the first one created it).
   */
  retryDropped?: boolean;
}

/** A response ARM answered with a status the caller accepts. */
export interface ArmResponse<T = unknown> {
  status: number;
  /** Parsed JSON body; `undefined` when the body was empty. */
  body: T;
  /** Response header by (case-insensitive) name. */
  header(name: string): string | undefined;
  /** `x-ms-request-id`. */
  requestId: string | undefined;
}

/** How to follow a long-running operation. */
export interface PollOptions {
  operation: string;
  scope?: string;
  abortSignal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * URL of the resource to GET once an `Azure-AsyncOperation` reports Succeeded (PUT / PATCH).
   * Omitted: the last polling response is the result (POST actions such as importImage).
   */
  finalGet?: string;
  /** api-version for the final GET. */
  apiVersion?: string;
  /** Poll interval when the server sends no usable Retry-After (absent or 0). @default 2000 */
  updateIntervalInMs?: number;
  /** Overall deadline; past it the poll ends with a `Timeout` error saying the state it left. @default 3600000 */
  operationTimeoutInMs?: number;
}

/** The one place requests leave the library: a core-rest-pipeline pipeline with auth, retry, logging. */
export interface ArmClient {
  readonly cloud: Cloud;
  /** Sends a request to the cloud's ARM endpoint; a non-accepted status throws an `AksAcrError`. */
  send<T = unknown>(request: ArmRequest): Promise<ArmResponse<T>>;
  /** Sends a request to the cloud's Microsoft Graph endpoint (token for Graph's scope). */
  graph<T = unknown>(request: Omit<ArmRequest, "apiVersion">): Promise<ArmResponse<T>>;
  /**
   * Follows a long-running operation started by `initial` (201/202 with `Azure-AsyncOperation` or
   * `Location`) until it ends; honours `Retry-After`, reports progress, stops on abort; a Failed
   * or Canceled operation throws `OperationFailed` with the operation's error code and message.
   * Returns the final resource (with `finalGet`) or the last status response.
   */
  poll<T = unknown>(initial: ArmResponse, options: PollOptions): Promise<ArmResponse<T>>;
}
