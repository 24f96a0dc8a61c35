import { describe, expect, it } from "vitest";
import { createClusterApi } from "../../src/cluster/index.js";
import type { CreateClusterOptions } from "../../src/cluster/types.js";
import type { ProgressEvent } from "../../src/options.js";
import { drive, rejection, sentMatching, useFakeAzure } from "./harness.js";

const h = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };
const clusterPuts = (): string[] => sentMatching(h, /^PUT .*\/managedClusters\/aks$/i);

/** Bodies of cluster PUTs, read off the wire. */
function captureClusterBodies(): unknown[] {
  const bodies: unknown[] = [];
  h.server.events.on("request:start", ({ request }) => {
    if (request.method === "PUT" && /managedClusters\/[^/]+$/i.test(new URL(request.url).pathname)) {
      void request.clone().json().then((body: unknown) => bodies.push(body));
    }
  });
  return bodies;
}

describe("creating a cluster", () => {
  it("PUTs a managed-identity cluster with one System pool, az's node count and dnsPrefix, and waits for it", async () => {
    const bodies = captureClusterBodies();
    const result = await drive(createClusterApi(h.ctx, CLUSTER).create({ location: "West Europe" }));
    expect(result.created).toBe(true);
    expect(result.attached).toEqual([]);
    expect(result.cluster).toMatchObject({ name: "aks", resourceGroup: "rg", location: "westeurope", provisioningState: "Succeeded", nodeCount: 3 });
    expect(result.cluster.kubeletIdentity?.objectId).toBe(h.azure.state.clusters()[0]?.kubeletIdentity?.objectId);
    expect(clusterPuts()).toHaveLength(1);
    expect(bodies).toEqual([
      {
        location: "westeurope",
        tags: {},
        identity: { type: "SystemAssigned" },
        properties: {
          dnsPrefix: `aks-rg-${h.azure.subscriptionId.slice(0, 6)}`,
          enableRBAC: true,
          agentPoolProfiles: [{ name: "nodepool1", mode: "System", count: 3, osType: "Linux", type: "VirtualMachineScaleSets" }],
        },
      },
    ]);
  });

  it("reports the long-running operation's progress while it runs", async () => {
    h.azure.knobs.lroPolls = 2;
    const events: ProgressEvent[] = [];
    await drive(createClusterApi(h.ctx, CLUSTER).create({ location: "westeurope", onProgress: (e) => events.push(e) }));
    expect(events[0]?.stage).toBe("started");
    expect(events.filter((e) => e.stage === "polling").length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)?.stage).toBe("succeeded");
  });

  it("resolves every registry first: a wrong registry name sends no cluster PUT and leaves no cluster", async () => {
    h.azure.seed.registry({ resourceGroup: "rg", name: "realacr1" });
    const error = await rejection(createClusterApi(h.ctx, CLUSTER).create({ location: "westeurope", attach: ["realacr1", "typoacr1"] }));
    expect(error.code).toBe("NotFound");
    expect(error.message).toContain("typoacr1");
    expect(error.changed).toEqual([]);
    expect(clusterPuts()).toEqual([]);
    expect(h.azure.requests.filter((r) => r.method === "PUT")).toEqual([]);
    expect(h.azure.state.clusters()).toEqual([]);
  });

  it("attaches each registry to the new cluster's kubelet identity", async () => {
    h.azure.seed.registry({ resourceGroup: "rg", name: "firstacr" });
    h.azure.seed.registry({ resourceGroup: "rg", name: "secondacr", roleAssignmentMode: "AbacRepositoryPermissions" });
    const result = await drive(createClusterApi(h.ctx, CLUSTER).create({ location: "westeurope", attach: ["firstacr", "secondacr.azurecr.io"] }));
    const kubelet = result.cluster.kubeletIdentity?.objectId ?? "";
    expect(result.attached.map((a) => [a.registry.name, a.role.name, a.created])).toEqual([
      ["firstacr", "AcrPull", true],
      ["secondacr", "Container Registry Repository Reader", true],
    ]);
    expect(h.azure.state.roleAssignments({ principalId: kubelet })).toHaveLength(2);
  });

  it("rides out the new identity's replication delay while attaching", async () => {
    h.azure.seed.registry({ resourceGroup: "rg", name: "firstacr" });
    h.azure.knobs.identityReplicationAttempts = 2;
    const result = await drive(createClusterApi(h.ctx, CLUSTER).create({ location: "westeurope", attach: ["firstacr"] }));
    expect(result.attached[0]?.attempts).toBe(3);
    expect(result.attached[0]?.created).toBe(true);
  });

  it("says the cluster was created when an attach then fails, and lists it in `changed`", async () => {
    h.azure.seed.registry({ resourceGroup: "rg", name: "firstacr" });
    const contributor = h.azure.seed.principal({ displayName: "contributor", type: "ServicePrincipal" });
    h.azure.seed.roleAssignment({ scope: `/subscriptions/${h.azure.subscriptionId}/resourceGroups/rg`, role: "Contributor", principalId: contributor.objectId });
    const { createContext } = await import("../../src/context.js");
    const asContributor = createContext({ credential: h.azure.credential(contributor.objectId), subscriptionId: h.azure.subscriptionId });

    const error = await rejection(createClusterApi(asContributor, CLUSTER).create({ location: "westeurope", attach: ["firstacr"] }));
    const clusterId = h.azure.state.clusters()[0]?.id ?? "missing";
    expect(error.code).toBe("PermissionDenied");
    // ARM ids compare case-insensitively (the fake renders `resourcegroups`).
    expect(error.changed.map((c) => c.toLowerCase())).toEqual([`created cluster ${clusterId}`.toLowerCase()]);
    expect(error.message.toLowerCase()).toContain(`created cluster ${clusterId}`.toLowerCase());
    expect(error.message).toContain('attach("firstacr")');
    expect(h.azure.state.clusters()[0]?.provisioningState).toBe("Succeeded");
  });

  it("leaves an existing cluster in the same location as it is and only attaches", async () => {
    h.azure.seed.cluster({ resourceGroup: "rg", name: "aks", location: "westeurope" });
    h.azure.seed.registry({ resourceGroup: "rg", name: "firstacr" });
    const result = await drive(createClusterApi(h.ctx, CLUSTER).create({ location: "westeurope", attach: ["firstacr"] }));
    expect(result.created).toBe(false);
    expect(result.attached).toHaveLength(1);
    expect(clusterPuts()).toEqual([]);
  });

  it("refuses an existing cluster of the same name in another location", async () => {
    h.azure.seed.cluster({ resourceGroup: "rg", name: "aks", location: "eastus" });
    const error = await rejection(createClusterApi(h.ctx, CLUSTER).create({ location: "westeurope" }));
    expect(error.code).toBe("Conflict");
    expect(clusterPuts()).toEqual([]);
  });

  const invalid: [string, CreateClusterOptions][] = [
    ["a location with punctuation", { location: "west-europe!" }],
    ["zero nodes", { location: "westeurope", nodeCount: 0 }],
    ["a fractional node count", { location: "westeurope", nodeCount: 2.5 }],
    ["a VM size with spaces", { location: "westeurope", vmSize: "Standard D2" }],
    ["a Kubernetes version with a v", { location: "westeurope", kubernetesVersion: "v1.33" }],
    ["a DNS prefix ending in a hyphen", { location: "westeurope", dnsPrefix: "aks-" }],
    ["a malformed registry reference", { location: "westeurope", attach: ["my-acr"] }],
    ["a tag name with a slash", { location: "westeurope", tags: { "a/b": "c" } }],
  ];
  it.each(invalid)("rejects %s before sending anything", async (_, options) => {
    const error = await rejection(createClusterApi(h.ctx, CLUSTER).create(options));
    expect(error.code).toBe("InvalidInput");
    expect(h.sent).toEqual([]);
  });
});

describe("reading and deleting a cluster", () => {
  it("gets what create made, deletes it, and says when there was nothing to delete", async () => {
    const cluster = createClusterApi(h.ctx, CLUSTER);
    const { cluster: created } = await drive(cluster.create({ location: "westeurope", nodeCount: 2 }));
    const read = await drive(cluster.get());
    expect(read).toMatchObject({ id: created.id, fqdn: created.fqdn, nodeCount: 2, provisioningState: "Succeeded" });

    const deleted = await drive(cluster.delete());
    expect(deleted.deleted).toBe(true);
    expect(deleted.id.toLowerCase()).toBe(created.id.toLowerCase());
    expect(h.azure.state.clusters()).toEqual([]);
    expect((await rejection(cluster.get())).code).toBe("NotFound");
    expect((await drive(cluster.delete())).deleted).toBe(false);
  });
});
