import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { hasErrorCode } from "../../src/errors.js";
import { createIntegration } from "../../src/integration/index.js";
import { ACR_PULL, REPOSITORY_READER } from "../../src/roles.js";
import { roundTrips, useFakeAzure, writes } from "./setup.js";

const { azure, server, context, flights } = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };

type Seeded = { id: string; properties: { identityProfile?: { kubeletidentity: { objectId: string } }; servicePrincipalProfile?: { clientId: string } } };

function seedPair(options: { mode?: "AbacRepositoryPermissions" | "LegacyRegistryPermissions"; identity?: "managed" | "servicePrincipal" } = {}) {
  const cluster = azure.seed.cluster({ ...CLUSTER, ...(options.identity && { identity: options.identity }) }) as Seeded;
  const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr", ...(options.mode && { roleAssignmentMode: options.mode }) }) as { id: string };
  azure.clearRequests();
  return { cluster, registry, kubelet: cluster.properties.identityProfile?.kubeletidentity.objectId ?? "" };
}

const link = () => createIntegration(context(), CLUSTER);

describe("attach by each kind of registry reference", () => {
  it("by name: one Resource Graph query (the registry and its pull grants) and the cluster GET, then one PUT: 3 requests, 2 round trips", async () => {
    const { registry, kubelet } = seedPair();

    const result = await link().attach("myacr");

    expect(result).toMatchObject({ created: true, role: { id: ACR_PULL, name: "AcrPull" }, principal: { kind: "kubeletIdentity", objectId: kubelet } });
    expect(azure.state.roleAssignments({ scope: registry.id })).toEqual([
      expect.objectContaining({ principalId: kubelet, roleName: "AcrPull", name: result.assignmentName }),
    ]);
    expect(azure.requests).toHaveLength(3);
    expect(azure.requests.filter((r) => r.operation === "RoleAssignments_Get")).toHaveLength(0);
    expect(writes(azure).map((w) => w.operation)).toEqual(["RoleAssignments_Create"]);
    expect(roundTrips(flights)).toBe(2);
  });

  it("by login server, matching the registry's loginServer", async () => {
    const { registry } = seedPair();

    const result = await link().attach("MyAcr.azurecr.io");

    expect(result.registry).toMatchObject({ id: registry.id, loginServer: "myacr.azurecr.io" });
    expect(result.created).toBe(true);
  });

  it("by resource id with a role: the cluster GET and the pair's assignment GET together, then one PUT: 3 requests, 2 round trips", async () => {
    const { registry } = seedPair();

    const result = await link().attach(registry.id, { role: "AcrPull" });

    expect(result.created).toBe(true);
    expect(azure.requests.map((r) => [r.method, r.operation]).sort()).toEqual([
      ["GET", "ManagedClusters_Get"],
      ["GET", "RoleAssignments_Get"],
      ["PUT", "RoleAssignments_Create"],
    ]);
    expect(roundTrips(flights)).toBe(2);
  });

  it("by resource id without a role: reads cluster, registry and the pair's assignment in parallel, then one PUT", async () => {
    const { registry } = seedPair();

    await link().attach(registry.id);

    expect(azure.requests).toHaveLength(4);
    expect(roundTrips(flights)).toBe(2);
    expect(writes(azure)).toHaveLength(1);
  });

  it("by the resource id of a registry in another subscription of the same tenant", async () => {
    const { kubelet } = seedPair();
    const other = azure.seed.subscription();
    const registry = azure.seed.registry({ resourceGroup: "shared", name: "sharedacr", subscriptionId: other }) as { id: string };

    const result = await link().attach(registry.id);

    expect(result.created).toBe(true);
    expect(azure.state.roleAssignments({ scope: registry.id })).toEqual([expect.objectContaining({ principalId: kubelet })]);
  });

  it("by the name of a registry in another visible subscription, after the current one", async () => {
    seedPair();
    const other = azure.seed.subscription();
    const registry = azure.seed.registry({ resourceGroup: "shared", name: "elsewhereacr", subscriptionId: other }) as { id: string };

    const result = await link().attach("elsewhereacr");

    expect(result.registry.id).toBe(registry.id);
  });
});

