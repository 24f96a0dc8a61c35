/**
 * The "Stale assignments" check finds orphans (principalType "Unknown") at a registry without
 * downloading every assignment there: through Resource Graph its bytes do not grow with the number
 * of assignments, and where Resource Graph refuses the caller it lists them all and says so.
 */
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import type { FakeAzure } from "../../fakes/index.js";
import { runCheck } from "../../src/check/index.js";
import { fakeContext, seedClusterAndRegistry, serveFakeAzure } from "../helpers/fake-azure.js";

const served = serveFakeAzure({ lifetime: "file" });
const CLUSTER = { resourceGroup: "rg", name: "aks" };

/** A registry holding `unrelated` assignments of live principals, one orphan, and an orphan inherited from its resource group. */
function seedRegistry(azure: FakeAzure, unrelated: number): { registryId: string; orphan: string } {
  azure.reset();
  // ARM's page size, so a full listing is 1000 assignments a page rather than the fake's small default.
  azure.knobs.pageSize = 1000;
  const { registryId } = seedClusterAndRegistry(azure);
  const live = Array.from({ length: 20 }, () => azure.seed.principal({ type: "ServicePrincipal" }).objectId);
  for (let i = 0; i < unrelated; i++) azure.seed.roleAssignment({ scope: registryId, role: i % 2 ? "AcrPull" : "Reader", principalId: live[i % live.length] ?? "" });
  const orphan = azure.seed.principal({ type: "ServicePrincipal", deleted: true }).objectId;
  azure.seed.roleAssignment({ scope: registryId, role: "AcrPush", principalId: orphan });
  const inherited = azure.seed.principal({ type: "ServicePrincipal", deleted: true }).objectId;
  azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}/resourceGroups/rg`, role: "AcrPull", principalId: inherited });
  azure.clearRequests();
  return { registryId, orphan };
}

/** Runs check (the registry by resource id, as the bench does) as a fresh client, counting the response bytes its ARM pipeline received. */
async function checkCountingBytes(azure: FakeAzure, registryId: string) {
  let bytes = 0;
  const counter: PipelinePolicy = {
    name: "responseBytes",
    sendRequest: async (request, next) => {
      const response = await next(request);
      bytes += Buffer.byteLength(response.bodyAsText ?? "");
      return response;
    },
  };
  const ctx = fakeContext(azure, { retryOptions: { maxRetries: 0 }, additionalPolicies: [{ policy: counter, position: "perRetry" }] });
  const report = await runCheck(ctx, CLUSTER, registryId);
  return { bytes, assignments: report.get("assignments") };
}

/** The `$filter` of every role assignment list the fake answered since the last seeding. */
const listFilters = (azure: FakeAzure): Array<string | null> =>
  azure.requests.filter((r) => r.operation === "RoleAssignments_ListForScope").map((r) => new URL(r.url).searchParams.get("$filter"));

describe("check's orphan lookup at a registry with many assignments", () => {
  it("downloads about as much at 2000 assignments as at 10, and still reports the orphan (and not the inherited one)", async () => {
    const small = seedRegistry(served.azure, 10);
    const few = await checkCountingBytes(served.azure, small.registryId);
    const big = seedRegistry(served.azure, 2000);
    const many = await checkCountingBytes(served.azure, big.registryId);

    for (const [run, { orphan }] of [[few, small], [many, big]] as const) {
      expect(run.assignments).toMatchObject({ status: "warn" });
      expect(run.assignments?.finding).toMatch(/^1 role assignment\(s\) at myacr name principals that no longer exist/);
      expect(run.assignments?.finding).toContain(`AcrPush for ${orphan}`);
      expect(run.assignments?.finding).toContain("looked up in Resource Graph");
    }
    // No full listing: the only assignment list is the puller's own (`atScope() and assignedTo(…)`).
    expect(listFilters(served.azure).filter((f) => f === "atScope()")).toEqual([]);
    // A full listing of 2000 assignments alone is over 1 MB; the whole check at 10 is a few kB.
    expect(many.bytes).toBeLessThanOrEqual(few.bytes * 1.1);
  });

  it("falls back to listing every assignment when Resource Graph refuses the caller, still reports the orphan, and says why", async () => {
    const { registryId, orphan } = seedRegistry(served.azure, 30);
    served.azure.faults.add({ operation: "Resources_Resources", authorizationFailed: true, times: Infinity });

    const { assignments } = await checkCountingBytes(served.azure, registryId);

    expect(assignments).toMatchObject({ status: "warn" });
    expect(assignments?.finding).toMatch(/^1 role assignment\(s\) at myacr name principals that no longer exist/);
    expect(assignments?.finding).toContain(`AcrPush for ${orphan}`);
    expect(assignments?.finding).toContain("found by listing every assignment at the registry, since Resource Graph answered 403 AuthorizationFailed");
    expect(listFilters(served.azure).filter((f) => f === "atScope()")).toHaveLength(1);
  });
});
