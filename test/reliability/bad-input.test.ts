/**
 * Malformed input to every public function: each call fails with a typed AksAcrError whose message
 * reads "Failed to <operation> (…): <reason>. <fix>", sends nothing when the input is local, and
 * changes nothing in the fake Azure.
 */
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import type { FakeAzure } from "../../fakes/index.js";
import { isAksAcrError, type AzureClient, type ClientOptions } from "../../src/index.js";
import { drive } from "../cluster/harness.js";
import { CLUSTER, useFaultyAzure } from "./harness.js";

const h = useFaultyAzure();
const SUB = () => h.azure.subscriptionId;
const never = <T>(value: unknown): T => value as T;

interface Case {
  what: string;
  call: (client: AzureClient) => Promise<unknown>;
  options?: Partial<ClientOptions>;
  code?: string;
}

/** Everything a test could see change, as one comparable value. */
function snapshot(azure: FakeAzure): unknown {
  return {
    assignments: azure.state.roleAssignments().map((a) => a.id).sort(),
    registries: azure.state.registries().map((r) => [r.id, r.provisioningState, azure.state.images(r.name)]),
    clusters: azure.state.clusters().map((c) => [c.id, c.provisioningState, c.nodeCount]),
    operations: h.azure.world.operations.size,
  };
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await drive(run());
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

function expectReadable(error: unknown, code: string): void {
  if (!isAksAcrError(error)) throw new Error(`expected an AksAcrError, got ${String(error)}`);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/^Failed to .+: .+\./);
  expect(error.message).not.toMatch(/undefined|\[object Object\]/);
}

