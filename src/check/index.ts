/**
 * `check`: why a cluster cannot pull from a registry, and what to do. Round one reads the cluster
 * and the registry in parallel; round two runs every check that depends on them in parallel. A
 * check that cannot run because of an earlier finding is skipped with the reason; an unexpected
 * failure of one check becomes that check's finding, so one report always comes back (only an
 * abort or malformed input throws).
 */
import type { KubeConfig } from "@kubernetes/client-node";
import type { Context } from "../context.js";
import { AksAcrError, isAksAcrError } from "../errors.js";
import { parseClusterRef, parseRegistryRef, type ClusterRef, type ClusterRefInput, type RegistryRefInput } from "../ids.js";
import type { CallOptions } from "../options.js";
import { resolveCluster } from "../resolve/cluster.js";
import { resolveRegistry } from "../resolve/registry.js";
import type { ClusterInfo, RegistryInfo } from "../resolve/types.js";
import { lookupImage } from "./acrDataPlane.js";
import { clusterCheck, principalCheck, pullerCheck, pullerName, type PrincipalOutcome } from "./clusterChecks.js";
import type { Subject } from "./fixes.js";
import { parseCheckedImage, pullReference, type CheckedImage } from "./image.js";
import { imageFromLookup, imageFromProbe, otherRegistryImage, probeCheck } from "./imageChecks.js";
import { runProbe, type ProbeOutcome } from "./probe.js";
import { pullRoleCheck } from "./pullRole.js";
import { adminUserCheck, networkCheck } from "./registrySettings.js";
import { staleAssignmentsCheck } from "./staleAssignments.js";
import { pullSecretCheck } from "./pullSecretCheck.js";
import { createClusterApi } from "../cluster/index.js";
import { checkOf, createReport, type CheckId, type CheckReport, type CheckResult } from "./report.js";
import { tenantCheck, tenantFromWrongIssuer } from "./tenantCheck.js";

export type { CheckId, CheckReport, CheckResult, CheckStatus } from "./report.js";

/** Options of `integration(cluster).check(registry, options)`. */
export interface CheckOptions extends CallOptions {
  /** The image to check: "repo:tag", "repo@sha256:…", or with the registry's login server in front. @default none: the image check is skipped */
  image?: string;
  /** Also pull the image through the cluster with a short-lived, unprivileged Linux pod (needs `image`). @default false */
  probe?: boolean;
  /** Namespace of the probe pod. @default "default" */
  namespace?: string;
  /** How long the probe waits for the pull before it gives up. @default 60000 */
  timeoutMs?: number;
  /** Credentials for the probe and the pull secret check; by default one listClusterUserCredential call gets them. */
  kubeConfig?: KubeConfig;
  /**
   * Name of an image pull secret (in `namespace`) that pulls from this registry: the "Image pull
   * secret" check reads it, and the probe pod names it in imagePullSecrets.
   * @default none: the check is not run
   */
  pullSecret?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const PROBE_POLL_MS = 1_000;

type Settled<T> = T | AksAcrError;

export async function runCheck(
  ctx: Context,
  clusterRef: ClusterRefInput | ClusterRef,
  registryRef: RegistryRefInput,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const parsedCluster = parseClusterRef(clusterRef);
  const parsedRegistry = parseRegistryRef(registryRef, ctx.cloud);
  const registryLabel = typeof registryRef === "string" ? registryRef : registryRef.name;
  const operation = `check whether cluster ${parsedCluster.name} can pull from registry ${registryLabel}`;
  const image = options.image === undefined ? undefined : parseCheckedImage(options.image, operation);
  if (options.probe && !image) {
    throw new AksAcrError("InvalidInput", {
      operation,
      reason: "a probe pulls an image, and no image was given",
      fix: 'Pass the image to pull, e.g. check("myacr", { probe: true, image: "nginx:v1" })',
    });
  }
  const cluster: ClusterRef & { subscriptionId: string } = { ...parsedCluster, subscriptionId: parsedCluster.subscriptionId ?? ctx.subscriptionId(operation) };
  const read = { operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) };
  const subject: Subject = { cluster, defaultSubscriptionId: defaultSubscription(ctx) };

