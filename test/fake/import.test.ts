import { ContainerRegistryManagementClient, type ImportImageParameters } from "@azure/arm-containerregistry";
import { describe, expect, it } from "vitest";
import { PRIVATE_SOURCE_PASSWORD, PRIVATE_SOURCE_URI, PRIVATE_SOURCE_USERNAME, findSourceRegistry } from "../../fakes/world/catalogue.js";
import { findImage } from "../../fakes/world/content.js";
import { findRegistryByName } from "../../fakes/world/registries.js";
import { seedResourceGroup, serveFakeAzure } from "../helpers/fake-azure.js";

const ARM = "https://management.azure.com";
const { azure } = serveFakeAzure({
  lifetime: "file",
  seed: (fake) => {
    seedResourceGroup(fake);
    fake.seed.registry({ resourceGroup: "rg", name: "targetacr" });
  },
});
const fast = { updateIntervalInMs: 0 };

const client = () => new ContainerRegistryManagementClient(azure.credential(), azure.subscriptionId);
const importInto = (parameters: ImportImageParameters, registry = "targetacr") => client().registries.beginImportImageAndWait("rg", registry, parameters, fast);
const catalogueDigest = (uri: string, image: string) => {
  const source = findSourceRegistry(uri);
  const found = source && findImage(source, image);
  if (!found) throw new Error(`catalogue has no ${uri}/${image}`);
  return found.manifest.digest;
};

const registryNamed = (name: string) => {
  const registry = findRegistryByName(azure.world, name);
  if (!registry) throw new Error(`no registry ${name}`);
  return registry;
};
const tagDigest = (registry: string, tag: string) => findImage(registryNamed(registry), tag)?.manifest.digest;
const manifestDigests = (registry: string, repository: string) => [...(registryNamed(registry).repositories.get(repository)?.manifests.keys() ?? [])];

describe("importImage through the official client", () => {
  it("imports docker.io/library/nginx:latest as nginx:v1", async () => {
    await importInto({ source: { registryUri: "docker.io", sourceImage: "library/nginx:latest" }, targetTags: ["nginx:v1"], mode: "NoForce" });

    expect(azure.state.images("targetacr")).toEqual(["nginx:v1"]);
  });

  it("treats registry.hub.docker.com as docker.io and keeps the source tag when the target has none", async () => {
    await importInto({ source: { registryUri: "registry.hub.docker.com", sourceImage: "library/hello-world" }, targetTags: ["library/hello-world"] });

    expect(azure.state.images("targetacr")).toEqual(["library/hello-world:latest"]);
  });

  it("imports by manifest digest", async () => {
    const digest = catalogueDigest("docker.io", "library/nginx:1.27");

    await importInto({ source: { registryUri: "docker.io", sourceImage: `library/nginx@${digest}` }, targetTags: ["nginx:pinned"] });

    expect(azure.state.images("targetacr")).toEqual(["nginx:pinned"]);
    expect(tagDigest("targetacr", "nginx:pinned")).toBe(digest);
  });

  it("copies only the manifest into untaggedTargetRepositories", async () => {
    const digest = catalogueDigest("mcr.microsoft.com", "k8se/quickstart:latest");

    await importInto({ source: { registryUri: "mcr.microsoft.com", sourceImage: "k8se/quickstart:latest" }, untaggedTargetRepositories: ["quickstart"] });

    expect(azure.state.images("targetacr")).toEqual([]);
    expect(manifestDigests("targetacr", "quickstart")).toEqual([digest]);
  });

  it("imports from another fake registry by resource id and by login server, without credentials", async () => {
    const source = azure.seed.registry({ resourceGroup: "rg", name: "sourceacr", images: ["app:1.0", "app:2.0"] });
    const sourceId = String(source["id"]);

    await importInto({ source: { resourceId: sourceId, sourceImage: "app:1.0" }, targetTags: ["app:1.0"] });
    await importInto({ source: { registryUri: "SourceAcr.azurecr.io", sourceImage: "app:2.0" }, targetTags: ["app:2.0"] });

    expect(azure.state.images("targetacr")).toEqual(["app:1.0", "app:2.0"]);
  });

  it("fails with TagAlreadyExists over an existing tag in NoForce mode, and overwrites it with Force", async () => {
    const params = (mode: "NoForce" | "Force", image: string): ImportImageParameters => ({
      source: { registryUri: "docker.io", sourceImage: image },
      targetTags: ["nginx:v1"],
      mode,
    });
    await importInto(params("NoForce", "library/nginx:latest"));

    await expect(importInto(params("NoForce", "library/nginx:alpine"))).rejects.toMatchObject({ code: "TagAlreadyExists" });
    await importInto(params("Force", "library/nginx:alpine"));

    expect(tagDigest("targetacr", "nginx:v1")).toBe(catalogueDigest("docker.io", "library/nginx:alpine"));
  });

  it("fails with NotFound when the source image does not exist", async () => {
    await expect(importInto({ source: { registryUri: "docker.io", sourceImage: "library/nginx:no-such-tag" }, targetTags: ["nginx:v1"] })).rejects.toMatchObject({
      code: "NotFound",
      message: expect.stringContaining("library/nginx:no-such-tag"),
    });
    expect(azure.state.images("targetacr")).toEqual([]);
  });

  it("fails with Unauthorized for a private source with wrong or missing credentials, and imports with the right ones", async () => {
    const source = (credentials?: { username: string; password: string }) => ({
      registryUri: PRIVATE_SOURCE_URI,
      sourceImage: "team/app:1.0",
      ...(credentials ? { credentials } : {}),
    });

    await expect(importInto({ source: source({ username: PRIVATE_SOURCE_USERNAME, password: "wrong" }), targetTags: ["app:1.0"] })).rejects.toMatchObject({ code: "Unauthorized" });
    await expect(importInto({ source: source(), targetTags: ["app:1.0"] })).rejects.toMatchObject({ code: "Unauthorized" });
    await importInto({ source: source({ username: PRIVATE_SOURCE_USERNAME, password: PRIVATE_SOURCE_PASSWORD }), targetTags: ["app:1.0"] });

    expect(azure.state.images("targetacr")).toEqual(["app:1.0"]);
  });

  it("refuses a malformed body at once with 400 InvalidParameters", async () => {
    await expect(importInto({ source: { registryUri: "docker.io", sourceImage: "library/nginx" }, targetTags: ["nginx:v1"], mode: "Sometimes" })).rejects.toMatchObject({
      statusCode: 400,
      code: "InvalidParameters",
    });
    await expect(importInto({ source: { registryUri: "docker.io", resourceId: "/x", sourceImage: "library/nginx" }, targetTags: ["nginx:v1"] })).rejects.toMatchObject({
      statusCode: 400,
      code: "InvalidParameters",
    });
  });
});

