/** One request the fake answered, in the order it arrived. */
export interface JournalEntry {
  /** HTTP method. */
  method: string;
  /** The normalised URL (`//` runs in the path collapsed). */
  url: string;
  /** The status answered; 0 when a fault rule dropped the connection. */
  status: number;
  /** The operation id of the route that answered (`RoleAssignments_Create`), or `Unknown`. */
  operation: string;
  /** Object id of the principal named by the bearer token, when there was one. */
  caller?: string;
  /** The `x-ms-request-id` the response carried. */
  requestId: string;
}

/** The fake's request log; an array so tests can use every array helper on it. */
export type Journal = JournalEntry[];
