import type { World } from "../world/world.js";

/** Who sent a request: the principal named by its bearer token. */
export interface Caller {
  /** The principal's object id (the token's `oid`). */
  objectId: string;
  /** The tenant the token was issued in (`tid`). */
  tenantId: string;
}

/** What a route's handler gets for one request. */
export interface RouteContext {
  /** The fake's world, to read and change. */
  world: World;
  /** The request as received. */
  request: Request;
  /** The request URL with `//` runs in the path collapsed (some SDKs send `https://host//subscriptions/…`). */
  url: URL;
  /** Named groups of the route's pattern. */
  params: Record<string, string>;
  /** The caller named by the bearer token (ARM and Graph routes; the token is checked before routing). */
  caller: Caller;
  /** The parsed JSON body, or undefined. */
  body: unknown;
  /** The `x-ms-request-id` this response will carry. */
  requestId: string;
  /** Origin the request came to (`https://management.azure.com`, or the loopback URL under listen()). */
  origin: string;
}

/** One operation of the fake's API. */
export interface Route {
  /** The HTTP method it answers. */
  method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "HEAD";
  /** Matched against the normalised pathname, case-insensitively; named groups become `params`. */
  pattern: RegExp;
  /** The ARM operationId (e.g. `RoleAssignments_Create`), for the journal and fault rules. */
  operation: string;
  /** Answers a request that matched; the dispatcher adds `x-ms-request-id`. */
  handle(ctx: RouteContext): Response | Promise<Response>;
}
