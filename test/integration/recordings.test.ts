import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createContext } from "../../src/context.js";
import { createIntegration } from "../../src/integration/index.js";
import { assignmentName } from "../../src/integration/assignment-name.js";
import { settleWithFakeTimers, useFakeClock } from "./drive-timers.js";
import { recording, replayServer, staticCredential, type RecordedResponse, type Rule } from "./replay.js";

// The cassettes redact subscription ids to zeros; the ids below are the recorded ones.
const SUB = "00000000-0000-0000-0000-000000000000";
const REGISTRY = `/subscriptions/${SUB}/resourceGroups/clitest.rg000001/providers/Microsoft.ContainerRegistry/registries/acr000004`;
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/clitest000001/providers/Microsoft.ContainerService/managedClusters/cliakstest000002`;
// The principal of the recorded 409 and of the AcrPull assignment in the recorded atScope list.
const KUBELET = "258f3716-99c3-40c2-a770-cfb7b639d594";
const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

/** The recorded MSI cluster, its kubelet objectId (redacted to 0…1 in the cassette) set to `objectId`. */
function clusterWithKubelet(objectId: string): RecordedResponse {
  const recorded = recording("aks-managedcluster-get-msi-with-identityprofile.json").response;
  const body = structuredClone(recorded.body) as { properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
  body.properties.identityProfile.kubeletidentity.objectId = objectId;
  return { ...recorded, body };
}

const clusterGet = (objectId: string): Rule => ({ method: "GET", path: /managedClusters\/cliakstest000002$/, answers: [clusterWithKubelet(objectId)] });
/** ARM's answer to a GET of an assignment name that does not exist (the pair's, before its first attach). */
const pairNotFound: Rule = {
  method: "GET",
  path: /roleAssignments\/[0-9a-f-]+$/,
  answers: [{ status: 404, headers: {}, body: { error: { code: "RoleAssignmentNotFound", message: "The role assignment is not found." } } }],
};
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

function link(rules: Rule[]) {
  const replay = replayServer(rules);
  server.use(...replay.handlers);
  const ctx = createContext({ credential: staticCredential, subscriptionId: SUB });
  return { integration: createIntegration(ctx, CLUSTER), seen: replay.seen };
}

describe("replaying recorded ARM exchanges", () => {
  it("reads a recorded 409 RoleAssignmentExists as access already granted under another name, and finds that assignment", async () => {
    const { integration, seen } = link([
      clusterGet(KUBELET),
      pairNotFound,
      { method: "PUT", path: /roleAssignments\/[0-9a-f-]+$/, answers: [recording("authz-roleassignment-put-409-RoleAssignmentExists-acrpull-registry.json").response] },
      { method: "GET", path: /registries\/acr000004\/providers\/Microsoft\.Authorization\/roleAssignments$/, answers: [recording("authz-roleassignments-list-atScope-registry-200.json").response] },
    ]);

    const result = await integration.attach(REGISTRY, { role: "AcrPull" });

    expect(result).toMatchObject({ created: false, alreadyPresent: "otherName", attempts: 1 });
    expect(result.assignmentId).toBe(`${REGISTRY}/providers/Microsoft.Authorization/roleAssignments/88888888-0000-0000-0000-000000000001`);
    expect(seen.map((s) => s.method)).toEqual(["GET", "GET", "PUT", "GET"]);
    expect(seen[3]?.url.searchParams.get("$filter")).toBe(`atScope() and assignedTo('${KUBELET}')`);
  });

  it("sends the body the recorded 201 was answered for: roleDefinitionId, principalId and principalType ServicePrincipal", async () => {
    const { integration, seen } = link([
      clusterGet(KUBELET),
      pairNotFound,
      { method: "PUT", path: /roleAssignments\/[0-9a-f-]+$/, answers: [recording("authz-roleassignment-put-acrpull-on-registry-201.json").response] },
    ]);

    const result = await integration.attach(REGISTRY, { role: "AcrPull" });

    expect(result.created).toBe(true);
    const put = seen.find((s) => s.method === "PUT");
    expect(put?.url.pathname).toBe(`${REGISTRY}/providers/Microsoft.Authorization/roleAssignments/${assignmentName(REGISTRY, CLUSTER)}`);
    expect(put?.url.searchParams.get("api-version")).toBe("2022-04-01");
    expect(put?.body).toEqual({
      properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`, principalId: KUBELET, principalType: "ServicePrincipal" },
    });
  });

  it("survives the recorded PrincipalNotFound twice, waiting 2 s then 4 s, and reports the 201 of the third attempt", async () => {
    useFakeClock();
    const { integration, seen } = link([
      clusterGet(KUBELET),
      pairNotFound,
      {
        method: "PUT",
        path: /roleAssignments\/[0-9a-f-]+$/,
        answers: [
          recording("authz-roleassignment-put-400-PrincipalNotFound-attempt1.json").response,
          recording("authz-roleassignment-put-400-PrincipalNotFound-attempt2.json").response,
          recording("authz-roleassignment-put-201-attempt3-after-PrincipalNotFound.json").response,
        ],
      },
    ]);
    const puts = () => seen.filter((s) => s.method === "PUT");

    const result = await settleWithFakeTimers(integration.attach(REGISTRY, { role: "AcrPull" }));

    const [first, second, third] = puts().map((p) => p.at);
    expect([(second ?? 0) - (first ?? 0), (third ?? 0) - (second ?? 0)]).toEqual([2000, 4000]);
    expect(puts()).toHaveLength(3);
    expect(result).toMatchObject({ created: true, attempts: 3 });
    const names = new Set(puts().map((s) => s.url.pathname));
    expect(names.size).toBe(1);
  });

  it("detaches from the recorded list of the registry's assignments: deletes only this principal's AcrPull at the registry, by id", async () => {
    const { integration, seen } = link([
      clusterGet(KUBELET),
      pairNotFound,
      { method: "GET", path: /registries\/acr000004\/providers\/Microsoft\.Authorization\/roleAssignments$/, answers: [recording("authz-roleassignments-list-atScope-registry-200.json").response] },
      { method: "DELETE", path: /roleAssignments\/88888888-0000-0000-0000-000000000001$/, answers: [recording("authz-roleassignment-delete-200.json").response] },
    ]);

    const result = await integration.detach(REGISTRY);

    expect(result.nothingFound).toBe(false);
    expect(result.removed.map((a) => a.id)).toEqual([`${REGISTRY}/providers/Microsoft.Authorization/roleAssignments/88888888-0000-0000-0000-000000000001`]);
    expect(result.left).toEqual([]);
    expect(seen.filter((s) => s.method === "DELETE")).toHaveLength(1);
    expect(seen.find((s) => s.method === "GET" && s.url.pathname.endsWith("/roleAssignments"))?.url.searchParams.get("$filter")).toBe(`atScope() and assignedTo('${KUBELET}')`);
  });

  it("reports an assignment inherited from the resource group in the recorded list as left, and deletes nothing", async () => {
    const principal = "06651546-4121-4ccd-a25d-13fe0422467e";
    const registry = `/subscriptions/${SUB}/resourceGroups/cli_role_assign000001/providers/Microsoft.ContainerRegistry/registries/acr000009`;
    const { integration, seen } = link([
      clusterGet(principal),
      pairNotFound,
      { method: "GET", path: /registries\/acr000009\/providers\/Microsoft\.Authorization\/roleAssignments$/, answers: [recording("authz-roleassignments-list-atScope-resourcegroup-before-delete-200.json").response] },
    ]);

    const result = await integration.detach(registry);

    expect(result).toMatchObject({ removed: [], nothingFound: true });
    expect(result.left).toHaveLength(1);
    expect(result.left[0]?.assignment.scope).toBe(`/subscriptions/${SUB}/resourceGroups/cli_role_assign000001`);
    expect(result.left[0]?.reason).toMatch(/inherited/);
    expect(result.summary).toMatch(/Nothing to remove/);
    expect(seen.some((s) => s.method === "DELETE")).toBe(false);
  });
});
