/**
 * Checks about the cluster side: the cluster is there and running, which identity pulls, and that
 * this identity still exists in Microsoft Entra ID (a deleted kubelet identity keeps its old role
 * assignments, which then grant nothing).
 */
import type { Context } from "../context.js";
import { isAksAcrError, type AksAcrError } from "../errors.js";
import type { ClusterRef } from "../ids.js";
import { resolveServicePrincipalObjectId } from "../resolve/principal.js";
import type { ClusterInfo } from "../resolve/types.js";
import { azClusterArgs, attachCall, type Subject } from "./fixes.js";
import { checkOf, type CheckResult } from "./report.js";

const TRANSIENT_STATES = new Set(["Creating", "Updating", "Upgrading", "Scaling", "Starting", "Stopping", "Migrating"]);

export function clusterCheck(cluster: ClusterInfo | AksAcrError, ref: ClusterRef): CheckResult {
  const base = checkOf("cluster");
  if (isAksAcrError(cluster)) {
    return { ...base, status: "fail", finding: `${cap(cluster.reason)}.`, ...(cluster.fix && { fix: cluster.fix }) };
  }
  const state = cluster.provisioningState;
  const power = (cluster.raw as { properties?: { powerState?: { code?: string } } }).properties?.powerState?.code;
  const args = azClusterArgs(cluster);
  if (state === "Succeeded" && power === "Stopped") {
    return { ...base, status: "fail", finding: `Cluster ${cluster.name} is stopped, so no node runs to pull images.`, fix: `Start it: az aks start ${args}` };
  }
  if (state === "Succeeded") {
    return { ...base, status: "pass", finding: `Cluster ${cluster.name} in ${cluster.location || ref.resourceGroup} exists and is provisioned (Succeeded).` };
  }
  if (TRANSIENT_STATES.has(state)) {
    return {
      ...base,
      status: "warn",
      finding: `Cluster ${cluster.name} is ${state}; its nodes may not pull until that ends.`,
      fix: `Wait until provisioningState is Succeeded (az aks show ${args} --query provisioningState), then check again.`,
    };
  }
  return {
    ...base,
    status: "fail",
    finding: `Cluster ${cluster.name} is in provisioning state ${state}.`,
    fix: `Reconcile the cluster (az aks update ${args} with no changes), then check again.`,
  };
}

/** Who pulls, in words, for other findings: "the kubelet identity 1f2e…". */
export function pullerName(cluster: ClusterInfo): string {
  const puller = cluster.puller;
  return puller.kind === "kubeletIdentity" ? `the kubelet identity ${puller.objectId}` : `the service principal ${puller.clientId}`;
}

export function pullerCheck(cluster: ClusterInfo): CheckResult {
  const puller = cluster.puller;
  const finding =
    puller.kind === "kubeletIdentity"
      ? `The kubelet identity (object id ${puller.objectId}, client id ${puller.clientId}) pulls images, because the cluster uses managed identities.`
      : `The cluster's service principal (client id ${puller.clientId}) pulls images, because the cluster runs as a service principal.`;
  return { ...checkOf("puller"), status: "pass", finding };
}

export interface PrincipalOutcome {
  check: CheckResult;
  /** The puller's objectId, when known (role assignments name principals by it). */
  objectId: string | undefined;
}

/**
 * Looks the puller up in Microsoft Graph: the kubelet identity by objectId, a service principal by
 * its client id (which also yields the objectId the role assignments use).
 */
export async function principalCheck(
  ctx: Context,
  cluster: ClusterInfo,
  subject: Subject,
  registry: { id: string; name: string; subscriptionId: string } | undefined,
  options: { operation: string; abortSignal?: AbortSignal },
): Promise<PrincipalOutcome> {
  const base = checkOf("principal");
  const puller = cluster.puller;
  const args = azClusterArgs(cluster);
  const reattach = registry ? `, then attach again: ${attachCall(subject, registry)}` : "";
  if (puller.kind === "servicePrincipal") {
    try {
      const objectId = puller.objectId ?? (await resolveServicePrincipalObjectId(ctx, puller.clientId, options));
      return { objectId, check: { ...base, status: "pass", finding: `The service principal ${puller.clientId} exists in Microsoft Entra ID (object id ${objectId}).` } };
    } catch (error) {
      if (!isAksAcrError(error) || error.code !== "NotFound") throw error;
      return {
        objectId: undefined,
        check: {
          ...base,
          status: "fail",
          finding: `The cluster's service principal (client id ${puller.clientId}) no longer exists, so the nodes cannot authenticate to the registry.`,
          fix: `Give the cluster a working identity: az aks update-credentials ${args} --reset-service-principal --service-principal <appId> --client-secret <secret>, or az aks update ${args} --enable-managed-identity${reattach}`,
        },
      };
    }
  }
  const path = `/v1.0/directoryObjects/${encodeURIComponent(puller.objectId)}`;
  const response = await ctx.arm.graph({
    method: "GET",
    path,
    operation: options.operation,
    scope: `directoryObject ${puller.objectId}`,
    allowStatus: [404],
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  if (response.status === 404) {
    return {
      objectId: puller.objectId,
      check: {
        ...base,
        status: "fail",
        finding: `The kubelet identity ${puller.objectId} no longer exists in Microsoft Entra ID, so role assignments naming it grant nothing.`,
        fix: `Give the cluster a new kubelet identity (az identity create, then az aks update ${args} --assign-kubelet-identity <identity resource id>)${reattach}`,
      },
    };
  }
  return {
    objectId: puller.objectId,
    check: { ...base, status: "pass", finding: `The kubelet identity ${puller.objectId} exists in Microsoft Entra ID.` },
  };
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).replace(/\.$/, "");
}
