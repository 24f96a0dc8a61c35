/** Discovery documents: what kubectl reads before anything else to map kinds to URLs. */
import type { ManagedCluster } from "../world/types.js";
import { RESOURCE_TYPES, apiVersionOf } from "./resources.js";
import { SUBRESOURCES } from "./subresources.js";

export function apiVersions(): unknown {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "10.0.0.1:443" }],
  };
}

export function apiGroupList(): unknown {
  const groups = [...new Set(RESOURCE_TYPES.map((t) => t.group).filter(Boolean))];
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: groups.map((name) => ({
      name,
      versions: [{ groupVersion: `${name}/v1`, version: "v1" }],
      preferredVersion: { groupVersion: `${name}/v1`, version: "v1" },
    })),
  };
}

/** The APIResourceList of a group version, or undefined when the fake does not serve it. */
export function apiResourceList(group: string, version: string): unknown {
  const types = RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: apiVersionOf(types[0]!),
    resources: types.flatMap((t) => [
      {
        name: t.plural,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: t.verbs,
        ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
        ...(IN_CATEGORY_ALL.includes(t.plural) ? { categories: ["all"] } : {}),
      },
      ...Object.keys(SUBRESOURCES)
        .filter((path) => path.startsWith(`${t.plural}/`))
        .map((path) => ({ name: path, singularName: "", namespaced: t.namespaced, kind: t.kind, verbs: ["get"], ...SUBRESOURCE_KINDS[path.split("/")[1] ?? ""] })),
    ]),
  };
}

/** `kubectl get all` lists these. */
const IN_CATEGORY_ALL = ["pods", "deployments", "replicasets"];

/** What discovery says of a subresource; kubectl scale finds the Scale kind through it. */
const SUBRESOURCE_KINDS: Record<string, Record<string, unknown>> = {
  scale: { group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] },
};

export function versionInfo(cluster: ManagedCluster): unknown {
  const [major = "1", minor = "32", patch = "0"] = cluster.kubernetesVersion.split(".");
  return {
    major,
    minor,
    gitVersion: `v${major}.${minor}.${patch}`,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2025-01-01T00:00:00Z",
    goVersion: "go1.23.6",
    compiler: "gc",
    platform: "linux/amd64",
  };
}
