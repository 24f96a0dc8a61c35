import { AksAcrError } from "./errors.js";

/** The endpoints of one Azure cloud. */
export interface Cloud {
  name: string;
  /** ARM endpoint, e.g. https://management.azure.com */
  resourceManager: string;
  /** Token audience for ARM, e.g. https://management.azure.com/.default */
  resourceManagerScope: string;
  /** Microsoft Graph endpoint, e.g. https://graph.microsoft.com */
  graph: string;
  /** Entra ID authority host, e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** Suffix of registry login servers, e.g. azurecr.io */
  acrLoginServerSuffix: string;
}

export type CloudName = "AzurePublicCloud" | "AzureChinaCloud" | "AzureUSGovernment";

export const AzurePublicCloud: Readonly<Cloud> = Object.freeze({
  name: "AzurePublicCloud",
  resourceManager: "https://management.azure.com",
  resourceManagerScope: "https://management.azure.com/.default",
  graph: "https://graph.microsoft.com",
  authorityHost: "https://login.microsoftonline.com",
  acrLoginServerSuffix: "azurecr.io",
});

export const AzureChinaCloud: Readonly<Cloud> = Object.freeze({
  name: "AzureChinaCloud",
  resourceManager: "https://management.chinacloudapi.cn",
  resourceManagerScope: "https://management.chinacloudapi.cn/.default",
  graph: "https://microsoftgraph.chinacloudapi.cn",
  authorityHost: "https://login.chinacloudapi.cn",
  acrLoginServerSuffix: "azurecr.cn",
});

export const AzureUSGovernment: Readonly<Cloud> = Object.freeze({
  name: "AzureUSGovernment",
  resourceManager: "https://management.usgovcloudapi.net",
  resourceManagerScope: "https://management.usgovcloudapi.net/.default",
  graph: "https://graph.microsoft.us",
  authorityHost: "https://login.microsoftonline.us",
  acrLoginServerSuffix: "azurecr.us",
});

/** The built-in clouds by name. */
export const KNOWN_CLOUDS: Readonly<Record<CloudName, Readonly<Cloud>>> = Object.freeze({
  AzurePublicCloud,
  AzureChinaCloud,
  AzureUSGovernment,
});

/** A cloud name or custom endpoints → the cloud to talk to; `undefined` means public Azure. */
export function resolveCloud(nameOrCloud?: CloudName | Cloud): Cloud {
  if (nameOrCloud === undefined) return AzurePublicCloud;
  if (typeof nameOrCloud === "object") return { ...nameOrCloud, resourceManager: trimSlash(nameOrCloud.resourceManager), graph: trimSlash(nameOrCloud.graph) };
  const known = (KNOWN_CLOUDS as Record<string, Readonly<Cloud> | undefined>)[nameOrCloud];
  if (known) return known;
  throw new AksAcrError("InvalidInput", {
    operation: "resolve the Azure cloud",
    scope: JSON.stringify(nameOrCloud),
    reason: `"${String(nameOrCloud)}" is not a known cloud name`,
    fix: `Pass one of ${Object.keys(KNOWN_CLOUDS).join(", ")}, or a Cloud object with custom endpoints`,
  });
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
