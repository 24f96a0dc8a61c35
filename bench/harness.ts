import { setupServer, type SetupServer } from "msw/node";
import type { FakeAzure } from "../fakes/index.js";
import type { AzureClient, ClusterRefInput } from "../src/index.js";
import type { Built } from "./built.js";
import { recordFlights, type Flight } from "./flights.js";

/** The cluster and registry every per-operation scenario starts from. */
export interface Pair {
  cluster: ClusterRefInput & { resourceGroup: string; name: string };
  clusterId: string;
  registryName: string;
  registryId: string;
  loginServer: string;
}

/** A fake Azure served in-process by msw, a library client calling it, and the requests' flights. */
export interface Bench {
  azure: FakeAzure;
  server: SetupServer;
  client: AzureClient;
  flights: Flight[];
  /** Back to an empty world holding only the standard pair; clears the journal and the flights. */
  resetToPair(): Pair;
  /** Forgets the requests made so far (journal and flights). */
  forget(): void;
  close(): void;
}

export const RESOURCE_GROUP = "bench-rg";

export function startBench(built: Built): Bench {
  const azure = built.fakes.createFakeAzure();
  const server = setupServer(...azure.handlers);
  server.listen({ onUnhandledRequest: "error" });
  const flights = recordFlights(server);
  const client = built.lib.createClient({ credential: azure.credential(), subscriptionId: azure.subscriptionId });
  const forget = (): void => {
    azure.clearRequests();
    flights.splice(0);
  };
  return {
    azure,
    server,
    client,
    flights,
    forget,
    resetToPair() {
      azure.reset();
      const pair = seedPair(azure);
      forget();
      return pair;
    },
    close: () => server.close(),
  };
}

export function seedPair(azure: FakeAzure): Pair {
  const cluster = { resourceGroup: RESOURCE_GROUP, name: "bench-aks" };
  const clusterResource = azure.seed.cluster(cluster);
  const registryName = "benchacr";
  const registry = azure.seed.registry({ resourceGroup: RESOURCE_GROUP, name: registryName, images: ["nginx:v1"] });
  return {
    cluster,
    clusterId: String(clusterResource.id),
    registryName,
    registryId: String(registry.id),
    loginServer: String((registry.properties as { loginServer?: string } | undefined)?.loginServer ?? `${registryName}.azurecr.io`),
  };
}

/**
 * ARM requests that ask for a change: PUT, PATCH, DELETE and action POSTs. POSTs that only read
 * (listClusterUserCredential, Graph getByIds, Resource Graph queries) and the registries' data plane
 * (token exchange) are not writes.
 */
export function isWrite(entry: { method: string; url: string }): boolean {
  const url = new URL(entry.url);
  if (!url.hostname.startsWith("management.")) return false;
  if (entry.method === "GET" || entry.method === "HEAD") return false;
  // A Resource Graph query is a POST that only reads.
  if (/^\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(url.pathname)) return false;
  return entry.method !== "POST" || !/\/list[a-z]*$/i.test(url.pathname);
}

/** What a change in the world would alter: every role assignment and every registry's tags. */
export function worldDigest(azure: FakeAzure): Set<string> {
  const assignments = azure.state.roleAssignments().map((a) => `assignment ${a.id.toLowerCase()}`);
  const tags = azure.state.registries().flatMap((r) => azure.state.images(r.name).map((image) => `image ${r.name}/${image}`));
  return new Set([...assignments, ...tags]);
}

/** How many things differ between two digests (created plus removed). */
export function changesBetween(before: Set<string>, after: Set<string>): number {
  let changes = 0;
  for (const item of before) if (!after.has(item)) changes++;
  for (const item of after) if (!before.has(item)) changes++;
  return changes;
}
