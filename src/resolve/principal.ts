import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { responseInfo } from "./response-info.js";
import type { ResolveOptions } from "./types.js";

/**
 * A service principal's objectId from its application (client) id, through Microsoft Graph.
 * Role assignments name principals by objectId; a service-principal cluster only records the clientId.
 */
export async function resolveServicePrincipalObjectId(ctx: Context, clientId: string, options: ResolveOptions): Promise<string> {
  const path = `/v1.0/servicePrincipals(appId='${encodeURIComponent(clientId)}')`;
  const response = await ctx.arm.graph<{ id?: string }>({
    method: "GET",
    path,
    operation: options.operation,
    scope: `servicePrincipal appId ${clientId}`,
    allowStatus: [404],
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  if (response.status === 404) {
    throw new AksAcrError("NotFound", {
      operation: options.operation,
      scope: `servicePrincipal appId ${clientId}`,
      reason: `the cluster's service principal (client id ${clientId}) does not exist in the directory`,
      fix: "Give the cluster a working identity: az aks update-credentials --reset-service-principal, or migrate it to managed identity (az aks update --enable-managed-identity)",
      response: responseInfo(response, { method: "GET", url: path }),
    });
  }
  const objectId = response.body.id;
  if (!objectId) {
    throw new AksAcrError("UnexpectedResponse", {
      operation: options.operation,
      scope: `servicePrincipal appId ${clientId}`,
      reason: "Microsoft Graph answered without the service principal's id",
      fix: "Check that the cloud's Graph endpoint is Microsoft Graph (the cloud option)",
    });
  }
  return objectId;
}
