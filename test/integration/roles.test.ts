import { describe, expect, it } from "vitest";
import {
  ACR_PULL,
  REPOSITORY_READER,
  defaultPullRole,
  roleDefinitionId,
  roleGuid,
  rolePullsIn,
} from "../../src/roles.js";

describe("choosing the pull role", () => {
  it("uses Container Registry Repository Reader on ABAC registries, which ignore AcrPull", () => {
    expect(defaultPullRole("AbacRepositoryPermissions")).toMatchObject({ id: REPOSITORY_READER, name: "Container Registry Repository Reader" });
    expect(rolePullsIn(ACR_PULL, "AbacRepositoryPermissions")).toBe(false);
  });

  it("uses AcrPull on legacy registries", () => {
    expect(defaultPullRole("LegacyRegistryPermissions")).toMatchObject({ id: ACR_PULL, name: "AcrPull" });
    expect(rolePullsIn(ACR_PULL, "LegacyRegistryPermissions")).toBe(true);
  });

  it("reads a role option written as a name, a GUID or a roleDefinitionId", () => {
    expect(roleGuid("AcrPull")).toBe(ACR_PULL);
    expect(roleGuid("acrpull")).toBe(ACR_PULL);
    expect(roleGuid("container registry repository reader")).toBe(REPOSITORY_READER);
    expect(roleGuid(ACR_PULL.toUpperCase())).toBe(ACR_PULL);
    expect(roleGuid(roleDefinitionId("11111111-1111-1111-1111-111111111111", ACR_PULL))).toBe(ACR_PULL);
    expect(roleGuid("NotARole")).toBeUndefined();
  });

  it("gives Owner, Contributor and Reader pull only on legacy registries", () => {
    for (const name of ["Owner", "Contributor", "Reader"]) {
      const guid = roleGuid(name) as string;
      expect(rolePullsIn(guid, "LegacyRegistryPermissions")).toBe(true);
      expect(rolePullsIn(guid, "AbacRepositoryPermissions")).toBe(false);
    }
  });
});
