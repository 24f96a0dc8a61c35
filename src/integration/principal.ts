import type { Context } from "../context.js";
import { resolveServicePrincipalObjectId } from "../resolve/principal.js";
import type { ClusterInfo, ResolveOptions } from "../resolve/types.js";
import type { PrincipalSummary } from "./types.js";

/** The cluster's pulling identity with its objectId (one Graph lookup on service-principal clusters). */
export async function pullingPrincipal(ctx: Context, cluster: ClusterInfo, options: ResolveOptions): Promise<PrincipalSummary> {
  const puller = cluster.puller;
  if (puller.kind === "kubeletIdentity") {
    return { kind: puller.kind, objectId: puller.objectId, clientId: puller.clientId, reason: puller.reason };
  }
  const objectId = puller.objectId ?? (await resolveServicePrincipalObjectId(ctx, puller.clientId, options));
  return {
    kind: puller.kind,
    objectId,
    clientId: puller.clientId,
    reason: `${puller.reason}; its objectId was looked up in Microsoft Graph from client id ${puller.clientId}`,
  };
}
