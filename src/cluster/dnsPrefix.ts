import { AksAcrError } from "../errors.js";

/**
 * The DNS prefix `az aks create` derives when none is given: the subscription id keeps FQDNs of
 * same-named clusters in different subscriptions apart.
 */
export function defaultDnsPrefix(clusterName: string, resourceGroup: string, subscriptionId: string): string {
  let namePart = clusterName.replace(/[^A-Za-z0-9-]/g, "").slice(0, 10);
  // A DNS label must start with a letter; az prepends "a" for names starting with a digit or "-".
  if (!/^[A-Za-z]/.test(namePart)) namePart = `a${namePart}`.slice(0, 10);
  const groupPart = resourceGroup.replace(/[^A-Za-z0-9-]/g, "").slice(0, 16);
  return `${namePart}-${groupPart}-${subscriptionId.slice(0, 6)}`;
}

const DNS_PREFIX = /^[A-Za-z0-9]$|^[A-Za-z0-9][A-Za-z0-9-]{0,52}[A-Za-z0-9]$/;

/** Throws InvalidInput unless `dnsPrefix` is what AKS accepts: 1–54 letters, digits and hyphens, alphanumeric at both ends. */
export function validateDnsPrefix(dnsPrefix: string, operation: string): void {
  if (DNS_PREFIX.test(dnsPrefix)) return;
  throw new AksAcrError("InvalidInput", {
    operation,
    scope: `dnsPrefix "${dnsPrefix}"`,
    reason: "a DNS prefix has 1–54 letters, digits and hyphens, and starts and ends with a letter or digit",
    fix: 'Pass a prefix such as "myaks-rg", or omit dnsPrefix to derive one from the cluster name',
  });
}
