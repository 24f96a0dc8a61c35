import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createClient, isAksAcrError, type AksAcrError } from "../../src/index.js";
import { seedClusterAndRegistry, seedResourceGroup, serveFakeAzure } from "../helpers/fake-azure.js";

const served = serveFakeAzure({ seed: seedResourceGroup });
const CLUSTER = { resourceGroup: "rg", name: "aks" };
const CLUSTER_PATH = /\/resourceGroups\/rg\/providers\/Microsoft\.ContainerService\/managedClusters\/aks$/i;

function client() {
  return createClient({ credential: served.azure.credential(), subscriptionId: served.azure.subscriptionId, retryOptions: { maxRetries: 0 } });
}

/** The error `work` rejects with, which must be an AksAcrError (never a TypeError). */
async function typedError(work: () => Promise<unknown>): Promise<AksAcrError> {
  const error = await work().then(() => undefined, (e: unknown) => e);
  if (!isAksAcrError(error)) throw new Error(`expected an AksAcrError, got ${String(error)}`);
  return error;
}

/** ARM answers the cluster GET with `body` instead of the cluster. */
function clusterAnswers(body: unknown): void {
  served.server.use(http.get(CLUSTER_PATH, () => HttpResponse.json(body as Record<string, unknown>)));
}

describe("ARM answers of the wrong shape are UnexpectedResponse, not TypeErrors", () => {
  it("a cluster GET answering null", async () => {
    seedClusterAndRegistry(served.azure);
    clusterAnswers(null);
    expect((await typedError(() => client().integration(CLUSTER).attach("myacr"))).code).toBe("UnexpectedResponse");
  });

  it("a kubelet objectId that is a number", async () => {
    seedClusterAndRegistry(served.azure);
    clusterAnswers({ id: "x", name: "aks", location: "westeurope", properties: { provisioningState: "Succeeded", identityProfile: { kubeletidentity: { objectId: 42, clientId: "c" } } } });
    expect((await typedError(() => client().integration(CLUSTER).attach("myacr"))).code).toBe("UnexpectedResponse");
  });
});

describe("bad arguments are InvalidInput before any request", () => {
  const cases: [string, () => Promise<unknown>][] = [
    ["detach roles as a string", () => client().integration(CLUSTER).detach("myacr", { roles: "AcrPush" as unknown as string[] })],
    ["principalWait.attempts -1", () => client().integration(CLUSTER).attach("myacr", { principalWait: { attempts: -1 } })],
    ["principalWait.initialDelayMs NaN", () => client().integration(CLUSTER).attach("myacr", { principalWait: { initialDelayMs: Number.NaN } })],
    ["registry tags that are not strings", () => client().registry("newacr1").create({ resourceGroup: "rg", location: "westeurope", sku: "Basic", tags: { env: 5 } as unknown as Record<string, string> })],
    ["deploy(null)", () => client().cluster(CLUSTER).deploy(null as never)],
    ["a bad digest in deploy", () => client().cluster(CLUSTER).deploy({ name: "web", image: "myacr.azurecr.io/nginx@sha256:1234" })],
    ["updateIntervalInMs 0 on an import", () => client().registry("myacr").import("nginx", { updateIntervalInMs: 0 })],
    ["operationTimeoutInMs NaN on a cluster create", () => client().cluster(CLUSTER).create({ location: "westeurope", operationTimeoutInMs: Number.NaN })],
  ];
  it.each(cases)("%s", async (_, work) => {
    seedClusterAndRegistry(served.azure);
    served.azure.clearRequests();
    expect((await typedError(work)).code).toBe("InvalidInput");
    expect(served.azure.requests).toEqual([]);
  });

  it("a directory as kubeconfig file, checked before the credentials POST", async () => {
    seedClusterAndRegistry(served.azure);
    const dir = await mkdtemp(join(tmpdir(), "aks-acr-kubeconfig-dir-"));
    try {
      served.azure.clearRequests();
      const error = await typedError(() => client().cluster(CLUSTER).credentials({ file: dir }));
      expect(error.code).toBe("InvalidInput");
      expect(error.message).toContain("directory");
      expect(served.azure.requests.filter((r) => /listCluster/.test(r.url))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
