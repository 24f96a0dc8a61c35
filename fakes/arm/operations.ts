/**
 * Long-running ARM operations: how a PUT / DELETE / POST that answers 201/202 is later polled.
 *
 * A handler calls `startOperation` and answers with `asyncOperationHeaders` (Azure-AsyncOperation
 * style, for PUT) or `locationHeaders` (Location style, for DELETE and POST actions). Nothing
 * happens to the world until the operation completes: by polls (each poll of a status or result URL
 * first spends one of the operation's `pollsRemaining`, answering "in progress"; the poll after the
 * last one finishes it), or by the fake's clock (`knobs.operationProgress`, see
 * fakes/world/operations.ts), when a lost answer or an unpolled operation still completes. So a
 * GET of a resource between the PUT and the completion still shows it `Creating`, as in Azure.
 *
 * Wire behaviour (azure-resource-manager-rpc async-api-reference):
 * - Azure-AsyncOperation URL: always 200 `{id, name, status, startTime, endTime?, error?}`.
 * - Location URL: 202 (+ the same Location and Retry-After) while running, with the recorded
 *   per-tag progress body for imports; on success import answers 200 `{"status":"Succeeded"}` and
 *   other kinds 204; on failure 400 `{"status":"Failed","error":{code,message}}`, because a
 *   Location URL must answer what the synchronous call would have answered, and core-lro's
 *   Location mode judges the outcome by the HTTP status alone.
 */
import { randomUUID } from "node:crypto";
import { armError, json, noContent } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import type { World } from "../world/world.js";
import { key } from "../world/world.js";
import type { Operation } from "../world/types.js";
import { OperationFailure, advanceOperation, dueTime } from "../world/operations.js";

export { OperationFailure };

export interface OperationSpec {
  kind: Operation["kind"];
  /** The ARM id of the resource the operation acts on (the registry for an import). */
  resourceId: string;
  /** Polls answered "in progress" first. @default world.knobs.importPolls for imports, else world.knobs.lroPolls */
  polls?: number;
  /** Applies the effect when the operation succeeds; may throw `OperationFailure`. */
  complete: () => void;
  /** Makes the operation end Failed (or Canceled) with this error instead of completing. */
  fail?: { code: string; message: string; status?: "Failed" | "Canceled" };
  /** Extra fields of the in-progress Location body, e.g. `{ "nginx:v1": "Pending" }` for an import. */
  progressBody?: Record<string, string>;
}

/** How a fault rule reshapes the operation a request starts: how long it runs, and how it ends. */
export interface OperationShape {
  polls?: number;
  fail?: { code: string; message: string; status: "Failed" | "Canceled" };
}

/** Keyed by the request, so a shape reaches only the operation that request starts. */
const shapes = new WeakMap<Request, OperationShape>();

/** Makes the operation `request` starts (if it starts one) run `polls` polls and/or end Failed or Canceled. */
export function shapeOperationOf(request: Request, shape: OperationShape): void {
  shapes.set(request, { ...shapes.get(request), ...shape });
}

/** Registers a new in-progress operation in the world and returns it. */
export function startOperation(ctx: RouteContext, requested: OperationSpec): Operation {
  const { world } = ctx;
  const shape = shapes.get(ctx.request);
  const spec: OperationSpec = { ...requested, ...(shape?.polls !== undefined && { polls: shape.polls }), ...(shape?.fail && { fail: shape.fail }) };
  const isRegistryProvider = spec.kind !== "clusterCreate" && spec.kind !== "clusterDelete";
  const id = isRegistryProvider ? `registries-${randomUUID()}` : randomUUID();
  const op: Operation = {
    id,
    kind: spec.kind,
    resourceId: spec.resourceId,
    subscriptionId: subscriptionOf(spec.resourceId),
    status: "InProgress",
    pollsRemaining: spec.polls ?? (spec.kind === "importImage" ? world.knobs.importPolls : world.knobs.lroPolls),
    startTime: new Date(world.now()).toISOString(),
    complete: spec.complete,
  };
  const dueAt = dueTime(world);
  if (dueAt !== undefined) op.dueAt = dueAt;
  if (spec.fail) {
    op.error = { code: spec.fail.code, message: spec.fail.message };
    op.failStatus = spec.fail.status ?? "Failed";
  }
  if (spec.progressBody) op.progressBody = spec.progressBody;
  world.operations.set(key(id), op);
  return op;
}

/** Headers for a 201/200 PUT answer: where to poll the operation's status (+ Location for the result). */
export function asyncOperationHeaders(ctx: RouteContext, op: Operation): Record<string, string> {
  return {
    "Azure-AsyncOperation": statusUrl(ctx, op),
    Location: resultUrl(ctx, op),
    "Retry-After": String(ctx.world.knobs.retryAfterSeconds),
  };
}

