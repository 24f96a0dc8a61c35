/**
 * For each recorded exchange, the world it implies (the resources and principals its request
 * names, with the recorded ids), so replaying the request against the fake asks the same question.
 */
import type { FakeAzure } from "../../../fakes/index.js";
import { ROLE_IDS } from "../../../fakes/index.js";
import { addPrincipal, addRoleAssignment } from "../../../fakes/world/seed.js";

/** The recordings' redacted subscription, and the id AKS cassettes redact every principal to. */
export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const REDACTED_PRINCIPAL = "00000000-0000-0000-0000-000000000001";

export interface Replay {
  /** Builds the world; returns the URL to request when it is not the recorded one (operation polls). */
  seed(azure: FakeAzure, call: Call): Promise<string | void> | string | void;
}

/** Sends a request to the fake as its default caller. */
export type Call = (method: string, url: string, body?: unknown) => Promise<Response>;

const principal = (azure: FakeAzure, objectId: string, type: "User" | "ServicePrincipal" | "ManagedIdentity" = "ManagedIdentity", extra: { clientId?: string; unreplicatedAttempts?: number; displayName?: string } = {}) =>
  addPrincipal(azure.world, { objectId, type, tenantId: azure.tenantId, ...extra });

const group = (azure: FakeAzure, name: string) => azure.seed.resourceGroup({ name, location: "eastus" });

/** Starts the recorded mcr import on a fresh registry and returns its Location, to poll. */
async function importLocation(azure: FakeAzure, call: Call, polls: number): Promise<string> {
  azure.knobs.importPolls = polls;
  azure.seed.registry({ resourceGroup: "clitest.rg000001", name: "acr000003", location: "eastus" });
  const started = await call("POST", `https://management.azure.com/subscriptions/${SUBSCRIPTION}/resourceGroups/clitest.rg000001/providers/Microsoft.ContainerRegistry/registries/acr000003/importImage?api-version=2025-11-01`, {
    source: { registryUri: "mcr.microsoft.com", sourceImage: "k8se/quickstart:latest" },
    targetTags: ["k8se/quickstart:latest"],
    mode: "NoForce",
  });
  return started.headers.get("location") ?? "";
}

