/**
 * Registry settings that can stop a pull even when the role is right (network access), or that are
 * a risk in themselves (the admin user). Read from the registry's ARM resource; no request.
 */
import type { RegistryInfo } from "../resolve/types.js";
import { checkOf, type CheckResult } from "./report.js";

interface RegistryProperties {
  adminUserEnabled?: boolean;
  publicNetworkAccess?: string;
  networkRuleSet?: { defaultAction?: string; ipRules?: { value?: string; action?: string }[] };
  privateEndpointConnections?: { id?: string; properties?: { privateLinkServiceConnectionState?: { status?: string } } }[];
}

function propertiesOf(registry: RegistryInfo): RegistryProperties {
  return ((registry.raw as { properties?: RegistryProperties }).properties ?? {}) as RegistryProperties;
}

/** The private DNS zone a private endpoint of this registry resolves through, in the registry's own cloud. */
export function privateDnsZone(loginServer: string): string {
  const suffix = loginServer.slice(loginServer.indexOf(".") + 1);
  return `privatelink.${suffix}`;
}

export function networkCheck(registry: RegistryInfo): CheckResult {
  const properties = propertiesOf(registry);
  const endpoints = properties.privateEndpointConnections ?? [];
  const approved = endpoints.filter((e) => e.properties?.privateLinkServiceConnectionState?.status === "Approved").length;
  const zone = privateDnsZone(registry.loginServer);
  const privatePath =
    `an approved private endpoint to ${registry.name} in (or peered with) the cluster's VNet, and the private DNS zone ${zone} linked to that VNet ` +
    `so that ${registry.loginServer} resolves to the endpoint's private IP`;
  const base = checkOf("network");

  if (properties.publicNetworkAccess === "Disabled") {
    return {
      ...base,
      status: "warn",
      finding: `Public network access is disabled, so nodes reach ${registry.loginServer} only through a private endpoint (${approved} approved of ${endpoints.length}).`,
      fix: `The cluster's nodes need ${privatePath}; or set publicNetworkAccess to Enabled (az acr update -n ${registry.name} --public-network-enabled true).`,
    };
  }
  const rules = properties.networkRuleSet;
  if (rules?.defaultAction === "Deny") {
    const allowed = (rules.ipRules ?? []).map((r) => r.value).filter((v): v is string => typeof v === "string");
    return {
      ...base,
      status: "warn",
      finding: `The registry firewall denies by default and allows ${allowed.length === 0 ? "no IP ranges" : `only ${allowed.join(", ")}`}, so pulls from other addresses are refused.`,
      fix: `Add the cluster's outbound public IPs to the registry's allowed IPs (az aks show -g <rg> -n <cluster> --query networkProfile.loadBalancerProfile.effectiveOutboundIPs; az acr network-rule add -n ${registry.name} --ip-address <ip>), or give the nodes ${privatePath}.`,
    };
  }
  if (endpoints.length > 0) {
    return {
      ...base,
      status: "warn",
      finding: `The registry has ${endpoints.length} private endpoint connection(s) (${approved} approved); nodes in a VNet linked to ${zone} pull through them instead of the public endpoint.`,
      fix: `If the cluster's VNet resolves ${registry.loginServer} through ${zone}, make sure its private endpoint connection is Approved; otherwise unlink the zone from that VNet so nodes use the public endpoint.`,
    };
  }
  return { ...base, status: "pass", finding: "Public network access is enabled and the registry firewall allows all networks." };
}

export function adminUserCheck(registry: RegistryInfo): CheckResult {
  const base = checkOf("adminUser");
  if (propertiesOf(registry).adminUserEnabled === true) {
    return {
      ...base,
      status: "warn",
      finding: "The admin user is enabled: anyone with its password can push and pull, and the cluster does not need it.",
      fix: `Disable it (az acr update -n ${registry.name} --admin-enabled false); the cluster pulls with its own identity.`,
    };
  }
  return { ...base, status: "pass", finding: "The admin user is disabled; pulls use Microsoft Entra identities." };
}
