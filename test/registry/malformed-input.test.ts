import { describe, expect, it } from "vitest";
import type { ImportImageOptions, ImportSourceInput } from "../../src/registry/index.js";
import { createRegistryApi } from "../../src/registry/index.js";
import { rejection, useFakeAzure } from "./harness.js";

const h = useFakeAzure();
const DIGEST = `sha256:${"0f".repeat(32)}`;

describe("malformed input is rejected with InvalidInput before any request", () => {
  const sources: [string, ImportSourceInput, ImportImageOptions?][] = [
    ["an empty reference", ""],
    ["a blank reference", "  "],
    ["a reference with spaces", "library/nginx :latest"],
    ["an https:// prefix", "https://docker.io/library/nginx:latest"],
    ["an upper-case repository", "docker.io/library/NGINX:latest"],
    ["a ':' with no tag", "nginx:"],
    ["a tag with a bad character", "nginx:v1!"],
    ["a tag starting with '-'", "nginx:-v1"],
    ["a tag longer than 128 characters", `nginx:${"a".repeat(129)}`],
    ["a short digest", "nginx@sha256:1234"],
    ["a digest of another algorithm", `nginx@md5:${"0".repeat(32)}`],
    ["an upper-case digest", `nginx@${DIGEST.toUpperCase()}`],
    ["an empty path component", "mcr.microsoft.com//aks-helloworld:v1"],
    ["a bad registry host", "my_registry.io/app:1"],
    ["a bad target tag", "nginx", { tags: ["Nginx:v1"] }],
    ["a target tag with ':' and no tag", "nginx", { tags: ["nginx:"] }],
    ["an untagged repository with a tag", "nginx", { untaggedRepositories: ["nginx:v1"] }],
    ["no target at all", "nginx", { tags: [] }],
    ["an unknown mode", "nginx", { mode: "Overwrite" as never }],
    ["credentials without a password", "private.example.com/team/app:1.0", { credentials: { username: "u", password: "" } }],
    ["credentials with a registry source", { registry: "otheracr", image: "app:1" }, { credentials: { username: "u", password: "p" } }],
    ["a registry source with a malformed image", { registry: "otheracr", image: "App:1" }],
    ["a registry source with a malformed registry", { registry: "other-acr", image: "app:1" }],
  ];

  it.each(sources)("import of %s", async (_, source, options) => {
    const error = await rejection(createRegistryApi(h.ctx, "myacr").import(source, options));
    expect(error.code).toBe("InvalidInput");
    expect(error.message).toMatch(/^Failed to /);
    expect(h.azure.requests).toEqual([]);
  });

  const registries: [string, string][] = [
    ["too short", "acr1"],
    ["too long", "a".repeat(51)],
    ["with a hyphen", "my-acr"],
    ["with an underscore", "my_acr"],
    ["with a space", "my acr"],
    ["empty", ""],
    ["a login server of another suffix", "myacr.example.com"],
    ["an image reference", "myacr.azurecr.io/nginx:v1"],
    ["a URL", "https://myacr.azurecr.io"],
    ["a resource id of another type", `/subscriptions/${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`],
  ];

  it.each(registries)("create of a registry named %s", async (_, name) => {
    const error = await rejection(createRegistryApi(h.ctx, name).create({ resourceGroup: "rg", location: "westeurope" }));
    expect(error.code).toBe("InvalidInput");
    expect(h.azure.requests).toEqual([]);
  });

  it.each(registries)("import into a registry named %s", async (_, name) => {
    const error = await rejection(createRegistryApi(h.ctx, name).import("nginx"));
    expect(error.code).toBe("InvalidInput");
    expect(h.azure.requests).toEqual([]);
  });

  const creates: [string, Record<string, unknown>][] = [
    ["an unknown SKU", { resourceGroup: "rg", location: "westeurope", sku: "Gold" }],
    ["no location", { resourceGroup: "rg" }],
    ["a location with punctuation", { resourceGroup: "rg", location: "west-europe!" }],
    ["no resource group", { location: "westeurope" }],
    ["a resource group ending in '.'", { resourceGroup: "rg.", location: "westeurope" }],
    ["an unknown role assignment mode", { resourceGroup: "rg", location: "westeurope", roleAssignmentMode: "Abac" }],
  ];

  it.each(creates)("create with %s", async (_, options) => {
    const error = await rejection(createRegistryApi(h.ctx, "myacr").create(options as never));
    expect(error.code).toBe("InvalidInput");
    expect(h.azure.requests).toEqual([]);
  });
});