describe("choosing principal and role", () => {
  it("grants a service-principal cluster's service principal, its objectId looked up in Graph by clientId", async () => {
    const { cluster, registry } = seedPair({ identity: "servicePrincipal" });
    const clientId = cluster.properties.servicePrincipalProfile?.clientId ?? "";
    const principal = [...azure.world.principals.values()].find((p) => p.clientId === clientId);

    const result = await link().attach("myacr");

    expect(result.principal).toMatchObject({ kind: "servicePrincipal", clientId, objectId: principal?.objectId });
    expect(azure.state.roleAssignments({ scope: registry.id })).toEqual([expect.objectContaining({ principalId: principal?.objectId })]);
    expect(azure.requests.some((r) => r.operation === "Graph_ServicePrincipals_GetByAppId")).toBe(true);
  });

  it("grants Container Registry Repository Reader on an ABAC registry, saying why", async () => {
    const { registry } = seedPair({ mode: "AbacRepositoryPermissions" });

    const result = await link().attach("myacr");

    expect(result.role).toMatchObject({ id: REPOSITORY_READER, name: "Container Registry Repository Reader" });
    expect(result.role.reason).toMatch(/AbacRepositoryPermissions/);
    expect(azure.state.roleAssignments({ scope: registry.id })).toEqual([expect.objectContaining({ roleName: "Container Registry Repository Reader" })]);
  });
});

describe("a dropped write", () => {
  it("a dropped connection on the PUT is settled by reading the deterministic name back", async () => {
    const { registry } = seedPair();
    server.use(
      http.put(/roleAssignments\//, async ({ request }) => {
        await azure.dispatch(request);
        return HttpResponse.error();
      }, { once: true }),
    );

    const result = await createIntegration(context({ retry: false }), CLUSTER).attach("myacr");

    expect(result.created).toBe(true);
    expect(azure.requests.at(-1)).toMatchObject({ method: "GET", operation: "RoleAssignments_Get" });
    expect(azure.state.roleAssignments({ scope: registry.id })).toHaveLength(1);
  });
});

describe("failures", () => {
  it("a caller without roleAssignments/write gets PermissionDenied at once, naming the action and the roles that grant it", async () => {
    const { registry } = seedPair();
    const bob = azure.seed.principal({ displayName: "bob" });
    azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}`, role: "Reader", principalId: bob.objectId });

    const error = await createIntegration(context({ credential: bob.objectId }), CLUSTER).attach("myacr").catch((e: unknown) => e);

    expect(hasErrorCode(error, "PermissionDenied")).toBe(true);
    const message = (error as Error).message;
    for (const text of ["Microsoft.Authorization/roleAssignments/write", registry.id, "Owner", "User Access Administrator", "Role Based Access Control Administrator"]) {
      expect(message).toContain(text);
    }
    expect(writes(azure)).toHaveLength(1);
    expect(azure.state.roleAssignments({ scope: registry.id })).toEqual([]);
  });

  it("an ambiguous name lists the candidate registries", async () => {
    seedPair();
    const ids = [azure.seed.subscription(), azure.seed.subscription()].map(
      (subscriptionId) => (azure.seed.registry({ resourceGroup: "x", name: "twinacr", subscriptionId }) as { id: string }).id,
    );

    const error = await link().attach("twinacr").catch((e: unknown) => e);

    expect(hasErrorCode(error, "Ambiguous")).toBe(true);
    expect((error as { details: { candidates: string[] } }).details.candidates.sort()).toEqual([...ids].sort());
    expect(writes(azure)).toEqual([]);
  });

  it("an unknown name is NotFound, saying which subscriptions were searched", async () => {
    seedPair();

    const error = await link().attach("nosuchacr").catch((e: unknown) => e);

    expect(hasErrorCode(error, "NotFound")).toBe(true);
    expect((error as Error).message).toContain("any subscription this credential can read");
    expect(writes(azure)).toEqual([]);
  });

  it("a registry in another tenant fails with CrossTenant before any write", async () => {
    seedPair();
    const foreign = azure.seed.subscription({ tenantId: "11111111-2222-3333-4444-555555555555" });
    const registry = azure.seed.registry({ resourceGroup: "x", name: "foreignacr", subscriptionId: foreign }) as { id: string };

    const error = await link().attach(registry.id, { role: "AcrPull" }).catch((e: unknown) => e);

    expect(hasErrorCode(error, "CrossTenant")).toBe(true);
    expect((error as Error).message).toContain("11111111-2222-3333-4444-555555555555");
    expect(writes(azure)).toEqual([]);
  });

  it("an unknown role option is InvalidInput before any request", async () => {
    seedPair();

    const error = await link().attach("myacr", { role: "PullEverything" }).catch((e: unknown) => e);

    expect(hasErrorCode(error, "InvalidInput")).toBe(true);
    expect(azure.requests).toHaveLength(0);
  });
});