const registryAt = (rg: string, name: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${name}`;

export const REPLAYS: Record<string, Replay> = {
  "acr-importimage-operationresults-200-succeeded-2022.json": { seed: (azure, call) => importLocation(azure, call, 0) },
  "acr-importimage-operationresults-poll1-202-pending.json": { seed: (azure, call) => importLocation(azure, call, 1) },
  "acr-importimage-operationresults-poll2-200-succeeded.json": {
    seed: async (azure, call) => {
      const location = await importLocation(azure, call, 1);
      await call("GET", location);
      return location;
    },
  },
  "acr-importimage-post-dockerhub-registryuri-202.json": { seed: (azure) => void azure.seed.registry({ resourceGroup: "clitest.rg000001", name: "targetregistry000003", location: "eastus" }) },
  "acr-importimage-post-mcr-source-202.json": { seed: (azure) => void azure.seed.registry({ resourceGroup: "clitest.rg000001", name: "acr000003", location: "eastus" }) },
  "acr-importimage-post-resourceid-source-202.json": {
    seed: (azure) => {
      azure.seed.registry({ resourceGroup: "resourcegroupsamesub", name: "sourceregistrysamesub000002", location: "westus" });
      azure.seed.registry({ resourceGroup: "resourcegroupdiffsub", name: "sourceregistrydiffsub", location: "westus", images: ["microsoft:azure-cli"] });
    },
  },
  "acr-registries-list-subscription-200.json": { seed: (azure) => void azure.seed.registry({ resourceGroup: "clitest.rg000001", name: "acr000003", location: "eastus" }) },
  "acr-registry-create-roleAssignmentMode-abac-201.json": { seed: (azure) => void group(azure, "cli_test_acrabac_000001") },
  "acr-registry-get-roleAssignmentMode-legacy-200.json": { seed: (azure) => void azure.seed.registry({ resourceGroup: "clitest.rg000001", name: "acr000003", location: "eastus", adminUserEnabled: true }) },
  "aks-listclusterusercredential-post-200.json": { seed: (azure) => void azure.seed.cluster({ resourceGroup: "clitest000001", name: "cliakstest000001" }) },
  "aks-managedcluster-get-msi-with-identityprofile.json": {
    seed: (azure) => {
      const control = azure.seed.userAssignedIdentity({ resourceGroup: "e2e-managed-identity-pool", name: "cp-273" }) as { id: string };
      azure.seed.cluster({ resourceGroup: "clitest000001", name: "cliakstest000002", location: "westus2", userAssignedIdentity: control.id });
    },
  },
  "aks-managedcluster-get-serviceprincipal-cluster.json": { seed: (azure) => void azure.seed.cluster({ resourceGroup: "clitest000001", name: "cliakstest000003", identity: "servicePrincipal" }) },
  "arm-resources-list-filter-registries-200.json": {
    seed: (azure) => {
      azure.seed.registry({ resourceGroup: "arc-appint-forxinyu12-rg0", name: "ca5617138654acr", location: "northcentralus" });
      const tagged = azure.state.registries()[0];
      if (tagged) tagged.tags = { team: "apps" };
    },
  },
  "authz-roleassignment-delete-200.json": {
    seed: (azure) => {
      group(azure, "cli_role_assign000001");
      principal(azure, "06651546-4121-4ccd-a25d-13fe0422467e", "User");
      addRoleAssignment(azure.world, {
        name: "88888888-0000-0000-0000-000000000001",
        scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/cli_role_assign000001`,
        roleDefinitionName: ROLE_IDS.Reader,
        principalId: "06651546-4121-4ccd-a25d-13fe0422467e",
        createdBy: azure.callerObjectId,
        condition: "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:Name] stringEquals 'foo'",
        description: "Role assignment foo to check on bar",
      });
    },
  },
  "authz-roleassignment-put-201-attempt3-after-PrincipalNotFound.json": { seed: (azure) => void (group(azure, "clitest000001"), principal(azure, REDACTED_PRINCIPAL)) },
  "authz-roleassignment-put-400-PrincipalNotFound-attempt1.json": { seed: (azure) => void (group(azure, "clitest000001"), principal(azure, REDACTED_PRINCIPAL, "ManagedIdentity", { unreplicatedAttempts: 1 })) },
  "authz-roleassignment-put-400-PrincipalNotFound-attempt2.json": { seed: (azure) => void (group(azure, "clitest000001"), principal(azure, REDACTED_PRINCIPAL, "ManagedIdentity", { unreplicatedAttempts: 1 })) },
  "authz-roleassignment-put-409-RoleAssignmentExists-acrpull-registry.json": {
    seed: (azure) => {
      azure.seed.registry({ resourceGroup: "clitest.rg000001", name: "acr000004", location: "eastus" });
      principal(azure, "258f3716-99c3-40c2-a770-cfb7b639d594");
      azure.seed.roleAssignment({ scope: registryAt("clitest.rg000001", "acr000004"), role: "AcrPull", principalId: "258f3716-99c3-40c2-a770-cfb7b639d594" });
    },
  },
  "authz-roleassignment-put-409-RoleAssignmentExists-aks-approuting.json": {
    seed: (azure) => {
      group(azure, "clitest000001");
      principal(azure, REDACTED_PRINCIPAL);
      const vault = `/subscriptions/${SUBSCRIPTION}/resourceGroups/clitest000001/providers/Microsoft.KeyVault/vaults/cliakstestkv000002`;
      azure.seed.roleAssignment({ scope: vault, role: "Key Vault Secrets User", principalId: REDACTED_PRINCIPAL });
    },
  },
  "authz-roleassignment-put-acrpull-on-registry-201.json": {
    seed: (azure) => void (azure.seed.registry({ resourceGroup: "clitest.rg000001", name: "acr000003", location: "eastus" }), principal(azure, "5f885427-b901-4d8d-859b-d5b101b36668")),
  },
  "authz-roleassignment-put-aks-style-no-principaltype-201.json": { seed: (azure) => void (group(azure, "clitest000001"), principal(azure, REDACTED_PRINCIPAL)) },
  "authz-roleassignments-list-atScope-registry-200.json": {
    seed: (azure) => {
      azure.seed.registry({ resourceGroup: "clitest.rg000001", name: "acr000004", location: "eastus" });
      principal(azure, "258f3716-99c3-40c2-a770-cfb7b639d594");
      azure.seed.roleAssignment({ scope: registryAt("clitest.rg000001", "acr000004"), role: "AcrPull", principalId: "258f3716-99c3-40c2-a770-cfb7b639d594" });
    },
  },
  "authz-roleassignments-list-atScope-resourcegroup-before-delete-200.json": {
    seed: (azure) => {
      group(azure, "cli_role_assign000001");
      principal(azure, "06651546-4121-4ccd-a25d-13fe0422467e", "User");
      azure.seed.roleAssignment({ scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/cli_role_assign000001`, role: "Reader", principalId: "06651546-4121-4ccd-a25d-13fe0422467e" });
    },
  },
  "authz-roledefinitions-list-filter-roleName-acrpull.json": { seed: (azure) => void azure.seed.registry({ resourceGroup: "clitest.rg000001", name: "acr000003", location: "eastus" }) },
  "graph-directoryobjects-getByIds-managed-identity.json": { seed: (azure) => void principal(azure, "5f885427-b901-4d8d-859b-d5b101b36668") },
  "graph-serviceprincipals-filter-by-appid-found.json": {
    seed: (azure) => void principal(azure, "fd9d441b-709e-42be-9091-b4c085318b32", "ServicePrincipal", { clientId: "aafbb462-1ebe-47ff-b398-120e6f372daa", displayName: "clitest000002" }),
  },
  "graph-serviceprincipals-filter-by-objectid-empty.json": { seed: (azure) => void principal(azure, "5f885427-b901-4d8d-859b-d5b101b36668") },
};
