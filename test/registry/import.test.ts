import { describe, expect, it } from "vitest";
import { PRIVATE_SOURCE_PASSWORD, PRIVATE_SOURCE_USERNAME, findSourceRegistry } from "../../fakes/world/catalogue.js";
import { createRegistryApi } from "../../src/registry/index.js";
import { rejection, tagDigest, useFakeAzure } from "./harness.js";

const h = useFakeAzure();

function catalogueDigest(registryUri: string, repository: string, tag: string): string {
  const digest = findSourceRegistry(registryUri)?.repositories.get(repository)?.tags.get(tag);
  if (digest === undefined) throw new Error(`the fake's catalogue has no ${registryUri}/${repository}:${tag}`);
  return digest;
}

function seedTarget(): void {
  h.azure.seed.resourceGroup({ name: "rg" });
  h.azure.seed.registry({ resourceGroup: "rg", name: "myacr" });
}

describe("importing an image", () => {
  it("imports docker.io/library/nginx:latest as nginx:v1 with the source's digest", async () => {
    seedTarget();
    const result = await createRegistryApi(h.ctx, "myacr").import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] });

    expect(result).toMatchObject({
      registry: { loginServer: "myacr.azurecr.io" },
      source: { registryUri: "docker.io", sourceImage: "library/nginx:latest" },
      tags: ["nginx:v1"],
      images: ["myacr.azurecr.io/nginx:v1"],
    });
    expect(result.digest).toBeUndefined();
    expect(h.azure.state.images("myacr")).toContain("nginx:v1");
    expect(tagDigest(h.azure, "myacr", "nginx", "v1")).toBe(catalogueDigest("docker.io", "library/nginx", "latest"));
    const post = h.sent.find((r) => r.method === "POST" && r.url.includes("/importImage"));
    expect(post?.body).toEqual({ source: { registryUri: "docker.io", sourceImage: "library/nginx:latest" }, targetTags: ["nginx:v1"], mode: "NoForce" });
  });

  it("keeps the source's repository and tag when no tags are given, as az acr import does", async () => {
    seedTarget();
    const result = await createRegistryApi(h.ctx, "myacr").import("nginx");
    expect(result.tags).toEqual(["library/nginx:latest"]);
    expect(h.azure.state.images("myacr")).toContain("library/nginx:latest");
  });

  it("imports by digest and reports that digest", async () => {
    seedTarget();
    const digest = catalogueDigest("docker.io", "library/hello-world", "latest");
    const result = await createRegistryApi(h.ctx, "myacr").import(`hello-world@${digest}`, { tags: ["hello:1"] });
    expect(result.digest).toBe(digest);
    expect(result.source).toEqual({ registryUri: "docker.io", sourceImage: `library/hello-world@${digest}` });
    expect(tagDigest(h.azure, "myacr", "hello", "1")).toBe(digest);
  });

  it("tags a digest import <repository>:latest when no tags are given", async () => {
    seedTarget();
    const digest = catalogueDigest("docker.io", "library/hello-world", "latest");
    const result = await createRegistryApi(h.ctx, "myacr").import(`docker.io/library/hello-world@${digest}`);
    expect(result.tags).toEqual(["library/hello-world:latest"]);
    expect(tagDigest(h.azure, "myacr", "library/hello-world", "latest")).toBe(digest);
  });

  it("imports from another fake registry named by login server", async () => {
    seedTarget();
    h.azure.seed.registry({ resourceGroup: "rg", name: "sourceacr", images: ["app:v2"] });
    const result = await createRegistryApi(h.ctx, "myacr").import("sourceacr.azurecr.io/app:v2", { tags: ["app:v2"] });
    expect(result.source).toEqual({ registryUri: "sourceacr.azurecr.io", sourceImage: "app:v2" });
    expect(tagDigest(h.azure, "myacr", "app", "v2")).toBe(tagDigest(h.azure, "sourceacr", "app", "v2"));
  });

  it("imports from another fake registry by resource id, sent as source.resourceId", async () => {
    seedTarget();
    const other = h.azure.seed.subscription();
    h.azure.seed.resourceGroup({ name: "src", subscriptionId: other });
    const source = h.azure.seed.registry({ resourceGroup: "src", name: "otheracr", images: ["team/tool:3"], subscriptionId: other }) as { id: string };
    const result = await createRegistryApi(h.ctx, "myacr").import({ registry: source.id, image: "team/tool:3" });
    expect(result.source).toEqual({ resourceId: source.id, sourceImage: "team/tool:3" });
    expect(result.tags).toEqual(["team/tool:3"]);
    expect(tagDigest(h.azure, "myacr", "team/tool", "3")).toBe(tagDigest(h.azure, "otheracr", "team/tool", "3"));
    const post = h.sent.find((r) => r.method === "POST" && r.url.includes("/importImage"));
    expect(post?.body).toMatchObject({ source: { resourceId: source.id } });
  });

  it("looks up a source registry named by name and sends its resource id", async () => {
    seedTarget();
    const source = h.azure.seed.registry({ resourceGroup: "rg", name: "namedacr", images: ["app:1"] }) as { id: string };
    const result = await createRegistryApi(h.ctx, "myacr").import({ registry: "namedacr", image: "app:1" }, { tags: ["copy:1"] });
    expect(result.source).toEqual({ resourceId: source.id, sourceImage: "app:1" });
    expect(tagDigest(h.azure, "myacr", "copy", "1")).toBe(tagDigest(h.azure, "namedacr", "app", "1"));
  });

  it("fails a source registry id that names no registry with NotFound", async () => {
    seedTarget();
    const missing = `/subscriptions/${h.azure.subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/ghostacr`;
    const error = await rejection(createRegistryApi(h.ctx, "myacr").import({ registry: missing, image: "app:1" }));
    expect(error.code).toBe("NotFound");
    expect(error.armCode).toBe("NotFound");
  });

  it("fails a missing source image with NotFound carrying the operation's code", async () => {
    seedTarget();
    const error = await rejection(createRegistryApi(h.ctx, "myacr").import("docker.io/library/doesnotexist:1", { tags: ["x:1"] }));
    expect(error.code).toBe("NotFound");
    expect(error.armCode).toBe("NotFound");
    expect(error.message).toContain("docker.io/library/doesnotexist:1");
    expect(h.azure.state.images("myacr")).not.toContain("x:1");
  });

  it("refuses to overwrite an existing tag by default and overwrites it with mode Force", async () => {
    h.azure.seed.resourceGroup({ name: "rg" });
    h.azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] });
    const before = tagDigest(h.azure, "myacr", "nginx", "v1");
    const api = createRegistryApi(h.ctx, "myacr");

    const error = await rejection(api.import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] }));
    expect(error.code).toBe("Conflict");
    expect(error.armCode).toBe("TagAlreadyExists");
    expect(error.fix).toContain('mode: "Force"');
    expect(tagDigest(h.azure, "myacr", "nginx", "v1")).toBe(before);

    await api.import("docker.io/library/nginx:latest", { tags: ["nginx:v1"], mode: "Force" });
    expect(tagDigest(h.azure, "myacr", "nginx", "v1")).toBe(catalogueDigest("docker.io", "library/nginx", "latest"));
  });

  it("copies into untagged repositories without tagging", async () => {
    seedTarget();
    const result = await createRegistryApi(h.ctx, "myacr").import("mcr.microsoft.com/azuredocs/aks-helloworld:v1", { untaggedRepositories: ["hello"] });
    expect(result).toMatchObject({ tags: [], images: [], untaggedRepositories: ["hello"] });
    const post = h.sent.find((r) => r.method === "POST" && r.url.includes("/importImage"));
    expect(post?.body).toMatchObject({ targetTags: [], untaggedTargetRepositories: ["hello"] });
  });
});

