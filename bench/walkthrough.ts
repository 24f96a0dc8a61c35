import { RESOURCE_GROUP, type Bench } from "./harness.js";

/**
 * The walkthrough with the public API, as `npm start` runs it: create a registry, import
 * nginx, create a cluster with the registry attached, get credentials, deploy 2 replicas, list the
 * pods, check (with a probe pod). Throws unless both pods run and the check passes.
 */
export async function runWalkthrough(bench: Bench, suffix: string): Promise<void> {
  const { client, azure } = bench;
  azure.seed.resourceGroup({ name: RESOURCE_GROUP });
  const registry = client.registry({ resourceGroup: RESOURCE_GROUP, name: `benchwalk${suffix}` });
  const created = await registry.create({ location: "westeurope", sku: "Basic" });
  await registry.import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] });
  const clusterRef = { resourceGroup: RESOURCE_GROUP, name: `walk-aks-${suffix}` };
  const cluster = client.cluster(clusterRef);
  await cluster.create({ location: "westeurope", nodeCount: 1, attach: [created.id] });
  const kubeConfig = await cluster.credentials();
  const image = `${created.loginServer}/nginx:v1`;
  await cluster.deploy({ name: "nginx0-deployment", image, replicas: 2, port: 80 }, { kubeConfig });
  const pods = await cluster.pods({ kubeConfig, labelSelector: "app=nginx0-deployment" });
  const report = await client.integration(clusterRef).check(created.id, { image: "nginx:v1", probe: true, kubeConfig });
  const running = pods.filter((pod) => pod.phase === "Running" && pod.ready).length;
  if (running !== 2 || !report.ok) {
    throw new Error(`Failed to run the walkthrough: ${running} of 2 pods Running, check ${report.ok ? "passed" : "failed"}.`);
  }
}