describe("importImage on the wire", () => {
  const importUrl = () =>
    `${ARM}/subscriptions/${azure.subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/targetacr/importImage?api-version=2025-11-01`;

  async function armFetch(url: string, init: RequestInit = {}): Promise<Response> {
    const token = await azure.credential().getToken(`${ARM}/.default`);
    return fetch(url, { ...init, headers: { authorization: `Bearer ${token?.token ?? ""}`, "content-type": "application/json" } });
  }

  const post = () =>
    armFetch(importUrl(), {
      method: "POST",
      body: JSON.stringify({ source: { registryUri: "mcr.microsoft.com", sourceImage: "k8se/quickstart:latest" }, targetTags: ["k8se/quickstart:latest"], mode: "NoForce" }),
    });

  it("answers 202 + Location, then the recorded pending body, then 200 Succeeded", async () => {
    const accepted = await post();
    const location = accepted.headers.get("location") ?? "";

    expect(accepted.status).toBe(202);
    expect(await accepted.text()).toBe("");
    expect(accepted.headers.get("retry-after")).toBe("0");
    expect(location).toMatch(/^https:\/\/management\.azure\.com\/subscriptions\/[^/]+\/providers\/Microsoft\.ContainerRegistry\/locations\/WESTEUROPE\/operationResults\/registries-[0-9a-f-]+\?api-version=2025-11-01$/);

    const first = await armFetch(location);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ "k8se/quickstart:latest": "Pending", status: "Accepted" });
    expect(azure.state.images("targetacr")).toEqual([]);

    const second = await armFetch(first.headers.get("location") ?? "");
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ status: "Succeeded" });
    expect(azure.state.images("targetacr")).toEqual(["k8se/quickstart:latest"]);
  });

  it("makes exactly importPolls + 1 polls with the official client", async () => {
    azure.knobs.importPolls = 3;

    await importInto({ source: { registryUri: "mcr.microsoft.com", sourceImage: "azuredocs/aks-helloworld:v1" }, targetTags: ["aks-helloworld:v1"] });

    const polls = azure.requests.filter((r) => r.method === "GET" && /operationResults/i.test(r.url));
    expect(polls.map((p) => p.status)).toEqual([202, 202, 202, 200]);
  });
});
