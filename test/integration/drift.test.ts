import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { hasErrorCode } from "../../src/errors.js";
import { createIntegration } from "../../src/integration/index.js";
import { REPOSITORY_READER } from "../../src/roles.js";
import { rejection } from "../helpers/fake-azure.js";
import { useFakeAzure, writes } from "./setup.js";
import { moveToAbac, recreateCluster } from "./world-changes.js";

/** The pair's assignment granting the wrong thing: attach replaces it (ARM cannot update it) and says old → new. */
const { azure, server, context } = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };

async function attached() {
  azure.seed.cluster(CLUSTER);
  const registry = (azure.seed.registry({ resourceGroup: "rg", name: "myacr" }) as { id: string }).id;
  const first = await createIntegration(context(), CLUSTER).attach(registry);
  azure.clearRequests();
  return { registry, first };
}

const link = () => createIntegration(context(), CLUSTER);

describe("the kubelet identity changed (cluster re-created under the same name)", () => {
  it("attach deletes the stale assignment and creates one for the new identity, reporting old → new", async () => {
    const { registry, first } = await attached();
    const oldKubelet = first.principal.objectId;
    const newKubelet = recreateCluster(azure, CLUSTER);
    azure.clearRequests();

    const result = await link().attach(registry);

    expect(result).toMatchObject({ created: true, assignmentName: first.assignmentName, principal: { objectId: newKubelet } });
    expect(result.replaced).toMatchObject({ drift: ["principal"], assignment: { principalId: oldKubelet, id: first.assignmentId } });
    expect(result.replaced?.change).toContain(`${oldKubelet}`);
    expect(result.replaced?.change).toContain(`→ ${newKubelet}`);
    expect(result.summary).toMatch(/^Replaced assignment/);
    expect(writes(azure).map((w) => `${w.method} ${w.status}`)).toEqual(["DELETE 200", "PUT 201"]);
    expect(azure.state.roleAssignments({ scope: registry })).toEqual([expect.objectContaining({ principalId: newKubelet, roleName: "AcrPull" })]);
  });

  it("a PUT of the pair's name for the new identity without deleting first is refused by ARM (RoleAssignmentUpdateNotPermitted)", async () => {
    const { first } = await attached();
    const newKubelet = recreateCluster(azure, CLUSTER);
    const response = await fetch(`https://management.azure.com${first.assignmentId}?api-version=2022-04-01`, {
      method: "PUT",
      headers: { authorization: `Bearer ${(await azure.credential().getToken("https://management.azure.com/.default"))?.token}`, "content-type": "application/json" },
      body: JSON.stringify({ properties: { roleDefinitionId: `/subscriptions/${azure.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`, principalId: newKubelet, principalType: "ServicePrincipal" } }),
    });

    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("RoleAssignmentUpdateNotPermitted");
  });

  it("a dry run says what it would replace and writes nothing", async () => {
    const { registry } = await attached();
    recreateCluster(azure, CLUSTER);
    azure.clearRequests();

    const result = await link().attach(registry, { dryRun: true });

    expect(result.replaced?.drift).toEqual(["principal"]);
    expect(result.summary).toMatch(/^Dry run: would replace/);
    expect(writes(azure)).toHaveLength(0);
  });

  it("a failure between the delete and the create says what state it left, and a re-run repairs it", async () => {
    const { registry, first } = await attached();
    const newKubelet = recreateCluster(azure, CLUSTER);
    server.use(http.put(/roleAssignments\//, () => HttpResponse.json({ error: { code: "InternalServerError", message: "boom" } }, { status: 500 }), { once: false }));

    const error = await rejection(createIntegration(context({ retry: false }), CLUSTER).attach(registry));

    expect(error.message).toContain(`stale assignment ${first.assignmentId} was deleted`);
    expect(error.message).toMatch(/run the same attach again/i);
    expect(error.changed).toEqual([`deleted role assignment ${first.assignmentId}`]);
    expect(azure.state.roleAssignments({ scope: registry })).toEqual([]);

    server.resetHandlers(...azure.handlers);
    const repaired = await link().attach(registry);

    expect(repaired).toMatchObject({ created: true, principal: { objectId: newKubelet } });
    expect(repaired.replaced).toBeUndefined();
    expect(azure.state.roleAssignments({ scope: registry })).toEqual([expect.objectContaining({ principalId: newKubelet })]);
  });
});

describe("the registry moved to AbacRepositoryPermissions", () => {
  it("attach replaces the pair's AcrPull (ignored there) with Container Registry Repository Reader", async () => {
    const { registry, first } = await attached();
    moveToAbac(azure, "myacr");

    const result = await link().attach(registry);

    expect(result.replaced).toMatchObject({ drift: ["role"], assignment: { role: { name: "AcrPull" } } });
    expect(result.replaced?.change).toMatch(/role AcrPull → Container Registry Repository Reader/);
    expect(result.role.id).toBe(REPOSITORY_READER);
    expect(result.assignmentName).toBe(first.assignmentName);
    expect(azure.state.roleAssignments({ scope: registry })).toEqual([expect.objectContaining({ roleName: "Container Registry Repository Reader" })]);
  });

  it("a caller that may only read gets PermissionDenied on the delete, and nothing changed", async () => {
    const { registry } = await attached();
    moveToAbac(azure, "myacr");
    const reader = azure.seed.principal({ displayName: "ci-reader", type: "ServicePrincipal" });
    azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}`, role: "Reader", principalId: reader.objectId });

    const error = await rejection(createIntegration(context({ credential: reader.objectId }), CLUSTER).attach(registry));

    expect(hasErrorCode(error, "PermissionDenied")).toBe(true);
    expect(azure.state.roleAssignments({ scope: registry })).toEqual([expect.objectContaining({ roleName: "AcrPull" })]);
  });
});
