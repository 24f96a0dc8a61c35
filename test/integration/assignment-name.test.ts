import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignmentName } from "../../src/integration/assignment-name.js";

const registry = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr";
const cluster = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks";

describe("the (registry, cluster) pair's role assignment name", () => {
  it("is a version-5, RFC 4122 variant UUID", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (registryId, clusterId) => {
        expect(assignmentName(registryId, clusterId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    );
  });

  it("is the first 16 bytes of sha256(lowercased registryId|clusterId) with version and variant bits set", () => {
    const digest = createHash("sha256").update(`${registry.toLowerCase()}|${cluster.toLowerCase()}`).digest("hex");
    const name = assignmentName(registry, cluster).replaceAll("-", "");
    expect(name.slice(0, 12)).toBe(digest.slice(0, 12));
    expect(name.slice(13, 16)).toBe(digest.slice(13, 16));
    expect(name.slice(18)).toBe(digest.slice(18, 32));
  });

  it("ignores the case of the ids and a trailing slash, as ARM does", () => {
    expect(assignmentName(registry.toUpperCase(), `${cluster}/`)).toBe(assignmentName(registry, cluster));
  });

  it("differs when the registry or the cluster differs, and not with who the cluster's identity is", () => {
    const base = assignmentName(registry, cluster);
    expect(assignmentName(`${registry}2`, cluster)).not.toBe(base);
    expect(assignmentName(registry, `${cluster}2`)).not.toBe(base);
    expect(assignmentName(cluster, registry)).not.toBe(base);
  });
});
