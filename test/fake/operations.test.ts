import { describe, expect, it } from "vitest";
import {
  OperationFailure,
  asyncOperationHeaders,
  locationHeaders,
  operationRoutes,
  startOperation,
} from "../../fakes/arm/operations.js";
import type { Route, RouteContext } from "../../fakes/http/route.js";
import { World } from "../../fakes/world/world.js";

const SUB = "00000000-0000-0000-0000-0000000000aa";
const REGISTRY_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr`;
const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`;
const ORIGIN = "http://127.0.0.1:4567";

function context(world: World, url: string, params: Record<string, string> = {}): RouteContext {
  return {
    world,
    request: new Request(url),
    url: new URL(url),
    params,
    caller: { objectId: "caller", tenantId: "tenant" },
    body: undefined,
    requestId: "request-id",
    origin: ORIGIN,
  };
}

/** Finds the route serving `url` and calls it, as the dispatcher would. */
async function get(world: World, url: string): Promise<Response> {
  const parsed = new URL(url);
  for (const route of operationRoutes as Route[]) {
    const match = route.pattern.exec(parsed.pathname);
    if (match) return route.handle(context(world, url, { ...(match.groups as Record<string, string>) }));
  }
  throw new Error(`no operation route for ${url}`);
}

function newWorld(): World {
  const world = new World();
  world.now = () => Date.parse("2026-01-02T03:04:05Z");
  return world;
}

const putContext = (world: World) => context(world, `${ORIGIN}${CLUSTER_ID}?api-version=2026-04-01`);

describe("long-running operations", () => {
  it("applies the effect only when a poll reaches the end, after lroPolls in-progress answers", async () => {
    const world = newWorld();
    world.knobs.lroPolls = 2;
    let applied = 0;
    const op = startOperation(putContext(world), { kind: "clusterCreate", resourceId: CLUSTER_ID, complete: () => void applied++ });
    const statusUrl = asyncOperationHeaders(putContext(world), op)["Azure-AsyncOperation"] ?? "";

    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) statuses.push(((await (await get(world, statusUrl)).json()) as { status: string }).status);

    expect(statuses).toEqual(["InProgress", "InProgress", "Succeeded", "Succeeded"]);
    expect(applied).toBe(1);
  });

  it("serves absolute status URLs on the request's origin, with the caller's api-version and Retry-After", () => {
    const world = newWorld();
    world.knobs.retryAfterSeconds = 7;
    const op = startOperation(putContext(world), { kind: "clusterCreate", resourceId: CLUSTER_ID, complete: () => {} });
    const headers = asyncOperationHeaders(putContext(world), op);

    expect(headers["Azure-AsyncOperation"]).toBe(
      `${ORIGIN}/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operations/${op.id}?api-version=2026-04-01`,
    );
    expect(headers["Location"]).toMatch(new RegExp(`^${ORIGIN}/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operationresults/${op.id}\\?`));
    expect(headers["Retry-After"]).toBe("7");
  });

  it("reports the status body ARM's async contract describes, with start and end times", async () => {
    const world = newWorld();
    const op = startOperation(putContext(world), { kind: "registryCreate", resourceId: REGISTRY_ID, complete: () => {} });
    const url = asyncOperationHeaders(putContext(world), op)["Azure-AsyncOperation"] ?? "";
    expect(url).toContain(`${REGISTRY_ID}/operationStatuses/registries-`);

    const body = await (await get(world, url)).json();

    expect(body).toEqual({ id: new URL(url).pathname, name: op.id, status: "Succeeded", startTime: "2026-01-02T03:04:05.000Z", endTime: "2026-01-02T03:04:05.000Z" });
  });

  it("ends Failed with the given error and never applies the effect", async () => {
    const world = newWorld();
    let applied = false;
    const op = startOperation(putContext(world), {
      kind: "clusterCreate",
      resourceId: CLUSTER_ID,
      complete: () => void (applied = true),
      fail: { code: "QuotaExceeded", message: "Not enough cores." },
    });

    const body = await (await get(world, asyncOperationHeaders(putContext(world), op)["Azure-AsyncOperation"] ?? "")).json();

    expect(body).toMatchObject({ status: "Failed", error: { code: "QuotaExceeded", message: "Not enough cores." } });
    expect(applied).toBe(false);
  });

  it("can end Canceled", async () => {
    const world = newWorld();
    const op = startOperation(putContext(world), {
      kind: "clusterDelete",
      resourceId: CLUSTER_ID,
      complete: () => {},
      fail: { code: "Canceled", message: "The operation was canceled.", status: "Canceled" },
    });

    const body = await (await get(world, asyncOperationHeaders(putContext(world), op)["Azure-AsyncOperation"] ?? "")).json();

    expect(body).toMatchObject({ status: "Canceled", error: { code: "Canceled" } });
  });

  it("turns an OperationFailure thrown at completion into a Failed operation", async () => {
    const world = newWorld();
    const op = startOperation(putContext(world), {
      kind: "importImage",
      resourceId: REGISTRY_ID,
      polls: 0,
      complete: () => {
        throw new OperationFailure("NotFound", "Source image not found.");
      },
    });

    const response = await get(world, locationHeaders(putContext(world), op)["Location"] ?? "");

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ status: "Failed", error: { code: "NotFound", message: "Source image not found." } });
  });

  it("answers a Location URL 202 with a new Location while running, then the import's 200 Succeeded", async () => {
    const world = newWorld();
    world.knobs.importPolls = 1;
    const op = startOperation(putContext(world), {
      kind: "importImage",
      resourceId: REGISTRY_ID,
      progressBody: { "nginx:v1": "Pending" },
      complete: () => {},
    });
    const location = locationHeaders(putContext(world), op)["Location"] ?? "";
    expect(location).toMatch(new RegExp(`^${ORIGIN}/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/locations/EASTUS/operationResults/registries-`));

    const first = await get(world, location);
    const second = await get(world, location);

    expect(first.status).toBe(202);
    expect(first.headers.get("Location")).toBe(location);
    expect(await first.json()).toEqual({ "nginx:v1": "Pending", status: "Accepted" });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ status: "Succeeded" });
  });

  it("answers a finished delete's Location with 204", async () => {
    const world = newWorld();
    const op = startOperation(putContext(world), { kind: "registryDelete", resourceId: REGISTRY_ID, complete: () => {} });

    const response = await get(world, locationHeaders(putContext(world), op)["Location"] ?? "");

    expect(response.status).toBe(204);
  });

  it("does not reveal an operation to another subscription, nor invent unknown ones", async () => {
    const world = newWorld();
    const op = startOperation(putContext(world), { kind: "clusterCreate", resourceId: CLUSTER_ID, complete: () => {} });
    const url = asyncOperationHeaders(putContext(world), op)["Azure-AsyncOperation"] ?? "";

    const other = await get(world, url.replace(SUB, "11111111-1111-1111-1111-111111111111"));
    const unknown = await get(world, url.replace(op.id, "99999999-9999-9999-9999-999999999999"));

    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("OperationNotFound");
  });
});
