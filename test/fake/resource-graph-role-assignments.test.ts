/**
 * The fake's Resource Graph `authorizationresources` rows say what ARM's roleAssignments route
 * says: a principal deleted from the directory shows as principalType "Unknown" in both, and only
 * then. And the orphan query `check` sends is answered with just the orphans, in its projection.
 */
import { describe, expect, it } from "vitest";
import { orphansQuery } from "../../src/check/orphansAtRegistry.js";
import { listAssignments } from "../../src/integration/assignments.js";
import { queryResourceGraph } from "../../src/resolve/resourceGraph.js";
import { seedClusterAndRegistry, serveFakeAzure } from "../helpers/fake-azure.js";

const served = serveFakeAzure();

function seedAssignments(): { registryId: string; orphanName: string; orphanPrincipal: string } {
  const azure = served.azure;
  const { registryId } = seedClusterAndRegistry(azure);
  const user = azure.seed.principal({ type: "User" }).objectId;
  const identity = azure.seed.principal({ type: "ManagedIdentity" }).objectId;
  const gone = azure.seed.principal({ type: "ServicePrincipal", deleted: true }).objectId;
  azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: user });
  azure.seed.roleAssignment({ scope: registryId, role: "Reader", principalId: identity });
  const orphan = azure.seed.roleAssignment({ scope: registryId, role: "AcrPush", principalId: gone }) as { name: string };
  azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}/resourceGroups/rg`, role: "AcrPull", principalId: gone });
  return { registryId, orphanName: orphan.name, orphanPrincipal: gone };
}

describe("Resource Graph's role assignments in the fake", () => {
  it("show the principalType ARM's roleAssignments list shows, Unknown for a deleted principal only", async () => {
    const { registryId, orphanName } = seedAssignments();

    const { assignments } = await listAssignments(served.ctx, registryId, "atScope()", { operation: "test" });
    const viaArm = Object.fromEntries(assignments.filter((a) => a.scope.toLowerCase() === registryId.toLowerCase()).map((a) => [a.name, a.principalType]));
    const answer = await queryResourceGraph<{ name: string; principalType: string }>(
      served.ctx,
      `authorizationresources | where type =~ 'microsoft.authorization/roleassignments' and properties.scope =~ '${registryId}' | project name, principalType = properties.principalType`,
      { operation: "test" },
    );
    const viaGraph = Object.fromEntries((answer.available ? answer.rows : []).map((r) => [r.name, r.principalType]));

    expect(Object.keys(viaArm).length).toBeGreaterThanOrEqual(3);
    expect(viaGraph).toEqual(viaArm);
    expect(Object.entries(viaGraph).filter(([, type]) => type === "Unknown").map(([name]) => name)).toEqual([orphanName]);
  });

  it("answer check's orphan query with the orphans at exactly that scope, in its projection", async () => {
    const { registryId, orphanName, orphanPrincipal } = seedAssignments();

    const answer = await queryResourceGraph<Record<string, unknown>>(served.ctx, orphansQuery(registryId.toUpperCase()), { operation: "test" });

    expect(answer.available && answer.rows).toEqual([
      {
        id: `${registryId}/providers/Microsoft.Authorization/roleAssignments/${orphanName}`,
        name: orphanName,
        principalId: orphanPrincipal,
        roleDefinitionId: expect.stringMatching(/\/providers\/Microsoft\.Authorization\/roleDefinitions\/8311e382-0749-4cb8-b61a-304f252e45ec$/),
      },
    ]);
  });
});
