import type { Principal } from "../world/types.js";

/** Microsoft Graph's JSON for directory objects (as Graph answers in the Azure CLI's recorded sessions). */

export const GRAPH_V1 = "https://graph.microsoft.com/v1.0";

/** Every property Graph v1.0 returns for a service principal, with the values of one that sets none of them. */
export function renderServicePrincipal(p: Principal): Record<string, unknown> {
  const managed = p.type === "ManagedIdentity";
  return {
    id: p.objectId,
    deletedDateTime: null,
    accountEnabled: true,
    alternativeNames: [],
    appDisplayName: p.displayName,
    appDescription: null,
    appId: p.clientId ?? null,
    applicationTemplateId: null,
    appOwnerOrganizationId: p.tenantId,
    appRoleAssignmentRequired: false,
    createdDateTime: null,
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: p.displayName,
    homepage: null,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: [],
    servicePrincipalNames: p.clientId ? [p.clientId] : [],
    servicePrincipalType: managed ? "ManagedIdentity" : "Application",
    signInAudience: managed ? null : "AzureADMyOrg",
    tags: [],
    tokenEncryptionKeyId: null,
    samlSingleSignOnSettings: null,
    addIns: [],
    appRoles: [],
    info: managed ? null : { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: [],
    oauth2PermissionScopes: [],
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}

export function renderUser(p: Principal): Record<string, unknown> {
  return { id: p.objectId, displayName: p.displayName, userPrincipalName: `${p.objectId.slice(0, 8)}@fake.onmicrosoft.com` };
}

/** A directory object as `directoryObjects` returns it: typed by `@odata.type`. */
export function renderDirectoryObject(p: Principal): Record<string, unknown> {
  if (p.type === "User") return { "@odata.type": "#microsoft.graph.user", ...renderUser(p) };
  if (p.type === "Group") return { "@odata.type": "#microsoft.graph.group", id: p.objectId, displayName: p.displayName };
  return { "@odata.type": "#microsoft.graph.servicePrincipal", ...renderServicePrincipal(p) };
}

export const isServicePrincipal = (p: Principal): boolean => p.type === "ServicePrincipal" || p.type === "ManagedIdentity";

export function graphNotFound(id: string): Response {
  return new Response(
    JSON.stringify({
      error: { code: "Request_ResourceNotFound", message: `Resource '${id}' does not exist or one of its queried reference-property objects are not present.` },
    }),
    { status: 404, headers: { "content-type": "application/json" } },
  );
}