  // A pull secret is read through the cluster's API: its credentials are fetched alongside round one, once for the probe too.
  const credentials = options.pullSecret === undefined || options.kubeConfig ? options.kubeConfig : createClusterApi(ctx, cluster).credentials(read.abortSignal ? { abortSignal: read.abortSignal } : {});
  const [clusterInfo, registryInfo, kubeConfigRead] = await Promise.all([
    settle(resolveCluster(ctx, cluster, read)),
    settle(resolveRegistry(ctx, parsedRegistry, read)),
    credentials && settle(Promise.resolve(credentials)),
  ]);
  const kubeConfig = isAksAcrError(kubeConfigRead) ? undefined : kubeConfigRead;

  const checks: Promise<CheckResult>[] = [Promise.resolve(clusterCheck(clusterInfo, cluster))];
  const foundCluster = isAksAcrError(clusterInfo) ? undefined : clusterInfo;
  const foundRegistry = isAksAcrError(registryInfo) ? undefined : registryInfo;
  const foreignTenant = tenantFromWrongIssuer(registryInfo);
  const registryMissing = foreignTenant
    ? "the registry's subscription belongs to another tenant, so it could not be read (see Same tenant)"
    : "the registry was not found";
  const why = (needsCluster: boolean, needsRegistry: boolean): string | undefined =>
    needsCluster && !foundCluster ? "the cluster was not found" : needsRegistry && !foundRegistry ? registryMissing : undefined;

  checks.push(Promise.resolve(registryResult(registryInfo, foreignTenant)));

  const principal: Promise<PrincipalOutcome> | undefined = foundCluster && principalCheck(ctx, foundCluster, subject, foundRegistry, read);
  if (foundCluster && principal) {
    checks.push(Promise.resolve(pullerCheck(foundCluster)), guard("principal", principal.then((p) => p.check)));
  } else {
    checks.push(skipped("puller", "the cluster was not found"), skipped("principal", "the cluster was not found"));
  }

  const registrySubscription = foundRegistry?.subscriptionId ?? (foreignTenant && parsedRegistry.kind === "id" ? parsedRegistry.subscriptionId : undefined);
  checks.push(
    foundCluster && registrySubscription
      ? guard("tenant", tenantCheck(ctx, { clusterSubscriptionId: foundCluster.subscriptionId, registrySubscriptionId: registrySubscription, ...(foreignTenant && { registryTenantId: foreignTenant }) }, read))
      : skipped("tenant", why(true, true) ?? "the registry was not found"),
  );

  if (foundCluster && foundRegistry && principal) {
    const objectId = foundCluster.puller.kind === "kubeletIdentity" ? Promise.resolve(foundCluster.puller.objectId) : principal.then((p) => p.objectId);
    const name = pullerName(foundCluster);
    checks.push(
      guard(
        "pullRole",
        objectId.then((id) =>
          id === undefined ? skippedResult("pullRole", "the cluster's identity does not exist") : pullRoleCheck(ctx, foundRegistry, { objectId: id, name }, subject, read),
        ),
      ),
    );
    checks.push(
      guard(
        "assignments",
        objectId.then((id) =>
          id === undefined ? skippedResult("assignments", "the cluster's identity does not exist") : staleAssignmentsCheck(ctx, foundRegistry, { objectId: id, name }, subject, read),
        ),
      ),
    );
  } else {
    checks.push(skipped("pullRole", why(true, true) ?? "the cluster was not found"), skipped("assignments", why(true, true) ?? "the cluster was not found"));
  }

  if (foundRegistry) {
    checks.push(Promise.resolve(networkCheck(foundRegistry)), Promise.resolve(adminUserCheck(foundRegistry)));
  } else {
    checks.push(skipped("network", registryMissing), skipped("adminUser", registryMissing));
  }

  if (options.pullSecret !== undefined) {
    const secret = { name: options.pullSecret, namespace: options.namespace ?? "default", operation };
    const host = image?.host ?? foundRegistry?.loginServer ?? registryLabel;
    checks.push(isAksAcrError(kubeConfigRead) || !kubeConfig ? guard("pullSecret", Promise.reject(kubeConfigRead)) : guard("pullSecret", pullSecretCheck({ ...secret, host, kubeConfig }, subject)));
  }