/** Headers for a 202 DELETE / POST-action answer: the Location result URL to poll. */
export function locationHeaders(ctx: RouteContext, op: Operation): Record<string, string> {
  return {
    Location: resultUrl(ctx, op),
    "Retry-After": String(ctx.world.knobs.retryAfterSeconds),
  };
}

const registryProviderKinds = new Set<Operation["kind"]>(["registryCreate", "registryDelete", "importImage"]);

function statusUrl(ctx: RouteContext, op: Operation): string {
  const query = `?api-version=${encodeURIComponent(apiVersion(ctx))}`;
  if (registryProviderKinds.has(op.kind)) return `${ctx.origin}${op.resourceId}/operationStatuses/${op.id}${query}`;
  const location = resourceLocation(ctx.world, op);
  return `${ctx.origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.ContainerService/locations/${location}/operations/${op.id}${query}`;
}

function resultUrl(ctx: RouteContext, op: Operation): string {
  const query = `?api-version=${encodeURIComponent(apiVersion(ctx))}`;
  // Microsoft.Resources polls a group deletion at the subscription, without a provider or region.
  if (op.kind === "resourceGroupDelete") return `${ctx.origin}/subscriptions/${op.subscriptionId}/operationresults/${op.id}${query}`;
  const location = resourceLocation(ctx.world, op);
  return registryProviderKinds.has(op.kind)
    ? `${ctx.origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.ContainerRegistry/locations/${location.toUpperCase()}/operationResults/${op.id}${query}`
    : `${ctx.origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.ContainerService/locations/${location}/operationresults/${op.id}${query}`;
}

/** The location segment is cosmetic (routes ignore it) but real URLs carry the resource's region. */
function resourceLocation(world: World, op: Operation): string {
  const id = key(op.resourceId);
  return world.registries.get(id)?.location ?? world.clusters.get(id)?.location ?? "eastus";
}

function apiVersion(ctx: RouteContext): string {
  return ctx.url.searchParams.get("api-version") ?? "2025-11-01";
}

function subscriptionOf(resourceId: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1] ?? "";
}

/** The operation named by the route, if it belongs to the subscription in the URL. */
function findOperation(ctx: RouteContext): Operation | undefined {
  const { id, subscriptionId } = ctx.params;
  const op = id === undefined ? undefined : ctx.world.operations.get(key(id));
  if (!op || (subscriptionId !== undefined && key(subscriptionId) !== key(op.subscriptionId))) return undefined;
  return op;
}

function operationNotFound(ctx: RouteContext): Response {
  return armError(404, "OperationNotFound", `The operation '${ctx.params["id"] ?? ""}' was not found.`);
}

function answerStatus(ctx: RouteContext): Response {
  const op = findOperation(ctx);
  if (!op) return operationNotFound(ctx);
  advanceOperation(ctx.world, op);
  return json(200, {
    id: ctx.url.pathname,
    name: op.id,
    status: op.status,
    startTime: op.startTime,
    ...(op.endTime === undefined ? {} : { endTime: op.endTime }),
    ...(op.error === undefined ? {} : { error: op.error }),
  });
}

function answerResult(ctx: RouteContext): Response {
  const op = findOperation(ctx);
  if (!op) return operationNotFound(ctx);
  advanceOperation(ctx.world, op);
  if (op.status === "InProgress") {
    const headers = {
      Location: ctx.url.href.replace(ctx.url.origin, ctx.origin),
      "Retry-After": String(ctx.world.knobs.retryAfterSeconds),
    };
    return op.progressBody
      ? json(202, { ...op.progressBody, status: "Accepted" }, headers)
      : new Response(null, { status: 202, headers });
  }
  if (op.status === "Succeeded") {
    return op.kind === "importImage" ? json(200, { status: "Succeeded" }) : noContent();
  }
  return json(400, { status: op.status, error: op.error ?? { code: op.status, message: `The operation was ${op.status.toLowerCase()}.` } });
}

/** Status (Azure-AsyncOperation) and result (Location) URLs of every long-running operation. */
export const operationRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/subscriptions\/(?<subscriptionId>[^/]+)\/providers\/[^/]+\/locations\/[^/]+\/operations\/(?<id>[^/]+)$/i,
    operation: "Operations_GetStatus",
    handle: answerStatus,
  },
  {
    method: "GET",
    pattern: /^\/subscriptions\/(?<subscriptionId>[^/]+)\/.*\/operationStatuses\/(?<id>[^/]+)$/i,
    operation: "Operations_GetStatus",
    handle: answerStatus,
  },
  {
    method: "GET",
    pattern: /^\/subscriptions\/(?<subscriptionId>[^/]+)(\/.*)?\/operationResults\/(?<id>[^/]+)$/i,
    operation: "Operations_GetResult",
    handle: answerResult,
  },
];
