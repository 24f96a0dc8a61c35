/**
 * The walkthrough `npm start` runs: the commands people type to let AKS pull from ACR, done with
 * this library, one line per step. The same code runs against the in-process fake and, with
 * `--live`, against real Azure; only the client and the names differ.
 */
import { randomBytes } from "node:crypto";
import type { CheckReport } from "../check/index.js";
import type { AzureClient } from "../client.js";
import type { PodSummary } from "../cluster/types.js";
import { formatPods } from "./podsTable.js";
import type { Reporter } from "./progress.js";
import { formatDuration } from "./table.js";

export const NGINX_SOURCE = "docker.io/library/nginx:latest";
export const NGINX_TAG = "nginx:v1";
export const DEPLOYMENT = "nginx0-deployment";
const REPLICAS = 2;

export interface WalkthroughPlan {
  client: AzureClient;
  resourceGroup: string;
  location: string;
  /** Makes the names unique: registry `aksacr<suffix>`, cluster `aks-<suffix>`. */
  suffix: string;
  /** Create the resource group when it does not exist (live runs start from nothing). */
  createResourceGroup: boolean;
  signal?: AbortSignal;
}

export interface WalkthroughResult {
  registry: string;
  cluster: { resourceGroup: string; name: string };
  pods: PodSummary[];
  check: CheckReport;
  /** Every pod Running and ready, and no check failed. */
  ok: boolean;
}

/** Six lower-case letters and digits, so names made from it are valid registry and cluster names. */
export function uniqueSuffix(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

export async function runWalkthrough(plan: WalkthroughPlan, reporter: Reporter): Promise<WalkthroughResult> {
  const started = Date.now();
  const { client, resourceGroup, location, signal } = plan;
  const registryName = `aksacr${plan.suffix}`;
  const clusterRef = { resourceGroup, name: `aks-${plan.suffix}` };
  const call = signal ? { signal } : {};
  const registry = client.registry({ resourceGroup, name: registryName });
  const cluster = client.cluster(clusterRef);

  const created = await reporter.step(
    `Create registry ${registryName} in ${resourceGroup} (${location}, Basic)`,
    (onProgress) => registry.create({ location, sku: "Basic", createResourceGroup: plan.createResourceGroup, onProgress, ...call }),
    (r) => `login server ${r.loginServer}`,
  );
  const image = `${created.loginServer}/${NGINX_TAG}`;
  await reporter.step(
    `Import ${NGINX_SOURCE} as ${NGINX_TAG}`,
    (onProgress) => registry.import(NGINX_SOURCE, { tags: [NGINX_TAG], onProgress, ...call }),
    (r) => r.images.join(", "),
  );
  await reporter.step(
    `Create cluster ${clusterRef.name} with ${registryName} attached`,
    // One node keeps a live run cheap; the walkthrough needs no more.
    (onProgress) => cluster.create({ location, nodeCount: 1, attach: [created.id], onProgress, ...call }),
    (r) => r.attached.map((a) => `${a.role.name} for ${a.principal.kind} ${a.principal.objectId}`).join("; "),
  );
  const kubeConfig = await reporter.step(
    `Get credentials of ${clusterRef.name}`,
    () => cluster.credentials(call),
    (k) => `context ${k.getCurrentContext()}, server ${k.getCurrentCluster()?.server ?? "?"}`,
  );
  await reporter.step(
    `Deploy ${DEPLOYMENT}: ${REPLICAS} × ${image}, port 80`,
    (onProgress) => cluster.deploy({ name: DEPLOYMENT, image, replicas: REPLICAS, port: 80 }, { kubeConfig, onProgress, ...call }),
    (r) => `${r.deployment.readyReplicas}/${r.deployment.replicas} ready`,
  );
  const pods = await reporter.step(
    "Get pods",
    () => cluster.pods({ kubeConfig, labelSelector: `app=${DEPLOYMENT}`, ...call }),
    (p) => `${p.filter(isRunning).length} of ${p.length} Running`,
  );
  reporter.print(indent(formatPods(pods)));
  const check = await reporter.step(
    `Check that ${clusterRef.name} can pull ${NGINX_TAG} from ${registryName}`,
    () => client.integration(clusterRef).check(created.id, { image: NGINX_TAG, probe: true, kubeConfig, ...call }),
    (r) => (r.ok ? "passed" : "FAILED"),
  );
  reporter.print(indent(check.toString()));
  const ok = pods.length === REPLICAS && pods.every(isRunning) && check.ok;
  const verdict = ok ? `${pods.length} pods Running, check passed` : "the cluster cannot run the image (see above)";
  reporter.print(`${ok ? "Done" : "Failed"} in ${formatDuration(Date.now() - started)}: ${verdict}.`);
  return { registry: registryName, cluster: clusterRef, pods, check, ok };
}

function isRunning(pod: PodSummary): boolean {
  return pod.phase === "Running" && pod.ready;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : `    ${line}`))
    .join("\n");
}
