/**
 * Attach one registry to every AKS cluster in a resource group.
 *
 *   AZURE_SUBSCRIPTION_ID=<id> npx tsx examples/attach-all-clusters.ts <registry> <resource group>
 *
 * Signs in with DefaultAzureCredential (az login, environment, managed identity). Each attach is
 * idempotent, so running the script again only grants what is missing. Its test,
 * attach-all-clusters.test.ts, runs it against the fake Azure from `aks-acr/fakes`.
 */
import { pathToFileURL } from "node:url";
import type { TokenCredential } from "@azure/core-auth";
import { createClient, isAksAcrError, type AttachResult } from "aks-acr";

export interface Target {
  credential: TokenCredential;
  subscriptionId: string;
}

/** What happened on one cluster: the attach result, or the error that stopped it. */
export interface ClusterOutcome {
  cluster: string;
  result?: AttachResult;
  error?: { code: string; message: string };
}

const ARM = "https://management.azure.com";

/**
 * The names of the clusters in a resource group. aks-acr has no listing call, so this is one ARM
 * GET (ManagedClusters_ListByResourceGroup), following nextLink across pages.
 */
export async function listClusters(resourceGroup: string, target: Target): Promise<string[]> {
  const { token } = (await target.credential.getToken(`${ARM}/.default`)) ?? { token: "" };
  const names: string[] = [];
  let url: string | undefined =
    `${ARM}/subscriptions/${target.subscriptionId}/resourceGroups/${encodeURIComponent(resourceGroup)}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-04-01`;
  while (url) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`Failed to list the clusters of resource group ${resourceGroup}: ARM answered ${response.status}.`);
    const page = (await response.json()) as { value?: { name: string }[]; nextLink?: string };
    names.push(...(page.value ?? []).map((cluster) => cluster.name));
    url = page.nextLink;
  }
  return names;
}

/** Attaches `registry` to every cluster in `resourceGroup`, all at once; one failure does not stop the others. */
export async function attachToAllClusters(registry: string, resourceGroup: string, target: Target): Promise<ClusterOutcome[]> {
  const azure = createClient(target);
  const clusters = await listClusters(resourceGroup, target);
  return Promise.all(
    clusters.map(async (cluster): Promise<ClusterOutcome> => {
      try {
        return { cluster, result: await azure.integration({ resourceGroup, name: cluster }).attach(registry) };
      } catch (error) {
        if (!isAksAcrError(error)) throw error;
        return { cluster, error: { code: error.code, message: error.message } };
      }
    }),
  );
}

async function main(): Promise<number> {
  const [registry, resourceGroup] = process.argv.slice(2);
  const subscriptionId = process.env["AZURE_SUBSCRIPTION_ID"];
  if (!registry || !resourceGroup || !subscriptionId) {
    console.error("Usage: AZURE_SUBSCRIPTION_ID=<id> attach-all-clusters <registry> <resource group>");
    return 2;
  }
  const { DefaultAzureCredential } = await import("@azure/identity");
  const outcomes = await attachToAllClusters(registry, resourceGroup, { credential: new DefaultAzureCredential(), subscriptionId });
  for (const { cluster, result, error } of outcomes) console.log(`${cluster}: ${result?.summary ?? error?.message}`);
  return outcomes.some((o) => o.error) ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