const localCases: Case[] = [
  // createClient options
  { what: "an unknown cloud name", options: { cloud: never("AzureMars") }, call: (c) => c.integration(CLUSTER).attach("regone") },
  { what: "a custom cloud whose ARM endpoint is not a URL", options: { cloud: never({ name: "x", resourceManager: "not a url", graph: "https://graph.microsoft.com", acrLoginServerSuffix: "azurecr.io" }) }, call: (c) => c.integration(CLUSTER).attach("regone") },
  { what: "a custom cloud with no endpoints", options: { cloud: never({}) }, call: (c) => c.integration(CLUSTER).attach("regone") },
  { what: "a subscription id that is not a GUID", options: { subscriptionId: "my-subscription" }, call: (c) => c.integration(CLUSTER).attach("regone") },
  { what: "a negative retry count", options: { retryOptions: { maxRetries: -1 } }, call: (c) => c.integration(CLUSTER).attach("regone") },
  { what: "a retry delay that is not a number", options: { retryOptions: { retryDelayInMs: Number.NaN } }, call: (c) => c.integration(CLUSTER).attach("regone") },
  { what: "a retry cap given as a string", options: { retryOptions: { maxRetryDelayInMs: never("5") } }, call: (c) => c.integration(CLUSTER).attach("regone") },
  { what: "a fractional retry count", options: { retryOptions: { maxRetries: 1.5 } }, call: (c) => c.registry("regone").get() },
  // integration
  { what: "attach with an empty cluster reference", call: (c) => c.integration(never("")).attach("regone") },
  { what: "attach with an empty resource group", call: (c) => c.integration({ resourceGroup: "", name: "aks" }).attach("regone") },
  { what: "attach to a cluster id of another resource type", call: (c) => c.integration(`/subscriptions/${SUB()}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm`).attach("regone") },
  { what: "attach to a cluster name with '!'", call: (c) => c.integration({ resourceGroup: "rg", name: "aks!" }).attach("regone") },
  { what: "attach a registry name that is too short", call: (c) => c.integration(CLUSTER).attach("ab") },
  { what: "attach a registry name with a hyphen", call: (c) => c.integration(CLUSTER).attach("my-acr") },
  { what: "attach a login server of another cloud's suffix", call: (c) => c.integration(CLUSTER).attach("myacr.example.com") },
  { what: "attach a registry id without a name", call: (c) => c.integration(CLUSTER).attach(`/subscriptions/${SUB()}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/`) },
  { what: "attach a registry reference that is null", call: (c) => c.integration(CLUSTER).attach(never(null)) },
  { what: "attach with an unknown role", call: (c) => c.integration(CLUSTER).attach("regone", { role: "Contributorx" }) },
  { what: "detach a registry reference that is a number", call: (c) => c.integration(CLUSTER).detach(never(42)) },
  { what: "detach with an unknown role in roles", call: (c) => c.integration(CLUSTER).detach("regone", { roles: ["NoSuchRole"] }) },
  { what: "list for a cluster reference without a resource group", call: (c) => c.integration(never({ name: "aks" })).list() },
  { what: "check an empty registry reference", call: (c) => c.integration(CLUSTER).check("") },
  // registry
  { what: "create a registry whose name is too short", call: (c) => c.registry("ab").create({ resourceGroup: "rg", location: "westeurope" }) },
  { what: "create a registry with an unknown sku", call: (c) => c.registry("newacr").create({ resourceGroup: "rg", location: "westeurope", sku: never("Free") }) },
  { what: "create a registry with an empty location", call: (c) => c.registry("newacr").create({ resourceGroup: "rg", location: "" }) },
  { what: "create a registry in a resource group with '/'", call: (c) => c.registry("newacr").create({ resourceGroup: "bad/rg", location: "westeurope" }) },
  { what: "get a registry whose name has an underscore", call: (c) => c.registry("my_acr").get() },
  { what: "delete a registry whose name is one letter", call: (c) => c.registry("x").delete() },
  { what: "import an empty image reference", call: (c) => c.registry("regone").import("") },
  { what: "import to an upper-case target tag", call: (c) => c.registry("regone").import("nginx", { tags: ["Nginx:v1"] }) },
  { what: "import with an unknown mode", call: (c) => c.registry("regone").import("nginx", { mode: never("Overwrite") }) },
  // cluster
  { what: "create a cluster with an empty location", call: (c) => c.cluster({ resourceGroup: "rg", name: "new" }).create({ location: "" }) },
  { what: "create a cluster with a negative node count", call: (c) => c.cluster({ resourceGroup: "rg", name: "new" }).create({ location: "westeurope", nodeCount: -1 }) },
  { what: "create a cluster with a malformed VM size", call: (c) => c.cluster({ resourceGroup: "rg", name: "new" }).create({ location: "westeurope", vmSize: "Standard D2" }) },
  { what: "create a cluster with a Kubernetes version that is not a version", call: (c) => c.cluster({ resourceGroup: "rg", name: "new" }).create({ location: "westeurope", kubernetesVersion: "latest" }) },
  { what: "create a cluster with a tag name containing '/'", call: (c) => c.cluster({ resourceGroup: "rg", name: "new" }).create({ location: "westeurope", tags: { "a/b": "x" } }) },
  { what: "create a cluster with a dnsPrefix starting with '-'", call: (c) => c.cluster({ resourceGroup: "rg", name: "new" }).create({ location: "westeurope", dnsPrefix: "-bad" }) },
  { what: "create a cluster attaching a malformed registry name", call: (c) => c.cluster({ resourceGroup: "rg", name: "new" }).create({ location: "westeurope", attach: ["my-acr"] }) },
  { what: "get a cluster by an id whose subscription is not a GUID", call: (c) => c.cluster("/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks").get() },
  { what: "delete a cluster with an empty name", call: (c) => c.cluster({ resourceGroup: "rg", name: "" }).delete() },
  { what: "credentials in an unknown format", call: (c) => c.cluster(CLUSTER).credentials({ format: never("yaml") }) },
  { what: "deploy a Deployment whose name has an underscore", call: (c) => c.cluster(CLUSTER).deploy({ name: "Bad_Name", image: "regone.azurecr.io/app:v1" }) },
  { what: "deploy a negative number of replicas", call: (c) => c.cluster(CLUSTER).deploy({ name: "app", image: "regone.azurecr.io/app:v1", replicas: -1 }) },
  { what: "deploy an empty image", call: (c) => c.cluster(CLUSTER).deploy({ name: "app", image: "" }) },
  { what: "deploy with a port out of range", call: (c) => c.cluster(CLUSTER).deploy({ name: "app", image: "regone.azurecr.io/app:v1", port: 70_000 }) },
];

