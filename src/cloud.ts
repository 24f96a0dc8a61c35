import { AksAcrError } from "./errors.js";

/** The endpoints of one Azure cloud. */
export interface Cloud {
  /** A name for messages and logs, e.g. "AzurePublicCloud". */
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

/** The clouds this library knows by name. */
export type CloudName = "AzurePublicCloud" | "AzureChinaCloud" | "AzureUSGovernment";

/** Azure's global cloud (management.azure.com). */
export const AzurePublicCloud: Readonly<Cloud> = Object.freeze({
  name: "AzurePublicCloud",
  resourceManager: "https://management.azure.com",
  resourceManagerScope: "https://management.azure.com/.default",
  graph: "https://graph.microsoft.com",
  authorityHost: "https://login.microsoftonline.com",
  acrLoginServerSuffix: "azurecr.io",
});

/** Azure operated by 21Vianet (management.chinacloudapi.cn). */
export const AzureChinaCloud: Readonly<Cloud> = Object.freeze({
  name: "AzureChinaCloud",
  resourceManager: "https://management.chinacloudapi.cn",
  resourceManagerScope: "https://management.chinacloudapi.cn/.default",
  graph: "https://microsoftgraph.chinacloudapi.cn",
  authorityHost: "https://login.chinacloudapi.cn",
  acrLoginServerSuffix: "azurecr.cn",
});

/** Azure Government (management.usgovcloudapi.net). */
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
  if (typeof nameOrCloud === "object" && nameOrCloud !== null) {
    checkCustomCloud(nameOrCloud);
    return { ...nameOrCloud, resourceManager: trimSlash(nameOrCloud.resourceManager), graph: trimSlash(nameOrCloud.graph) };
  }
  const known = (KNOWN_CLOUDS as Record<string, Readonly<Cloud> | undefined>)[nameOrCloud];
  if (known) return known;
  throw new AksAcrError("InvalidInput", {
    operation: "resolve the Azure cloud",
    scope: JSON.stringify(nameOrCloud),
    reason: `"${String(nameOrCloud)}" is not a known cloud name`,
    fix: `Pass one of ${Object.keys(KNOWN_CLOUDS).join(", ")}, or a Cloud object with custom endpoints`,
  });
}

/** A custom cloud is checked when the client is made, so a typo fails there and not as a TypeError mid-request. */
function checkCustomCloud(cloud: Cloud): void {
  const fields = ["resourceManager", "graph"] as const;
  const bad = fields.find((field) => !isHttpUrl(cloud[field]));
  if (bad === undefined) return;
  throw new AksAcrError("InvalidInput", {
    operation: "resolve the Azure cloud",
    scope: `cloud.${bad}`,
    reason: `a custom cloud's ${bad} must be an http(s) URL, ${cloud[bad] === undefined ? "and it is missing" : `not ${JSON.stringify(cloud[bad])}`}`,
    fix: "Pass a Cloud object with resourceManager, resourceManagerScope, graph, authorityHost and acrLoginServerSuffix, e.g. { ...AzurePublicCloud, resourceManager: \"https://…\" }",
  });
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
