import { armError } from "./respond.js";

/** ARM's answers for things that are not there, with ARM's own wording. */

export function subscriptionNotFound(subscriptionId: string): Response {
  return armError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`);
}

export function resourceGroupNotFound(resourceGroup: string): Response {
  return armError(404, "ResourceGroupNotFound", `Resource group '${resourceGroup}' could not be found.`);
}

/** `type` is the provider-qualified type, e.g. `Microsoft.ContainerService/managedClusters`. */
export function resourceNotFound(type: string, name: string, resourceGroup: string): Response {
  return armError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** ARM's 403 for a caller without `action` at `scope`. */
export function authorizationFailed(objectId: string, action: string, scope: string): Response {
  return armError(
    403,
    "AuthorizationFailed",
    `The client '${objectId}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

export function invalidRequestContent(reason: string): Response {
  return armError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: ${reason}`);
}
