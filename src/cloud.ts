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