describe("importing from a private source", () => {
  it("sends the credentials in the body and imports", async () => {
    seedTarget();
    const credentials = { username: PRIVATE_SOURCE_USERNAME, password: PRIVATE_SOURCE_PASSWORD };
    const result = await createRegistryApi(h.ctx, "myacr").import("private.example.com/team/app:1.0", { tags: ["app:1.0"], credentials });
    expect(JSON.stringify(result)).not.toContain(PRIVATE_SOURCE_PASSWORD);
    expect(h.azure.state.images("myacr")).toContain("app:1.0");
    const post = h.sent.find((r) => r.method === "POST" && r.url.includes("/importImage"));
    expect(post?.body).toMatchObject({ source: { credentials } });
  });

  it("turns rejected credentials into AuthenticationFailed naming the source, never the password", async () => {
    seedTarget();
    const password = "wrong-but-secret-p4ss";
    const error = await rejection(
      createRegistryApi(h.ctx, "myacr").import("private.example.com/team/app:1.0", { credentials: { username: "importer", password } }),
    );
    expect(error.code).toBe("AuthenticationFailed");
    expect(error.message).toContain("private.example.com");
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(password);
  });

  it("asks for credentials when a private source is imported without them", async () => {
    seedTarget();
    const error = await rejection(createRegistryApi(h.ctx, "myacr").import("private.example.com/team/app:1.0"));
    expect(error.code).toBe("AuthenticationFailed");
    expect(error.fix).toContain("credentials");
  });

  it("never sends a request when credentials are malformed, and never quotes them", async () => {
    seedTarget();
    const error = await rejection(
      createRegistryApi(h.ctx, "myacr").import("private.example.com/team/app:1.0", { credentials: { username: "", password: "hush-hush-1" } }),
    );
    expect(error.code).toBe("InvalidInput");
    expect(error.message).not.toContain("hush-hush-1");
    expect(h.azure.requests).toHaveLength(0);
  });
});
