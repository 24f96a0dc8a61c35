import { describe, expect, it } from "vitest";
import { definitionPullRights, matchesOperation, permissionsGrantPull, PULL_ACTION, PULL_DATA_ACTION } from "../../src/check/pullRights.js";
import { evaluatePullRole, describeScope, type PrincipalAssignment } from "../../src/check/pullRoleCheck.js";
import { builtInPullRights } from "../../src/check/pullRights.js";
import { ACR_PULL, REPOSITORY_READER } from "../../src/roles.js";

const registryId = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr";

function assignment(roleGuid: string, scope = registryId, condition?: string): PrincipalAssignment {
  const rights = builtInPullRights(roleGuid);
  if (!rights) throw new Error(`unknown role ${roleGuid}`);
  return { id: `${scope}/providers/Microsoft.Authorization/roleAssignments/a-${roleGuid}`, scope, roleGuid, rights, ...(condition && { condition }) };
}

function evaluate(mode: "AbacRepositoryPermissions" | "LegacyRegistryPermissions", assignments: PrincipalAssignment[]) {
  return evaluatePullRole({
    registry: { id: registryId, name: "myacr", roleAssignmentMode: mode },
    principal: "the kubelet identity k1",
    assignments,
    attachCall: 'integration({ resourceGroup: "rg", name: "aks" }).attach("myacr")',
    attachReaderCall: 'integration({ resourceGroup: "rg", name: "aks" }).attach("myacr", { role: "Container Registry Repository Reader" })',
  });
}

describe("permission evaluation", () => {
  it("treats * as a wildcard and ignores case", () => {
    expect(matchesOperation("*", PULL_ACTION)).toBe(true);
    expect(matchesOperation("*/read", PULL_ACTION)).toBe(true);
    expect(matchesOperation("microsoft.containerregistry/registries/*", PULL_ACTION)).toBe(true);
    expect(matchesOperation("Microsoft.ContainerRegistry/registries/push/write", PULL_ACTION)).toBe(false);
    expect(matchesOperation("*/write", PULL_ACTION)).toBe(false);
  });

  it("lets notActions take away what actions grant", () => {
    expect(permissionsGrantPull([{ actions: ["*"], notActions: ["Microsoft.ContainerRegistry/*"] }], "LegacyRegistryPermissions")).toBe(false);
    expect(permissionsGrantPull([{ actions: ["*"], notActions: [] }], "LegacyRegistryPermissions")).toBe(true);
  });

  it("honours only the repository data action in ABAC mode", () => {
    const custom = definitionPullRights("Pullers", [{ actions: [PULL_ACTION] }]);
    expect(custom.pulls).toEqual({ LegacyRegistryPermissions: true, AbacRepositoryPermissions: false });
    const data = definitionPullRights("Readers", [{ dataActions: [PULL_DATA_ACTION] }]);
    expect(data.pulls).toEqual({ LegacyRegistryPermissions: true, AbacRepositoryPermissions: true });
    expect(permissionsGrantPull([{ dataActions: ["*"], notDataActions: [PULL_DATA_ACTION] }], "AbacRepositoryPermissions")).toBe(false);
  });
});

describe("pull role check", () => {
  it("passes with AcrPull on an RBAC-only registry", () => {
    const result = evaluate("LegacyRegistryPermissions", [assignment(ACR_PULL)]);
    expect(result.status).toBe("pass");
    expect(result.finding).toContain("AcrPull (on the registry)");
  });

  it("fails AcrPull on an ABAC registry as present but not honoured, and names Repository Reader", () => {
    const result = evaluate("AbacRepositoryPermissions", [assignment(ACR_PULL)]);
    expect(result.status).toBe("fail");
    expect(result.finding).toContain("present but not honoured in ABAC mode");
    expect(result.fix).toContain('role: "Container Registry Repository Reader"');
  });

  it("passes an assignment inherited from the resource group and says so", () => {
    const result = evaluate("LegacyRegistryPermissions", [assignment(ACR_PULL, "/subscriptions/s1/resourceGroups/rg")]);
    expect(result.status).toBe("pass");
    expect(result.finding).toContain("inherited from resource group rg");
  });

  it("fails with the attach call when nothing grants pull", () => {
    const result = evaluate("LegacyRegistryPermissions", []);
    expect(result.status).toBe("fail");
    expect(result.fix).toBe('Attach the registry: integration({ resourceGroup: "rg", name: "aks" }).attach("myacr")');
  });

  it("names the roles held that do not grant pull", () => {
    const networkOnly = definitionPullRights("Network Operator", [{ actions: ["Microsoft.Network/*"] }]);
    const held: PrincipalAssignment = { id: "a1", scope: registryId, roleGuid: "0b4c8f2e-5d6a-4e7f-8a9b-0c1d2e3f4a5b", rights: networkOnly };
    const result = evaluate("LegacyRegistryPermissions", [held]);
    expect(result.status).toBe("fail");
    expect(result.finding).toContain("it holds only Network Operator (on the registry), which do not grant pull");
  });

  it("warns when the only grant carries an ABAC condition", () => {
    const result = evaluate("AbacRepositoryPermissions", [assignment(REPOSITORY_READER, registryId, "@Request[...] StringStartsWith 'team-a/'")]);
    expect(result.status).toBe("warn");
    expect(result.fix).toContain("condition");
  });

  it("describes every kind of parent scope", () => {
    expect(describeScope("/subscriptions/s1", registryId)).toBe("inherited from subscription s1");
    expect(describeScope("/providers/Microsoft.Management/managementGroups/mg1", registryId)).toBe("inherited from management group mg1");
    expect(describeScope("/", registryId)).toBe("inherited from the root scope (/)");
    expect(describeScope(registryId.toUpperCase(), registryId)).toBe("on the registry");
  });
});
