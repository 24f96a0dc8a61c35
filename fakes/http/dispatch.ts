import { randomUUID } from "node:crypto";
import type { Journal } from "../journal.js";
import { settleDueOperations } from "../world/operations.js";
import type { World } from "../world/world.js";
import { invalidRequestContent, resourceGroupNotFound, subscriptionNotFound } from "./armErrors.js";
import { fullRateLimitHeaders, type RateLimitHeaders, withArmHeaders } from "./armHeaders.js";
import { authenticate } from "./authenticate.js";
import { type HostKind, hostKind, normaliseUrl } from "./hosts.js";
import { armError } from "./respond.js";
import type { Caller, Route, RouteContext } from "./route.js";
import { notModelled } from "./unmodelled.js";

/** What a hook sees about a request before a route answers it. */
export interface RequestInfo {
  /** The fake's world. */
  world: World;
  /** The request as received (clone it before reading the body). */
  request: Request;
  /** Its URL, with `//` runs in the path collapsed. */
  url: URL;
  /** Which service it is for. */
  host: HostKind;
  /** The route that will answer, if any. */
  route: Route | undefined;
  /** Named groups of the route's pattern (e.g. `subscriptionId`, `name`). */
  params: Record<string, string>;
  /** Set on ARM and Graph requests once the token was read. */
  caller: Caller | undefined;
  /** The `x-ms-request-id` the answer will carry. */
  requestId: string;
}

/** Fault rules: the first hook that returns a Response answers instead of the route. */
export type BeforeRouteHook = (info: RequestInfo) => Response | undefined | Promise<Response | undefined>;

/** Serves a host that is not ARM, Graph or login (the clusters' API servers); undefined passes it on. */
export type ClusterApiHandler = (ctx: {
  world: World;
  request: Request;
  url: URL;
  requestId: string;
  origin: string;
}) => Response | undefined | Promise<Response | undefined>;

/** Extension points, filled after the dispatcher is made (by fault rules and the Kubernetes fake). */
export interface DispatchHooks {
  /** Tried in order before the route; the first Response answers (fault rules live here). */
  beforeRoute: BeforeRouteHook[];
  /** Tried in order for requests to non-ARM hosts (registries' and clusters' APIs). */
  clusterApi: ClusterApiHandler[];
  /** The `x-ms-ratelimit-remaining-*` headers of each ARM answer. @default every bucket full ({@link fullRateLimitHeaders}) */
  rateLimitHeaders?: RateLimitHeaders;
}

export interface RouteTable {
  arm: readonly Route[];
  graph: readonly Route[];
  login: readonly Route[];
}

/** Per-request overrides, for servers (listen()) whose host name does not tell the service. */
export interface DispatchOptions {
  /** Which service the request is for. @default told by the URL's host name */
  host?: HostKind;
  /** The URL to route by, when the request's own URL was mangled in transit. */
  url?: string;
  /** The origin to render in URLs the fake hands out (Location headers, kubeconfigs). */
  origin?: string;
}

/** Answers one request as the fake Azure would. */
export type Dispatch = (request: Request, options?: DispatchOptions) => Promise<Response>;

export interface DispatcherSetup {
  world: World;
  journal: Journal;
  routes: RouteTable;
  hooks: DispatchHooks;
}

