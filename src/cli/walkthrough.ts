/**
 * The walkthrough `npm start` runs: the story of letting AKS pull from ACR, told with this library,
 * one line per step. A cluster created without the registry attached cannot pull (the kubelet gets
 * 401); attaching fixes it; the check confirms it; detaching undoes it. The same code runs against
 * the in-process fake and, with `--live`, against real Azure; only the client and the names differ.
 */
import { randomBytes } from "node:crypto";
import type { CheckReport } from "../check/index.js";
import type { AzureClient } from "../client.js";
import type { PodSummary } from "../cluster/types.js";
import { hasErrorCode } from "../errors.js";
import type { DetachResult } from "../integration/types.js";
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
  abortSignal?: AbortSignal;
}

export interface WalkthroughResult {
  registry: string;
  cluster: { resourceGroup: string; name: string };
  /** The pods of the deployment before attach: they cannot pull (ErrImagePull, 401). */
  deniedPods: PodSummary[];
  /** The pods after attach. */
  pods: PodSummary[];
  check: CheckReport;
  detach: DetachResult;
  /** The pull failed before attach, every pod ran after it, no check failed and detach removed the grant. */
  ok: boolean;
}

/** Six lower-case letters and digits, so names made from it are valid registry and cluster names. */
export function uniqueSuffix(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

export async function runWalkthrough(plan: WalkthroughPlan, reporter: Reporter): Promise<WalkthroughResult> {
  const started = Date.now();
  const { client, resourceGroup, location, abortSignal } = plan;
  const registryName = `aksacr${plan.suffix}`;
  const clusterRef = { resourceGroup, name: `aks-${plan.suffix}` };
  const call = abortSignal ? { abortSignal } : {};
  const registry = client.registry({ resourceGroup, name: registryName });
  const cluster = client.cluster(clusterRef);
  const link = client.integration(clusterRef);

  const created = await reporter.step(
    `Create registry ${registryName} in ${resourceGroup} (${location}, Basic)`,
    (onProgress) => registry.create({ location, sku: "Basic", createResourceGroup: plan.createResourceGroup, onProgress, ...call }),
    (r) => r.loginServer,
  );
  const image = `${created.loginServer}/${NGINX_TAG}`;
  await reporter.step(`Import ${NGINX_SOURCE} as ${NGINX_TAG}`, (onProgress) => registry.import(NGINX_SOURCE, { tags: [NGINX_TAG], onProgress, ...call }));
  await reporter.step(
    `Create cluster ${clusterRef.name}, registry NOT attached`,
    // One node keeps a live run cheap; the walkthrough needs no more.
    (onProgress) => cluster.create({ location, nodeCount: 1, onProgress, ...call }),
    (r) => `kubelet identity ${r.cluster.kubeletIdentity?.objectId ?? "?"}`,
  );
  const kubeConfig = await reporter.step(`Get credentials of ${clusterRef.name}`, () => cluster.credentials(call));
  const nginx = { name: DEPLOYMENT, image, replicas: REPLICAS, port: 80 };

  const deniedPods = await reporter.step(
    `Deploy ${DEPLOYMENT} (${REPLICAS} × ${image}) before attach`,
    () => expectPullFailure(cluster.deploy(nginx, { kubeConfig, ...call })),
    (pods) => (pods.some(isRunning) ? "it ran: the cluster could already pull" : "cannot pull, as expected"),
  );
  reporter.print(indent(formatPods(deniedPods)));
  const answered = /\b(\d{3} [A-Za-z ]+)$/.exec(deniedPods.find((p) => p.message)?.message ?? "")?.[1];
  if (answered) reporter.print(indent(`why: the registry answered the kubelet's pull "${answered}": its identity holds no pull role on ${registryName}`));

  await reporter.step(
    `Attach ${registryName} to ${clusterRef.name}`,
    () => link.attach(created.id, call),
    (r) => `${r.role.name} for the kubelet identity`,
  );
  const running = await reporter.step(
    `Deploy ${DEPLOYMENT} again`,
    (onProgress) => cluster.deploy(nginx, { kubeConfig, onProgress, ...call }),
    (r) => `${r.deployment.readyReplicas}/${r.deployment.replicas} ready`,
  );
  reporter.print(indent(formatPods(running.pods)));
  const check = await reporter.step(
    `Check that ${clusterRef.name} can pull ${NGINX_TAG}`,
    () => link.check(created.id, { image: NGINX_TAG, probe: true, kubeConfig, ...call }),
    (r) => (r.ok ? `passed (${r.checks.filter((c) => c.status === "pass").length} checks pass)` : "FAILED"),
  );
  if (!check.ok) reporter.print(indent(check.toString()));
  const detach = await reporter.step(
    `Detach ${registryName} from ${clusterRef.name}`,
    () => link.detach(created.id, call),
    (r) => `removed ${r.removed.map((a) => a.role.name).join(", ") || "nothing"}`,
  );

  const pods = running.pods;
  const ok = deniedPods.length > 0 && !deniedPods.some(isRunning) && pods.length === REPLICAS && pods.every(isRunning) && check.ok && detach.removed.length > 0;
  const verdict = ok ? "401 before attach, 2 pods Running after it, check passed, detached" : "the story did not go as told (see above)";
  reporter.print(`${ok ? "Done" : "Failed"} in ${formatDuration(Date.now() - started)}: ${verdict}.`);
  return { registry: registryName, cluster: clusterRef, deniedPods, pods, check, detach, ok };
}

/** The pods of a deploy that must fail to pull: the failure's pods, or the pods when it (wrongly) succeeded. */
async function expectPullFailure(deploy: Promise<{ pods: PodSummary[] }>): Promise<PodSummary[]> {
  try {
    return (await deploy).pods;
  } catch (error) {
    if (!hasErrorCode(error, "ImagePullFailed")) throw error;
    return (error.details["pods"] as PodSummary[] | undefined) ?? [];
  }
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
