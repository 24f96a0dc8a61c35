import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createArmClient } from "../../src/arm/client.js";
import { listAll } from "../../src/arm/paging.js";
import { ARM, fixedCredential, SUB, useServer } from "./support.js";

const server = useServer();
const path = `/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/registries`;

describe("listAll follows ARM's paging", () => {
  it("reads every page through nextLink, sending the caller's query only with the first request", async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${ARM}${path}`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(url.search);
        const page = url.searchParams.get("$skiptoken");
        if (page === null) return HttpResponse.json({ value: [{ n: 1 }, { n: 2 }], nextLink: `${ARM}${path}?api-version=2025-11-01&$skiptoken=2` });
        if (page === "2") return HttpResponse.json({ value: [{ n: 3 }], nextLink: `${ARM}${path}?api-version=2025-11-01&$skiptoken=3` });
        return HttpResponse.json({ value: [], nextLink: null });
      }),
    );
    const arm = createArmClient({ credential: fixedCredential() });
    const { status, items } = await listAll<{ n: number }>(arm, { method: "GET", path, apiVersion: "2025-11-01", query: { $filter: "x eq 'y'" }, operation: "list registries" });
    expect(status).toBe(200);
    expect(items.map((i) => i.n)).toEqual([1, 2, 3]);
    expect(seen).toHaveLength(3);
    expect(seen[0]).toContain("$filter=x%20eq%20%27y%27");
    expect(seen.slice(1).every((q) => !q.includes("filter") && (q.match(/api-version/g) ?? []).length === 1)).toBe(true);
  });

  it("ends with an accepted non-200 status and the items read before it", async () => {
    server.use(
      http.get(`${ARM}${path}`, ({ request }) =>
        new URL(request.url).searchParams.has("$skiptoken")
          ? HttpResponse.json({ error: { code: "AuthorizationFailed", message: "no" } }, { status: 403 })
          : HttpResponse.json({ value: [{ n: 1 }], nextLink: `${ARM}${path}?api-version=2025-11-01&$skiptoken=2` }),
      ),
    );
    const arm = createArmClient({ credential: fixedCredential() });
    const result = await listAll<{ n: number }>(arm, { method: "GET", path, apiVersion: "2025-11-01", allowStatus: [403], operation: "list registries" });
    expect(result).toEqual({ status: 403, items: [{ n: 1 }] });
  });
});
