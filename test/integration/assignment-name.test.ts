import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignmentName } from "../../src/integration/assignment-name.js";

const registry = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr";
const acrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
const principal = "258f3716-99c3-40c2-a770-cfb7b639d594";

describe("deterministic role assignment name", () => {
  it("is a version-5, RFC 4122 variant UUID", () => {
    fc.assert(
      fc.property(fc.string(), fc.uuid(), fc.uuid(), (scope, role, objectId) => {
        expect(assignmentName(scope, role, objectId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    );
  });

  it("is the first 16 bytes of sha256(lowercased scope|role|principal) with version and variant bits set", () => {
    const digest = createHash("sha256").update(`${registry.toLowerCase()}|${acrPull}|${principal}`).digest("hex");
    const name = assignmentName(registry, acrPull, principal).replaceAll("-", "");
    expect(name.slice(0, 12)).toBe(digest.slice(0, 12));
    expect(name.slice(13, 16)).toBe(digest.slice(13, 16));
    expect(name.slice(18)).toBe(digest.slice(18, 32));
  });

  it("ignores the case of the scope, as ARM does", () => {
    expect(assignmentName(registry.toUpperCase(), acrPull, principal)).toBe(assignmentName(registry, acrPull, principal));
  });

  it("differs when the scope, the role or the principal differs", () => {
    const base = assignmentName(registry, acrPull, principal);
    expect(assignmentName(`${registry}2`, acrPull, principal)).not.toBe(base);
    expect(assignmentName(registry, "b93aa761-3e63-49ed-ac28-beffa264f7ac", principal)).not.toBe(base);
    expect(assignmentName(registry, acrPull, "00000000-0000-0000-0000-000000000001")).not.toBe(base);
  });
});