  checks.push(...imageAndProbe(ctx, subject, foundCluster, foundRegistry, image, { ...options, ...(kubeConfig && { kubeConfig }) }, why));

  const results = await Promise.all(checks);
  return createReport(`${cluster.resourceGroup}/${cluster.name}`, foundRegistry?.loginServer ?? registryLabel, results);
}

function imageAndProbe(
  ctx: Context,
  subject: Subject,
  cluster: ClusterInfo | undefined,
  registry: RegistryInfo | undefined,
  image: CheckedImage | undefined,
  options: CheckOptions,
  why: (needsCluster: boolean, needsRegistry: boolean) => string | undefined,
): Promise<CheckResult>[] {
  const noProbe = skipped("probe", "no probe was asked for (pass { probe: true, image })");
  if (!image) return [skipped("image", "no image was given (pass { image: \"repo:tag\" })"), noProbe];
  const blocker = why(options.probe === true, true);
  if (!registry || blocker) return [skipped("image", blocker ?? "the registry was not found"), options.probe ? skipped("probe", blocker ?? "") : noProbe];
  if (image.host !== undefined && image.host !== registry.loginServer.toLowerCase()) {
    return [Promise.resolve(otherRegistryImage(registry, image, subject)), options.probe ? skipped("probe", "the image is not on this registry") : noProbe];
  }
  if (!options.probe || !cluster) {
    return [guard("image", lookupImage(ctx, registry.loginServer, image, options.abortSignal).then((lookup) => imageFromLookup(registry, image, lookup))), noProbe];
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const outcome: Promise<ProbeOutcome> = runProbe(ctx, cluster, pullReference(image, registry.loginServer), {
    namespace: options.namespace ?? "default",
    timeoutMs,
    pollMs: PROBE_POLL_MS,
    ...(options.pullSecret !== undefined && { pullSecret: options.pullSecret }),
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
    ...(options.kubeConfig && { kubeConfig: options.kubeConfig }),
  });
  return [
    guard("image", outcome.then((o) => imageFromProbe(registry, image, o))),
    guard("probe", outcome.then((o) => probeCheck(registry, image, o, subject, timeoutMs))),
  ];
}

function registryResult(registry: Settled<RegistryInfo>, foreignTenant: string | undefined): CheckResult {
  const base = checkOf("registry");
  if (!isAksAcrError(registry)) {
    return { ...base, status: "pass", finding: `Registry ${registry.name} exists: login server ${registry.loginServer}, id ${registry.id}.` };
  }
  if (foreignTenant) {
    return { ...base, status: "skipped", finding: `The registry's subscription belongs to tenant ${foreignTenant}, so this credential cannot read it (see Same tenant).` };
  }
  return { ...base, status: "fail", finding: `${sentence(registry.reason)}`, ...(registry.fix && { fix: registry.fix }) };
}

/** A resolver's NotFound, Ambiguous, … becomes a finding; an abort or a bug is not swallowed. */
async function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  try {
    return await work;
  } catch (error) {
    if (isAksAcrError(error) && error.code !== "Aborted") return error;
    throw error;
  }
}

/** One check's unexpected error (403 on a read, throttling beyond retries…) becomes its finding. */
async function guard(id: CheckId, work: Promise<CheckResult>): Promise<CheckResult> {
  const result = await settle(work);
  if (!isAksAcrError(result)) return result;
  return { ...checkOf(id), status: "fail", finding: `Could not check: ${sentence(result.reason)}`, ...(result.fix && { fix: result.fix }) };
}

function skippedResult(id: CheckId, reason: string): CheckResult {
  return { ...checkOf(id), status: "skipped", finding: `Skipped: ${reason.replace(/\.$/, "")}.` };
}

function skipped(id: CheckId, reason: string): Promise<CheckResult> {
  return Promise.resolve(skippedResult(id, reason));
}

function sentence(text: string): string {
  const trimmed = text.trim().replace(/\.$/, "");
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`;
}

function defaultSubscription(ctx: Context): string | undefined {
  try {
    return ctx.subscriptionId("check");
  } catch {
    return undefined;
  }
}