describe("malformed local input: a typed error, no request, nothing changed", () => {
  it.each(localCases.map((c) => [c.what, c] as const))("%s", async (_, testCase) => {
    const before = snapshot(h.azure);
    h.azure.clearRequests();
    const error = await failure(async () => testCase.call(h.client(testCase.options)));
    expectReadable(error, testCase.code ?? "InvalidInput");
    expect(h.azure.requests).toEqual([]);
    expect(snapshot(h.azure)).toEqual(before);
  });

  it("with no subscription anywhere", async () => {
    vi.stubEnv("AZURE_SUBSCRIPTION_ID", "");
    try {
      const error = await failure(async () => h.client({ subscriptionId: never(undefined) }).integration(CLUSTER).attach("regone"));
      expectReadable(error, "InvalidInput");
      expect(h.azure.requests).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

const ARM = "https://management.azure.com";
const clusterPath = () => `${ARM}/subscriptions/${SUB()}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`;

interface RemoteCase extends Case {
  /** msw handlers answering in place of the fake. */
  answer: () => Parameters<typeof h.server.use>;
}

const remoteCases: RemoteCase[] = [
  {
    what: "a kubeconfig that is not base64 YAML",
    answer: () => [http.post(`${clusterPath()}/listClusterUserCredential`, () => HttpResponse.json({ kubeconfigs: [{ name: "clusterUser", value: "%%%not-base64%%%" }] }))],
    call: (c) => c.cluster(CLUSTER).credentials(),
    code: "UnexpectedResponse",
  },
  {
    what: "a kubeconfig that decodes to something other than a kubeconfig",
    answer: () => [http.post(`${clusterPath()}/listClusterUserCredential`, () => HttpResponse.json({ kubeconfigs: [{ name: "clusterUser", value: Buffer.from("hello: [world").toString("base64") }] }))],
    call: (c) => c.cluster(CLUSTER).credentials(),
    code: "UnexpectedResponse",
  },
  {
    what: "a kubeconfig with a user but no cluster or context",
    answer: () => [http.post(`${clusterPath()}/listClusterUserCredential`, () => HttpResponse.json({ kubeconfigs: [{ name: "clusterUser", value: Buffer.from("apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: t\n").toString("base64") }] }))],
    call: (c) => c.cluster(CLUSTER).credentials(),
    code: "UnexpectedResponse",
  },
  {
    what: "a credentials answer without kubeconfigs",
    answer: () => [http.post(`${clusterPath()}/listClusterUserCredential`, () => HttpResponse.json({}))],
    call: (c) => c.cluster(CLUSTER).credentials(),
    code: "UnexpectedResponse",
  },
  {
    what: "a cluster GET answering an HTML page with 200",
    answer: () => [http.get(clusterPath(), () => new HttpResponse("<html><body>Sign in</body></html>", { headers: { "content-type": "text/html" } }))],
    call: (c) => c.integration(CLUSTER).attach("regone"),
    code: "UnexpectedResponse",
  },
  {
    what: "a cluster without any identity to pull with",
    answer: () => [http.get(clusterPath(), () => HttpResponse.json({ id: "/x", name: "aks", location: "westeurope", properties: {} }))],
    call: (c) => c.integration(CLUSTER).attach("regone"),
    code: "UnexpectedResponse",
  },
  {
    what: "an importImage 202 without a Location to poll",
    answer: () => [http.post(/\/importImage/, () => new HttpResponse(null, { status: 202 }))],
    call: (c) => c.registry("regone").import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] }),
    code: "UnexpectedResponse",
  },
];

describe("ARM answers that are not JSON or lack fields: a typed error, nothing changed", () => {
  it.each(remoteCases.map((c) => [c.what, c] as const))("%s", async (_, testCase) => {
    h.server.use(...testCase.answer());
    const before = snapshot(h.azure);
    const error = await failure(async () => testCase.call(h.client()));
    expectReadable(error, testCase.code ?? "UnexpectedResponse");
    expect(snapshot(h.azure)).toEqual(before);
  });
});

it(`has at least 40 malformed inputs (${localCases.length + remoteCases.length + 1})`, () => {
  expect(localCases.length + remoteCases.length + 1).toBeGreaterThanOrEqual(40);
});