export function createDispatcher(setup: DispatcherSetup): Dispatch {
  const warned = new Set<string>();
  return async (request, options = {}) => {
    const url = normaliseUrl(options.url ?? request.url);
    const host = options.host ?? hostKind(url.hostname);
    const requestId = randomUUID();
    settleDueOperations(setup.world);
    const found = host === "cluster" ? undefined : findRoute(setup.routes[host], request.method, url.pathname);
    let caller: Caller | undefined;
    let unmodelled = false;
    const unanswerable = (): Response => {
      unmodelled = true;
      return notModelled(request.method, url, warned);
    };
    const answer = async (): Promise<Response> => {
      if (host === "arm" || host === "graph") {
        const authenticated = authenticate(setup.world, request, url.pathname);
        if (authenticated instanceof Response) return authenticated;
        caller = authenticated;
      }
      const info: RequestInfo = { world: setup.world, request, url, host, route: found?.route, params: found?.params ?? {}, caller, requestId };
      for (const hook of setup.hooks.beforeRoute) {
        const injected = await hook(info);
        if (injected) return injected;
      }
      const origin = options.origin ?? url.origin;
      if (host === "cluster") {
        for (const handler of setup.hooks.clusterApi) {
          const served = await handler({ world: setup.world, request, url, requestId, origin });
          if (served) return served;
        }
        return unanswerable();
      }
      if (!found) return unanswerable();
      if (host === "arm") {
        const refused = checkArmPreconditions(setup.world, url);
        if (refused) return refused;
      }
      const body = await readBody(request);
      if (body instanceof Response) return body;
      const ctx: RouteContext = { world: setup.world, request, url, params: found.params, caller: caller ?? ANONYMOUS, body, requestId, origin };
      return found.route.handle(ctx);
    };
    let response = withRequestId(await answer(), requestId);
    if (host === "arm") {
      const rateLimit = (setup.hooks.rateLimitHeaders ?? fullRateLimitHeaders)({
        world: setup.world,
        method: request.method,
        subscriptionId: /^\/subscriptions\/([^/]+)/i.exec(url.pathname)?.[1],
        callerObjectId: caller?.objectId,
      });
      response = withArmHeaders(response, request, rateLimit);
    }
    setup.journal.push({
      method: request.method,
      url: url.toString(),
      status: response.status,
      operation: found?.route.operation ?? (host === "cluster" ? "ClusterApi" : "Unknown"),
      ...(caller ? { caller: caller.objectId } : {}),
      requestId,
      ...(unmodelled ? { unmodelled: true } : {}),
    });
    return response;
  };
}

/** The token endpoint is called before there is a caller. */
const ANONYMOUS: Caller = { objectId: "", tenantId: "" };

const caseInsensitive = new WeakMap<RegExp, RegExp>();

function findRoute(routes: readonly Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method.toUpperCase()) continue;
    let pattern = caseInsensitive.get(route.pattern);
    if (!pattern) {
      pattern = route.pattern.flags.includes("i") ? route.pattern : new RegExp(route.pattern.source, `${route.pattern.flags}i`);
      caseInsensitive.set(route.pattern, pattern);
    }
    const match = pattern.exec(pathname);
    if (match) return { route, params: decodeGroups(match.groups ?? {}) };
  }
  return undefined;
}

function decodeGroups(groups: Record<string, string | undefined>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(groups)) {
    if (value === undefined) continue;
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      params[name] = value;
    }
  }
  return params;
}

/**
 * What ARM checks before the resource provider sees a request: an api-version, a subscription that
 * exists, and a resource group that exists when the path goes below one.
 */
function checkArmPreconditions(world: World, url: URL): Response | undefined {
  if (!url.searchParams.get("api-version")) {
    return armError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  }
  const match = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(\/.+)?)?/i.exec(url.pathname);
  if (!match) return undefined;
  const [, subscriptionId = "", resourceGroup, below] = match;
  if (!world.subscriptions.has(subscriptionId.toLowerCase())) return subscriptionNotFound(subscriptionId);
  if (resourceGroup && below && !world.resourceGroups.has(`/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}`.toLowerCase())) {
    return resourceGroupNotFound(decodeURIComponent(resourceGroup));
  }
  return undefined;
}

async function readBody(request: Request): Promise<unknown> {
  if (request.method === "GET" || request.method === "HEAD") return undefined;
  const text = await request.clone().text();
  if (!text.trim()) return undefined;
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!type.includes("json")) return text;
    return invalidRequestContent((error as Error).message);
  }
}

function withRequestId(response: Response, requestId: string): Response {
  const headers = new Headers(response.headers);
  headers.set("x-ms-request-id", requestId);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
