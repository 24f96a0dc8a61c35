/**
 * For each snippet of docs/getting-started.md: the fake world it starts from (what the reader's
 * Azure would hold at that step) and what must be true after it ran, judged from the world and from
 * what the snippet printed.
 */
import { expect } from "vitest";
import type { FakeAzure } from "../../fakes/index.js";

export interface SnippetWorld {
  setup(azure: FakeAzure): void;
  verify(azure: FakeAzure, printed: string[]): void;
}

const RG = "rg";
const CLUSTER = "aks";
const REGISTRY = "myacr";

const seedCluster = (azure: FakeAzure): void => void azure.seed.cluster({ resourceGroup: RG, name: CLUSTER });
const seedRegistry = (azure: FakeAzure, images: string[] = []): void => void azure.seed.registry({ resourceGroup: RG, name: REGISTRY, images });

function theCluster(azure: FakeAzure): { kubelet: string; fqdn: string } {
  const found = azure.state.clusters().find((c) => c.name === CLUSTER);
  expect(found?.kubeletIdentity).toBeDefined();
  return { kubelet: found?.kubeletIdentity?.objectId ?? "", fqdn: found?.fqdn ?? "" };
}

function registryId(azure: FakeAzure): string {
  return azure.state.registries().find((r) => r.name === REGISTRY)?.id ?? "";
}

/** The cluster, the registry holding nginx:v1, and AcrPull for the kubelet identity at the registry. */
function attachedWorld(azure: FakeAzure): void {
  seedCluster(azure);
  seedRegistry(azure, ["nginx:v1"]);
  azure.seed.roleAssignment({ scope: registryId(azure), role: "AcrPull", principalId: theCluster(azure).kubelet });
}

const pullRoles = (azure: FakeAzure, scope: string): string[] =>
  azure.state.roleAssignments({ scope, principalId: theCluster(azure).kubelet }).map((a) => a.roleName);

export const GETTING_STARTED: Record<string, SnippetWorld> = {
  credentials: {
    setup: seedCluster,
    verify: (azure, printed) => expect(printed).toEqual([`aks in westeurope: kubelet identity ${theCluster(azure).kubelet}`]),
  },
  "create-registry": {
    setup: () => undefined,
    verify: (azure, printed) => {
      expect(azure.state.registries().map((r) => [r.name, r.provisioningState])).toEqual([[REGISTRY, "Succeeded"]]);
      expect(printed.at(-1)).toBe("Created myacr.azurecr.io (Succeeded)");
      expect(printed.length).toBeGreaterThan(1);
    },
  },
  import: {
    setup: (azure) => seedRegistry(azure),
    verify: (azure, printed) => {
      expect(azure.state.images(REGISTRY)).toEqual(["nginx:v1"]);
      expect(printed).toEqual(["[ 'myacr.azurecr.io/nginx:v1' ]"]);
    },
  },
  "create-cluster": {
    setup: (azure) => seedRegistry(azure),
    verify: (azure, printed) => {
      const { kubelet } = theCluster(azure);
      expect(pullRoles(azure, registryId(azure))).toEqual(["AcrPull"]);
      expect(printed[0]).toBe(`Created aks, kubelet identity ${kubelet}`);
      expect(printed).toHaveLength(2);
    },
  },
  attach: {
    setup: (azure) => {
      seedCluster(azure);
      seedRegistry(azure);
    },
    verify: (azure, printed) => {
      expect(pullRoles(azure, registryId(azure))).toEqual(["AcrPull"]);
      expect(printed.slice(-2)).toEqual(["false sameName", "true"]);
    },
  },
  detach: {
    setup: (azure) => {
      attachedWorld(azure);
      azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}/resourceGroups/${RG}`, role: "AcrPull", principalId: theCluster(azure).kubelet });
    },
    verify: (azure, printed) => {
      expect(pullRoles(azure, registryId(azure))).toEqual([]);
      expect(pullRoles(azure, `/subscriptions/${azure.subscriptionId}/resourceGroups/${RG}`)).toEqual(["AcrPull"]);
      expect(printed.filter((line) => line.startsWith("removed AcrPull at /subscriptions/"))).toHaveLength(1);
      expect(printed.filter((line) => line.startsWith(`left AcrPull at /subscriptions/${azure.subscriptionId}/resourceGroups/${RG}:`))).toHaveLength(1);
    },
  },
  list: {
    setup: attachedWorld,
    verify: (_azure, printed) => expect(printed).toEqual(["myacr.azurecr.io: can pull (AcrPull)"]),
  },
  "credentials-kubeconfig": {
    setup: seedCluster,
    verify: (azure, printed) => expect(printed[0]).toContain(theCluster(azure).fqdn),
  },
  deploy: {
    setup: attachedWorld,
    verify: (_azure, printed) => {
      expect(printed[0]).toBe("2/2 ready");
      expect(printed.slice(1)).toHaveLength(2);
      for (const line of printed.slice(1)) expect(line).toMatch(/^nginx0-deployment-\S+ 1\/1 Running 0$/);
    },
  },
  check: {
    setup: attachedWorld,
    verify: (_azure, printed) => {
      expect(printed.join("\n")).toMatch(/PASS/);
      expect(printed.join("\n")).not.toMatch(/FAIL/);
      expect(process.exitCode ?? 0).toBe(0);
    },
  },
  sync: {
    setup: (azure) => {
      attachedWorld(azure);
      azure.seed.registry({ resourceGroup: RG, name: "otheracr" });
      const stray = azure.seed.registry({ resourceGroup: RG, name: "oldacr" }) as { id: string };
      azure.seed.roleAssignment({ scope: stray.id, role: "AcrPull", principalId: theCluster(azure).kubelet });
    },
    verify: (azure, printed) => {
      expect(printed.slice(0, 2).map((line) => line.split(":")[0])).toEqual(["attach otheracr", "detach oldacr"]);
      expect(printed.slice(2)).toEqual(["Applied: attach otheracr, detach oldacr.", "0"]);
      expect(azure.state.roleAssignments({ principalId: theCluster(azure).kubelet }).map((a) => a.scope.split("/").pop()).sort()).toEqual(["myacr", "otheracr"]);
    },
  },
  orphans: {
    setup: (azure) => {
      attachedWorld(azure);
      const gone = azure.seed.principal({ type: "ServicePrincipal", deleted: true });
      azure.seed.roleAssignment({ scope: registryId(azure), role: "AcrPull", principalId: gone.objectId });
    },
    verify: (azure, printed) => {
      expect(printed).toEqual([expect.stringMatching(/^Would remove 1 orphaned assignment\(s\) at myacr: AcrPull for deleted principal /)]);
      expect(azure.state.roleAssignments({ scope: registryId(azure) }).map((a) => a.principalId)).toEqual([theCluster(azure).kubelet]);
    },
  },
  "pull-secret": {
    setup: (azure) => {
      seedCluster(azure);
      process.env["REGISTRY_PASSWORD"] = "fake-private-registry-password";
    },
    verify: (_azure, printed) => {
      delete process.env["REGISTRY_PASSWORD"];
      expect(printed).toEqual(["Created Secret default/regcred logs in to private.example.com as importer.", "Running"]);
    },
  },
  errors: {
    setup: seedCluster,
    verify: (_azure, printed) => {
      expect(printed[0]).toBe("NotFound");
      expect(printed[1]).toMatch(/^Failed to attach .*nosuchacr.*: /);
    },
  },
};
