import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { dockerHubDigest, dockerHubHandlers } from "../helpers/docker-hub.js";
import { createRegistryApi } from "../../src/registry/index.js";
import { fakeContext } from "../helpers/fake-azure.js";
import { journal, rejection, tagDigest, useFakeAzure } from "./harness.js";

const h = useFakeAzure();

function catalogueDigest(repository: string, tag: string): string {
  const digest = dockerHubDigest(repository, tag);
  if (digest === undefined) throw new Error(`no docker.io/${repository}:${tag} in the fake's catalogue`);
  return digest;
}

function serveDockerHub(): { heads: () => number } {
  let heads = 0;
  h.server.use(...dockerHubHandlers(() => heads++));
  return { heads: () => heads };
}

function seedTarget(): void {
  h.azure.seed.resourceGroup({ name: "rg" });
  h.azure.seed.registry({ resourceGroup: "rg", name: "myacr" });
}

describe("an import that meets its own earlier success", () => {
  it("the POST's answer is lost, the first operation completes, the NoForce re-send meets the tag: success, not Conflict", async () => {
    seedTarget();
    const docker = serveDockerHub();
    h.azure.knobs.operationProgress = "both";
    h.azure.faults.add({ operation: "Registries_ImportImage", drop: "after" });
    const api = createRegistryApi(fakeContext(h.azure, { retryOptions: { maxRetries: 1, retryDelayInMs: 0 } }), "myacr");
    const result = await api.import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] });
    expect(journal(h.azure, "POST", /importImage$/)).toHaveLength(2);
    expect(result).toMatchObject({ tags: ["nginx:v1"], unchanged: true, digest: catalogueDigest("library/nginx", "latest") });
    expect(tagDigest(h.azure, "myacr", "nginx", "v1")).toBe(catalogueDigest("library/nginx", "latest"));
    expect(docker.heads()).toBe(2);
  });

  it("the POST's answer is lost and the digests cannot be compared: Conflict, but `changed` says the lost attempt may have imported", async () => {
    seedTarget();
    h.server.use(http.head("https://registry-1.docker.io/v2/*", () => new HttpResponse(null, { status: 503 })));
    h.azure.knobs.operationProgress = "both";
    h.azure.faults.add({ operation: "Registries_ImportImage", drop: "after" });
    const api = createRegistryApi(fakeContext(h.azure, { retryOptions: { maxRetries: 1, retryDelayInMs: 0 } }), "myacr");
    const error = await rejection(api.import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] }));
    expect(error.code).toBe("Conflict");
    expect(error.message).toContain("an earlier attempt of this import got no answer and may have written nginx:v1");
    expect(error.changed).toEqual(["may have imported docker.io/library/nginx:latest as nginx:v1 (an attempt whose answer was lost)"]);
  });

  it("the same import run again: success with unchanged: true, the tag as it was", async () => {
    seedTarget();
    serveDockerHub();
    const api = createRegistryApi(h.ctx, "myacr");
    const first = await api.import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] });
    expect(first.unchanged).toBeUndefined();
    const again = await api.import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] });
    expect(again).toMatchObject({ unchanged: true, digest: catalogueDigest("library/nginx", "latest") });
  });

  it("from another Azure registry, read through its data plane: a re-run is a success", async () => {
    seedTarget();
    h.azure.seed.registry({ resourceGroup: "rg", name: "sourceacr", images: ["app:1.0"] });
    const api = createRegistryApi(h.ctx, "myacr");
    await api.import({ registry: "sourceacr", image: "app:1.0" }, { tags: ["app:1.0"] });
    const again = await api.import({ registry: "sourceacr", image: "app:1.0" }, { tags: ["app:1.0"] });
    expect(again.unchanged).toBe(true);
    expect(again.digest).toBe(tagDigest(h.azure, "sourceacr", "app", "1.0"));
  });

  it("a tag that holds another image stays a Conflict", async () => {
    seedTarget();
    serveDockerHub();
    const api = createRegistryApi(h.ctx, "myacr");
    await api.import("docker.io/library/nginx:alpine", { tags: ["nginx:v1"] });
    const error = await rejection(api.import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] }));
    expect(error.code).toBe("Conflict");
    expect(tagDigest(h.azure, "myacr", "nginx", "v1")).toBe(catalogueDigest("library/nginx", "alpine"));
  });

  it("when the source's digest cannot be read, the Conflict stands (never a guessed success)", async () => {
    seedTarget();
    h.server.use(http.head("https://registry-1.docker.io/v2/*", () => new HttpResponse(null, { status: 503 })));
    const api = createRegistryApi(h.ctx, "myacr");
    await api.import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] });
    expect((await rejection(api.import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] }))).code).toBe("Conflict");
  });
});
