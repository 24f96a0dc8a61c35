import { describe, expect, it } from "vitest";
import { SeedDocumentError, applySeedDocument, createFakeAzure, parseSeedDocument } from "../../fakes/index.js";

const WORLD_YAML = `
subscriptions:
  - id: 22222222-0000-4000-8000-000000000002
    displayName: Dev
resourceGroups:
  - name: rg
    location: northeurope
principals:
  - name: ci
    displayName: CI pipeline
    type: ServicePrincipal
clusters:
  - name: aks
    resourceGroup: rg
  - name: legacy
    resourceGroup: rg
    identity: servicePrincipal
registries:
  - name: myacr
    resourceGroup: rg
    images: [nginx:v1, team/app:1.0]
  - name: abacacr
    resourceGroup: other
    roleAssignmentMode: AbacRepositoryPermissions
roleAssignments:
  - role: AcrPull
    scope: registry:myacr
    principal: kubelet:aks
  - role: Contributor
    scope: resourceGroup:rg
    principal: principal:ci
  - role: Reader
    scope: subscription
    principal: caller
`;

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SeedDocumentError);
    return (error as SeedDocumentError).issues;
  }
  throw new Error("expected a SeedDocumentError");
}

describe("seed documents", () => {
  it("seed a whole world from YAML: groups, principals, clusters, registries with images, role assignments by reference", () => {
    const azure = createFakeAzure();
    const summary = applySeedDocument(azure, parseSeedDocument(WORLD_YAML, "world.yaml"));
    expect(summary.clusters).toHaveLength(2);
    expect(azure.state.images("myacr")).toEqual(["nginx:v1", "team/app:1.0"]);
    expect(azure.state.registries().find((r) => r.name === "abacacr")?.roleAssignmentMode).toBe("AbacRepositoryPermissions");
    expect(azure.world.subscriptions.has("22222222-0000-4000-8000-000000000002")).toBe(true);
    expect(azure.world.resourceGroups.get(`/subscriptions/${azure.subscriptionId}/resourcegroups/rg`)?.location).toBe("northeurope");

    const aks = azure.state.clusters().find((c) => c.name === "aks")!;
    const myacr = azure.state.registries().find((r) => r.name === "myacr")!;
    expect(azure.state.roleAssignments({ scope: myacr.id, principalId: aks.kubeletIdentity!.objectId }).map((a) => a.roleName)).toEqual(["AcrPull"]);
    const ci = summary.principals["ci"]!;
    expect(azure.world.principals.get(ci)?.type).toBe("ServicePrincipal");
    expect(azure.state.roleAssignments({ principalId: ci })).toMatchObject([{ roleName: "Contributor", scope: `/subscriptions/${azure.subscriptionId}/resourceGroups/rg` }]);
    expect(azure.state.roleAssignments({ principalId: azure.callerObjectId, scope: `/subscriptions/${azure.subscriptionId}` }).map((a) => a.roleName).sort()).toEqual(["Owner", "Reader"]);
    expect(azure.state.clusters().find((c) => c.name === "legacy")?.identityKind).toBe("servicePrincipal");
  });

  it("read JSON as well (JSON is YAML), and an empty document as an empty world", () => {
    const azure = createFakeAzure();
    applySeedDocument(azure, parseSeedDocument(JSON.stringify({ registries: [{ name: "jsonacr", resourceGroup: "rg", images: ["nginx:v1"] }] })));
    expect(azure.state.images("jsonacr")).toEqual(["nginx:v1"]);
    expect(parseSeedDocument("")).toEqual({});
  });

  it("report every shape problem at once, each with its path and the accepted values", () => {
    const issues = issuesOf(() =>
      parseSeedDocument(`
clusters:
  - name: aks
    identity: workload
  - resourceGroup: rg
registries: { name: x }
principals:
  - name: p
    type: Robot
    colour: blue
roleAssignments:
  - role: AcrPull
    scope: registry:x
nodes: []
`),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        "unknown section 'nodes' (sections: tenantId, subscriptionId, subscriptions, resourceGroups, principals, clusters, registries, roleAssignments)",
        "clusters[0].resourceGroup is required",
        "clusters[0].identity: expected one of managed, servicePrincipal, not string \"workload\"",
        "clusters[1].name is required",
        "registries: expected a list, not a mapping",
        "principals[0]: unknown field 'colour' (fields: name, displayName, type, objectId, clientId)",
        "principals[0].type: expected one of User, ServicePrincipal, ManagedIdentity, Group, not string \"Robot\"",
        "roleAssignments[0].principal is required",
      ]),
    );
  });

  it("name the file and the docs in the error message", () => {
    expect(() => parseSeedDocument("clusters: 3", "world.yaml")).toThrow(/seed document world\.yaml: clusters: expected a list, not number 3.*docs\/using-the-fake-from-other-clients\.md/);
    expect(() => parseSeedDocument("{ unclosed", "broken.json")).toThrow(/broken\.json: it is neither JSON nor YAML/);
    expect(() => parseSeedDocument("- a list")).toThrow(/must be a mapping/);
  });

  it("refuse dangling and ambiguous references, and duplicates, without changing the world", () => {
    const azure = createFakeAzure();
    azure.seed.registry({ resourceGroup: "rg", name: "taken" });
    azure.seed.cluster({ resourceGroup: "a", name: "twin" });
    azure.seed.cluster({ resourceGroup: "b", name: "twin" });
    const before = azure.world.roleAssignments.size;
    const issues = issuesOf(() =>
      applySeedDocument(
        azure,
        parseSeedDocument(`
registries:
  - { name: taken, resourceGroup: rg }
  - { name: no, resourceGroup: rg }
roleAssignments:
  - { role: AcrPull, scope: registry:ghost, principal: kubelet:twin }
  - { role: Wizard, scope: "cluster:twin", principal: principal:nobody }
  - { role: AcrPull, scope: somewhere, principal: someone }
resourceGroups:
  - { name: rg2, subscription: 33333333-0000-4000-8000-000000000003 }
`),
      ),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        "registries[0]: registry 'taken' exists already (registry names are unique across Azure)",
        "registries[1].name 'no' is not a valid registry name (5 to 50 letters and digits)",
        "roleAssignments[0].scope names registry 'ghost', which neither the document nor the world holds",
        "roleAssignments[0].principal names cluster 'twin', which several resource groups hold; write <resource group>/<name>",
        "roleAssignments[1].role 'Wizard' is no role the fake knows (a built-in role name such as AcrPull, or a role definition GUID)",
        "roleAssignments[1].principal names principal 'nobody', which 'principals' does not list",
        "roleAssignments[2].scope 'somewhere' is not a scope: use an ARM id, subscription, resourceGroup:<name>, registry:<name> or cluster:<name>",
        "roleAssignments[2].principal 'someone' is not a principal: use an object id, caller, principal:<name> or kubelet:<cluster name>",
        "resourceGroups[0].subscription '33333333-0000-4000-8000-000000000003' is neither the default subscription nor one in 'subscriptions'",
      ]),
    );
    expect(azure.world.roleAssignments.size).toBe(before);
    expect(azure.state.registries().map((r) => r.name)).toEqual(["taken"]);
  });

  it("resolve a cluster named twice by <resource group>/<name>", () => {
    const azure = createFakeAzure();
    azure.seed.cluster({ resourceGroup: "a", name: "twin" });
    const b = azure.seed.cluster({ resourceGroup: "b", name: "twin" }) as { id: string };
    applySeedDocument(azure, parseSeedDocument("registries: [{ name: twinacr, resourceGroup: b }]\nroleAssignments: [{ role: AcrPull, scope: registry:twinacr, principal: kubelet:b/twin }]"));
    const kubelet = azure.state.clusters().find((c) => c.id === b.id)!.kubeletIdentity!.objectId;
    expect(azure.state.roleAssignments({ principalId: kubelet }).map((a) => a.roleName)).toEqual(["AcrPull"]);
  });

  it("accept the default tenant and subscription only when they are the running fake's", () => {
    const azure = createFakeAzure();
    const same = parseSeedDocument(`tenantId: ${azure.tenantId}\nsubscriptionId: ${azure.subscriptionId}`);
    expect(() => applySeedDocument(azure, same)).not.toThrow();
    expect(issuesOf(() => applySeedDocument(azure, parseSeedDocument("subscriptionId: 44444444-0000-4000-8000-000000000004")))[0]).toMatch(/differs from the running fake's .* chosen when the fake starts/);
    expect(issuesOf(() => parseSeedDocument("tenantId: not-a-guid"))).toEqual(["tenantId: expected a GUID like 00000000-0000-4000-8000-000000000001, not 'not-a-guid'"]);
  });
});
