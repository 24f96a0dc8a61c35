/**
 * `abortSignal` (the Azure SDK's name) on every public operation: an already aborted signal ends
 * the call with a typed `Aborted` error before any request leaves; and the old name `signal` is
 * not part of any public option type.
 */
import { describe, expect, it } from "vitest";
import { createClient, type AzureClient, type CallOptions, type CheckOptions, type ClientOptions, type CreateClusterOptions, type DeployOptions, type ImportImageOptions, type LongCallOptions } from "../../src/index.js";
import { rejection, seedClusterAndRegistry, seedResourceGroup, serveFakeAzure } from "../helpers/fake-azure.js";

const served = serveFakeAzure({ seed: (azure) => {
  seedResourceGroup(azure);
  seedClusterAndRegistry(azure);
} });

type Operation = (client: AzureClient, abortSignal: AbortSignal) => Promise<unknown>;

const aks = { resourceGroup: "rg", name: "aks" };
const OPERATIONS: Record<string, Operation> = {
  "integration.attach": (c, abortSignal) => c.integration(aks).attach("myacr", { abortSignal }),
  "integration.detach": (c, abortSignal) => c.integration(aks).detach("myacr", { abortSignal }),
  "integration.list": (c, abortSignal) => c.integration(aks).list({ abortSignal }),
  "integration.check": (c, abortSignal) => c.integration(aks).check("myacr", { abortSignal }),
  "integration.sync": (c, abortSignal) => c.integration(aks).sync(["myacr"], { abortSignal }),
  "integration.removeOrphans": (c, abortSignal) => c.integration(aks).removeOrphans("myacr", { abortSignal }),
  "registry.create": (c, abortSignal) => c.registry({ resourceGroup: "rg", name: "newacr" }).create({ location: "westeurope", abortSignal }),
  "registry.get": (c, abortSignal) => c.registry("myacr").get({ abortSignal }),
  "registry.delete": (c, abortSignal) => c.registry({ resourceGroup: "rg", name: "myacr" }).delete({ abortSignal }),
  "registry.import": (c, abortSignal) => c.registry("myacr").import("docker.io/library/nginx:1.27", { abortSignal }),
  "cluster.create": (c, abortSignal) => c.cluster({ resourceGroup: "rg", name: "aks2" }).create({ location: "westeurope", abortSignal }),
  "cluster.get": (c, abortSignal) => c.cluster(aks).get({ abortSignal }),
  "cluster.delete": (c, abortSignal) => c.cluster(aks).delete({ abortSignal }),
  "cluster.credentials": (c, abortSignal) => c.cluster(aks).credentials({ abortSignal }),
  "cluster.deploy": (c, abortSignal) => c.cluster(aks).deploy({ name: "web", image: "myacr.azurecr.io/nginx:v1" }, { abortSignal }),
  "cluster.pods": (c, abortSignal) => c.cluster(aks).pods({ abortSignal }),
  "cluster.pullSecret": (c, abortSignal) =>
    c.cluster(aks).pullSecret({ name: "partner", server: "registry.example.com", username: "puller", password: "fake-password" }, { abortSignal }),
};

describe("an aborted abortSignal", () => {
  it("covers every operation of integration, registry and cluster", () => {
    const client = createClient({});
    const operations = [
      ...Object.keys(client.integration(aks)).map((name) => `integration.${name}`),
      ...Object.keys(client.registry("myacr")).map((name) => `registry.${name}`),
      ...Object.keys(client.cluster(aks)).map((name) => `cluster.${name}`),
    ];
    expect(Object.keys(OPERATIONS).sort()).toEqual(operations.sort());
  });

  it.each(Object.entries(OPERATIONS))("ends %s with Aborted before any request", async (_name, operation) => {
    const client = createClient({ credential: served.azure.credential(), subscriptionId: served.azure.subscriptionId });
    const controller = new AbortController();
    controller.abort();

    const error = await rejection(operation(client, controller.signal));

    expect(error.code).toBe("Aborted");
    expect(served.azure.requests).toHaveLength(0);
  });
});

describe("the public option types", () => {
  it("name the signal abortSignal, and have no signal", () => {
    const signal = new AbortController().signal;
    const typed: CallOptions[] = [
      // @ts-expect-error `signal` was renamed `abortSignal`, as the Azure SDK names it
      { signal },
      // @ts-expect-error
      { signal } satisfies LongCallOptions,
      // @ts-expect-error
      { signal, location: "westeurope" } satisfies CreateClusterOptions,
      // @ts-expect-error
      { signal } satisfies ImportImageOptions,
      // @ts-expect-error
      { signal } satisfies DeployOptions,
      // @ts-expect-error
      { signal } satisfies CheckOptions,
    ];
    // @ts-expect-error the client options take no signal either
    const client: ClientOptions = { signal };
    expect([typed, client]).toHaveLength(2);
  });
});
