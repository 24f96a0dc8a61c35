import { beforeEach, describe, expect, it } from "vitest";
import { serveFakeAzure } from "../helpers/fake-azure.js";
import { armCaller, armLister } from "./helpers.js";

const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
const NAME_A = "aaaaaaaa-0000-4000-8000-000000000001";
const NAME_B = "bbbbbbbb-0000-4000-8000-000000000002";

const { azure } = serveFakeAzure({ lifetime: "file" });

let registryId: string;
let kubelet: string;
const arm = armCaller(azure);
const listAll = armLister(azure);
const assignment = (scope: string, name: string) => `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
const acrPull = (principalId: string) => ({ properties: { roleDefinitionId: `/subscriptions/${azure.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`, principalId } });

beforeEach(() => {
  registryId = azure.seed.registry({ resourceGroup: "rg", name: "myacr01" }).id as string;
  azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
  kubelet = azure.state.clusters()[0]?.kubeletIdentity?.objectId ?? "";
});

describe("role assignment writes", () => {
  it("answers 201 for a new assignment and 200 when the same name is written again with the same content", async () => {
    const first = await arm("PUT", assignment(registryId, NAME_A), acrPull(kubelet));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ name: NAME_A, id: assignment(registryId, NAME_A), type: "Microsoft.Authorization/roleAssignments" });
    expect(first.body.properties).toMatchObject({ principalId: kubelet, principalType: "ServicePrincipal", scope: registryId, createdBy: azure.callerObjectId });
    const again = await arm("PUT", assignment(registryId, NAME_A), acrPull(kubelet));
    expect(again.status).toBe(200);
    expect(azure.state.roleAssignments({ scope: registryId })).toHaveLength(1);
  });

  it("answers 409 RoleAssignmentExists when the same scope, role and principal exist under another name", async () => {
    await arm("PUT", assignment(registryId, NAME_A), acrPull(kubelet));
    const duplicate = await arm("PUT", assignment(registryId, NAME_B), acrPull(kubelet));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toEqual({ code: "RoleAssignmentExists", message: "The role assignment already exists." });
  });

  it("answers 400 PrincipalNotFound while a new identity replicates, counting down per attempt", async () => {
    azure.knobs.identityReplicationAttempts = 2;
    azure.seed.cluster({ resourceGroup: "rg", name: "fresh" });
    const fresh = azure.state.clusters().find((c) => c.name === "fresh")?.kubeletIdentity?.objectId ?? "";
    const statuses: number[] = [];
    for (const name of [NAME_A, NAME_B, NAME_A]) {
      const answer = await arm("PUT", assignment(registryId, name), acrPull(fresh));
      statuses.push(answer.status);
      if (answer.status === 400) {
        expect(answer.body.error.code).toBe("PrincipalNotFound");
        expect(answer.body.error.message).toContain(`Principal ${fresh.replace(/-/g, "")} does not exist in the directory ${azure.tenantId}`);
      }
    }
    expect(statuses).toEqual([400, 400, 201]);
  });

  it("answers 400 PrincipalNotFound for a principal that does not exist or was deleted", async () => {
    const deleted = azure.seed.principal({ type: "ServicePrincipal", deleted: true });
    for (const principalId of ["0d0d0d0d-0000-4000-8000-000000000000", deleted.objectId]) {
      const answer = await arm("PUT", assignment(registryId, NAME_A), acrPull(principalId));
      expect([answer.status, answer.body.error.code]).toEqual([400, "PrincipalNotFound"]);
    }
  });

  it("answers 403 AuthorizationFailed with ARM's wording when the caller lacks roleAssignments/write", async () => {
    const contributor = azure.seed.principal();
    azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}`, role: "Contributor", principalId: contributor.objectId });
    const answer = await armCaller(azure, contributor.objectId)("PUT", assignment(registryId, NAME_A), acrPull(kubelet));
    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({
      code: "AuthorizationFailed",
      message: `The client '${contributor.objectId}' with object id '${contributor.objectId}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${registryId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    });
  });

  it("lets a User Access Administrator or RBAC Administrator scoped to the registry write there", async () => {
    for (const [role, name] of [["User Access Administrator", NAME_A], ["Role Based Access Control Administrator", NAME_B]] as const) {
      const admin = azure.seed.principal();
      azure.seed.roleAssignment({ scope: registryId, role, principalId: admin.objectId });
      const principal = azure.seed.principal({ type: "ServicePrincipal" });
      expect((await armCaller(azure, admin.objectId)("PUT", assignment(registryId, name), acrPull(principal.objectId))).status).toBe(201);
    }
  });

  it("answers 404 when the scope names a registry that does not exist", async () => {
    const answer = await arm("PUT", assignment(`${registryId}x`, NAME_A), acrPull(kubelet));
    expect([answer.status, answer.body.error.code]).toEqual([404, "ResourceNotFound"]);
  });
});

describe("role assignment reads and deletes", () => {
  it("lists atScope() with inherited assignments, principalId and assignedTo filters, and everything below without a filter", async () => {
    await arm("PUT", assignment(registryId, NAME_A), acrPull(kubelet));
    const rootPrincipal = azure.seed.principal({ type: "ServicePrincipal" });
    azure.seed.roleAssignment({ scope: "/", role: "Reader", principalId: rootPrincipal.objectId });
    const list = `${registryId}/providers/Microsoft.Authorization/roleAssignments`;
    const names = async (path: string) => ((await listAll(path)) as { name: string }[]).map((a) => a.name).sort();
    const callerOwner = azure.state.roleAssignments({ principalId: azure.callerObjectId }).map((a) => a.name);
    const root = azure.state.roleAssignments({ scope: "/" }).map((a) => a.name);

    expect(await names(`${list}?$filter=atScope()`)).toEqual([NAME_A, ...callerOwner, ...root].sort());
    expect(await names(`${list}?$filter=${encodeURIComponent(`principalId eq '${kubelet}'`)}`)).toEqual([NAME_A]);
    expect(await names(`${list}?$filter=${encodeURIComponent(`atScope() and assignedTo('${kubelet}')`)}`)).toEqual([NAME_A]);
    const subscriptionList = `/subscriptions/${azure.subscriptionId}/providers/Microsoft.Authorization/roleAssignments`;
    expect(await names(subscriptionList)).toEqual([NAME_A, ...callerOwner, ...root].sort());
    expect(await names(`${subscriptionList}?$filter=atScope()`)).toEqual([...callerOwner, ...root].sort());
  });

  it("renders an inherited assignment's role definition id under the subscription it was read in", async () => {
    const principal = azure.seed.principal({ type: "ServicePrincipal" });
    azure.seed.roleAssignment({ scope: "/", role: "Reader", principalId: principal.objectId });
    const { body } = await arm("GET", `${registryId}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent(`principalId eq '${principal.objectId}'`)}`);
    expect(body.value[0].id).toBe(`/providers/Microsoft.Authorization/roleAssignments/${body.value[0].name}`);
    expect(body.value[0].properties.roleDefinitionId).toBe(`/subscriptions/${azure.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`);
  });

  it("gets by id, deletes with 200 and the body, then answers 204 for the absent assignment", async () => {
    await arm("PUT", assignment(registryId, NAME_A), acrPull(kubelet));
    expect((await arm("GET", assignment(registryId, NAME_A))).body.properties.principalId).toBe(kubelet);
    const removed = await arm("DELETE", assignment(registryId, NAME_A));
    expect([removed.status, removed.body.name]).toEqual([200, NAME_A]);
    expect((await arm("DELETE", assignment(registryId, NAME_A))).status).toBe(204);
    expect((await arm("GET", assignment(registryId, NAME_A))).status).toBe(404);
    expect(azure.state.roleAssignments({ principalId: kubelet })).toEqual([]);
  });

  it("reads role definitions by name case-insensitively and the caller's permissions at a scope", async () => {
    const { body } = await arm("GET", `${registryId}/providers/Microsoft.Authorization/roleDefinitions?$filter=${encodeURIComponent("roleName eq 'acrpull'")}`);
    expect(body.value.map((r: { name: string }) => r.name)).toEqual([ACR_PULL]);
    const reader = azure.seed.principal();
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPush", principalId: reader.objectId });
    const permissions = await armCaller(azure, reader.objectId)("GET", `${registryId}/providers/Microsoft.Authorization/permissions`);
    expect(permissions.body.value[0].actions).toEqual(["Microsoft.ContainerRegistry/registries/pull/read", "Microsoft.ContainerRegistry/registries/push/write"]);
  });
});
