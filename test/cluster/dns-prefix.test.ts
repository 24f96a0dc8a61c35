import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultDnsPrefix, validateDnsPrefix } from "../../src/cluster/dnsPrefix.js";
import { isAksAcrError } from "../../src/errors.js";

const SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

describe("the default DNS prefix (derived like az aks create)", () => {
  it("joins the first 10 characters of the name, 16 of the resource group and 6 of the subscription", () => {
    expect(defaultDnsPrefix("myAKSCluster", "myResourceGroupWithALongName", SUB)).toBe(
      `${"myAKSCluster".slice(0, 10)}-${"myResourceGroupWithALongName".slice(0, 16)}-${SUB.slice(0, 6)}`,
    );
  });

  it("drops characters a DNS label cannot hold before truncating", () => {
    expect(defaultDnsPrefix("my_aks_cluster_1", "rg.(prod)_east", SUB)).toBe(`myaksclust-rgprodeast-${SUB.slice(0, 6)}`);
  });

  it("starts with a letter even when the cluster name starts with a digit", () => {
    // "a" is prepended and the result cut to 10 again: "1cluster-n" becomes "a1cluster-".
    expect(defaultDnsPrefix("1cluster-name", "rg", SUB)).toBe(`a1cluster--rg-${SUB.slice(0, 6)}`);
  });

  it("is always a prefix AKS accepts, for any valid cluster and resource group name", () => {
    const clusterName = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/);
    const groupName = fc.stringMatching(/^[a-zA-Z0-9_\-.()]{0,89}[a-zA-Z0-9_\-()]$/);
    fc.assert(
      fc.property(clusterName, groupName, fc.uuid(), (name, group, sub) => {
        expect(() => validateDnsPrefix(defaultDnsPrefix(name, group, sub), "test")).not.toThrow();
      }),
    );
  });

  it.each(["", "-lead", "trail-", "has space", "dot.ted", "x".repeat(55)])("rejects the prefix %j with InvalidInput", (prefix) => {
    let thrown: unknown;
    try {
      validateDnsPrefix(prefix, "create cluster aks");
    } catch (error) {
      thrown = error;
    }
    expect(isAksAcrError(thrown) && thrown.code).toBe("InvalidInput");
    expect(String(thrown)).toContain(prefix);
  });
});
