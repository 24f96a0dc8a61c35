import { describe, expect, it } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";
import { Journal } from "../../fakes/journal.js";
import { createRateLimiter } from "../../fakes/http/rateLimit.js";
import { RoleAssignmentMap } from "../../fakes/world/assignmentIndex.js";
import type { RoleAssignment } from "../../fakes/world/types.js";
import { serveFakeAzure } from "../helpers/fake-azure.js";

const served = serveFakeAzure();
const ARM = "https://management.azure.com";

async function arm(method: string, path: string, body?: unknown) {
  const token = (await served.azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
  const response = await fetch(`${ARM}${path}${path.includes("?") ? "&" : "?"}api-version=2022-04-01`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return response;
}

describe("the bounded journal", () => {
  it("keeps the last N entries, counts the ones it let go, and stays an array", () => {
    const journal = new Journal(3);
    for (let i = 0; i < 5; i++) journal.push({ method: "GET", url: `u${i}`, status: 200, operation: "X", requestId: String(i) });
    expect(journal.map((e) => e.url)).toEqual(["u2", "u3", "u4"]);
    expect(journal.dropped).toBe(2);
    expect(Array.isArray(journal)).toBe(true);
    expect(journal.filter(() => true)).not.toBeInstanceOf(Journal);
    journal.clear();
    expect(journal).toEqual([]);
    expect(journal.dropped).toBe(0);
    expect(() => new Journal(0)).toThrow(/journalSize must be a whole number ≥ 1/);
  });

  it("is what createFakeAzure({ journalSize }) records into", async () => {
    const azure = createFakeAzure({ journalSize: 2 });
    served.server.use(...azure.handlers);
    const token = (await azure.credential().getToken("x"))?.token ?? "";
    for (let i = 0; i < 4; i++) await fetch(`${ARM}/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${token}` } });
    expect(azure.requests).toHaveLength(2);
    expect(azure.requests.dropped).toBe(2);
  });
});

describe("ARM's token bucket in the fake", () => {
  it("reports what is left per operation type, and answers 429 with Retry-After once an enforced bucket is empty", async () => {
    served.azure.faults.rateLimit({ tokenBucket: { writes: { bucketSize: 2, refillPerSecond: 0.5 } } });
    const path = `/subscriptions/${served.azure.subscriptionId}/resourceGroups/rg`;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await arm("PUT", path, { location: "westeurope" }));
    expect(answers.map((r) => r.status)).toEqual([201, 200, 429]);
    expect(answers.map((r) => r.headers.get("x-ms-ratelimit-remaining-subscription-writes"))).toEqual(["1", "0", "0"]);
    expect(answers[2]?.headers.get("retry-after")).toBe("2");
    const read = await arm("GET", path);
    expect(read.headers.get("x-ms-ratelimit-remaining-subscription-reads")).toBe("249");
    const tenantLevel = await arm("GET", "/subscriptions");
    expect(tenantLevel.headers.get("x-ms-ratelimit-remaining-tenant-reads")).toBe("249");
  });

  it("refills at the bucket's rate on the world's clock, per principal", () => {
    let now = 0;
    const limiter = createRateLimiter(() => now, { writes: { bucketSize: 200, refillPerSecond: 10 } });
    const draw = (principalId = "a") => limiter.draw({ method: "PUT", subscriptionId: "s", principalId }, true);
    for (let i = 0; i < 200; i++) expect(draw().allowed).toBe(true);
    expect(draw()).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 100 });
    expect(draw("b").allowed).toBe(true);
    now = 1000;
    expect(draw().remaining).toBe(9);
  });
});

describe("the assignment index", () => {
  const assignment = (name: string, scope: string, principalId: string): RoleAssignment =>
    ({ name, scope, principalId, roleDefinitionName: "r", createdOn: "", createdBy: "" }) as unknown as RoleAssignment;

  it("answers at-or-above, at-or-below and by principal as a scan would, through set, replace and delete", () => {
    const map = new RoleAssignmentMap();
    map.set("1", assignment("1", "/", "p"));
    map.set("2", assignment("2", "/subscriptions/S", "p"));
    map.set("3", assignment("3", "/subscriptions/s/resourceGroups/rg/providers/x/y/z", "q"));
    map.set("4", assignment("4", "/subscriptions/s/resourceGroups/rg2", "p"));
    const names = (list: RoleAssignment[]) => list.map((a) => a.name);
    expect(names(map.atOrAbove("/subscriptions/s/resourceGroups/RG/providers/x/y/z"))).toEqual(["1", "2", "3"]);
    expect(names(map.atOrBelow("/subscriptions/s"))).toEqual(["2", "3", "4"]);
    expect(names(map.ofPrincipalAtOrAbove("P", "/subscriptions/s/resourceGroups/rg2/x"))).toEqual(["1", "2", "4"]);
    map.set("2", assignment("2", "/subscriptions/other", "q"));
    map.delete("4");
    expect(names(map.ofPrincipal("p"))).toEqual(["1"]);
    expect(names(map.atOrBelow("/subscriptions/s"))).toEqual(["3"]);
    map.clear();
    expect(map.atOrAbove("/subscriptions/s")).toEqual([]);
  });

  it("lists subscriptions from the caller's own assignments, not per subscription", async () => {
    const mine = Array.from({ length: 50 }, () => served.azure.seed.subscription());
    served.azure.seed.subscription({ owner: null });
    const body = (await (await arm("GET", "/subscriptions")).json()) as { value: Array<{ subscriptionId: string }>; nextLink?: string };
    const ids = body.value.map((s) => s.subscriptionId);
    expect(ids[0]).toBe(served.azure.subscriptionId);
    expect(ids.every((id) => [served.azure.subscriptionId, ...mine].includes(id))).toBe(true);
  });
});
