import { describe, expect, it } from "vitest";
import { ImageRefSyntaxError, formatRepositoryImage, parseImageRef, parseRepositoryImage, parseRepositoryTag } from "../../src/registry/imageRef.js";

const DIGEST = `sha256:${"ab12".repeat(16)}`;

describe("parseImageRef reads references the way docker pull does", () => {
  it.each([
    ["docker.io/library/nginx:latest", { registry: "docker.io", repository: "library/nginx", tag: "latest" }],
    ["nginx", { registry: "docker.io", repository: "library/nginx", tag: "latest" }],
    ["nginx:1.27-alpine", { registry: "docker.io", repository: "library/nginx", tag: "1.27-alpine" }],
    ["docker.io/nginx", { registry: "docker.io", repository: "library/nginx", tag: "latest" }],
    ["user/app:1", { registry: "docker.io", repository: "user/app", tag: "1" }],
    ["mcr.microsoft.com/azuredocs/aks-helloworld:v1", { registry: "mcr.microsoft.com", repository: "azuredocs/aks-helloworld", tag: "v1" }],
    ["other.azurecr.io/repo:tag", { registry: "other.azurecr.io", repository: "repo", tag: "tag" }],
    ["Other.AzureCR.io/team/repo", { registry: "other.azurecr.io", repository: "team/repo", tag: "latest" }],
    ["localhost:5000/repo:dev", { registry: "localhost:5000", repository: "repo", tag: "dev" }],
    ["registry.hub.docker.com/library/hello-world", { registry: "registry.hub.docker.com", repository: "library/hello-world", tag: "latest" }],
    [`hello-world@${DIGEST}`, { registry: "docker.io", repository: "library/hello-world", digest: DIGEST }],
    [`mcr.microsoft.com/a/b:v1@${DIGEST}`, { registry: "mcr.microsoft.com", repository: "a/b", digest: DIGEST }],
    ["my_repo/a__b/c-d--e.x:T_1.0", { registry: "docker.io", repository: "my_repo/a__b/c-d--e.x", tag: "T_1.0" }],
  ])("%s", (input, expected) => {
    expect(parseImageRef(input)).toEqual(expected);
  });

  it.each([
    ["", "empty"],
    ["   ", "whitespace"],
    ["nginx latest", "whitespace"],
    ["https://docker.io/library/nginx:latest", "URL scheme"],
    ["docker://nginx", "URL scheme"],
    ["Nginx", "lower case"],
    ["docker.io/Library/nginx", "lower case"],
    ["nginx:", 'no tag after it'],
    ["nginx:-bad", "not valid"],
    ["nginx:.bad", "not valid"],
    ["nginx:a/b", "not a registry address"],
    [`nginx:${"t".repeat(129)}`, "not valid"],
    ["nginx@sha256:abc", "not a digest"],
    [`nginx@sha512:${"a".repeat(64)}`, "not a digest"],
    [`nginx@sha256:${"A".repeat(64)}`, "not a digest"],
    ["nginx@", "not a digest"],
    ["/nginx", "(empty)"],
    ["docker.io//nginx", "(empty)"],
    ["nginx/", "(empty)"],
    ["docker.io/", "empty"],
    ["bad_host.io/repo", "not a registry address"],
    ["host.io:99999x/repo", "not a registry address"],
    ["-nginx", "not a valid repository"],
    ["ngi$nx", "not a valid repository"],
    [`${"a".repeat(256)}`, "longer than 255"],
  ])("rejects %j", (input, why) => {
    expect(() => parseImageRef(input)).toThrow(ImageRefSyntaxError);
    expect(() => parseImageRef(input)).toThrow(why);
  });
});

describe("image references inside a known registry", () => {
  it("keeps the repository path as written, without a library/ prefix", () => {
    expect(parseRepositoryImage("nginx:v1")).toEqual({ repository: "nginx", tag: "v1" });
    expect(parseRepositoryImage("team/app")).toEqual({ repository: "team/app", tag: "latest" });
    expect(parseRepositoryImage(`app@${DIGEST}`)).toEqual({ repository: "app", digest: DIGEST });
  });

  it("splits target tags, leaving the tag out when none is written", () => {
    expect(parseRepositoryTag("nginx:v1")).toEqual({ repository: "nginx", tag: "v1" });
    expect(parseRepositoryTag("team/nginx")).toEqual({ repository: "team/nginx" });
    expect(() => parseRepositoryTag("Nginx:v1")).toThrow("lower case");
  });

  it("writes a parsed reference back as ARM's sourceImage", () => {
    const cases = ["library/nginx:latest", `library/hello-world@${DIGEST}`, "azuredocs/aks-helloworld:v1"];
    for (const sourceImage of cases) {
      expect(formatRepositoryImage(parseRepositoryImage(sourceImage))).toBe(sourceImage);
    }
  });
});
