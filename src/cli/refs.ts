/**
 * The flags that name things, spelled as az spells them, and their validation: every input is
 * checked here, before the command's first request (the library checks again, later).
 */
import { InvalidArgumentError, Option } from "commander";
import { AzurePublicCloud } from "../cloud.js";
import { AksAcrError } from "../errors.js";
import { parseClusterRef, parseRegistryRef, validateRegistryName, validateResourceGroupName, type ClusterRefInput } from "../ids.js";

/** The flags that name a cluster, as az names one: `-n aks -g rg` (or `--name aks`), or the ARM id alone. */
export interface ClusterFlags {
  cluster?: string;
  /** az's long spelling of `-n`. */
  name?: string;
  resourceGroup?: string;
}

export const clusterOption = (): Option => new Option("-n, --cluster <name|id>", "the AKS cluster: its name (with -g) or its ARM resource id (az: -n, --name)");
/** `--name`, az's long spelling of `-n`; hidden, so the help shows one spelling. */
export const clusterNameAlias = (): Option => new Option("--name <name|id>", "the AKS cluster (az's spelling of -n)").hideHelp();
export const resourceGroupOption = (what = "the cluster's resource group"): Option => new Option("-g, --resource-group <group>", what);

/** `-n` / `--name` and `-g` → a validated reference the library accepts. */
export function clusterRef(flags: ClusterFlags): ClusterRefInput {
  const cluster = oneOf("the cluster", [["-n", flags.cluster], ["--name", flags.name]], "Pass -n <cluster> -g <resource group>, or the cluster's ARM resource id as -n");
  if (cluster.startsWith("/")) {
    parseClusterRef(cluster);
    return cluster;
  }
  if (!flags.resourceGroup) {
    throw new AksAcrError("InvalidInput", {
      operation: `find cluster ${cluster}`,
      reason: "a cluster given by name needs its resource group",
      fix: `Pass -g <resource group> (e.g. -n ${cluster} -g rg), or the cluster's ARM resource id as -n`,
    });
  }
  const ref = { resourceGroup: flags.resourceGroup, name: cluster };
  parseClusterRef(ref);
  return ref;
}

/** A registry given as a positional or as az's flag for it (`--attach-acr`, `--acr`, …): exactly one, validated. */
export function registryRef(spellings: [flag: string, value: string | undefined][], usage: string): string {
  const registry = oneOf("the registry", spellings, usage);
  parseRegistryRef(registry, AzurePublicCloud);
  return registry;
}

export function registryName(name: string): string {
  return validateRegistryName(name);
}

export function resourceGroupName(group: string): string {
  return validateResourceGroupName(group);
}

/**
 * One value that can be spelled several ways (a positional and az's flag): given once, or the same
 * each time it is given. `spellings` pairs each spelling's label with its value.
 */
export function oneOf(what: string, spellings: [label: string, value: string | undefined][], fix: string): string {
  const given = spellings.filter((s): s is [string, string] => s[1] !== undefined);
  const values = [...new Set(given.map(([, value]) => value))];
  const [only] = values;
  if (values.length === 1 && only !== undefined) return only;
  throw new AksAcrError("InvalidInput", {
    operation: "read the command line",
    scope: given.map(([label, value]) => `${label} ${value}`).join(", ") || spellings.map(([label]) => label).join(" / "),
    reason: values.length === 0 ? `${what} is missing` : `${what} is given twice, differently`,
    fix,
  });
}

// The grammar of an image reference (github.com/distribution/reference): lower-case path components,
// an optional registry host (with port), tag and digest.
const DOMAIN_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `${DOMAIN_PART}(?:\\.${DOMAIN_PART})*(?::[0-9]+)?`;
const PATH_PART = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const IMAGE_REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_PART}(?:/${PATH_PART})*(?::${TAG})?(?:@${DIGEST})?$`);

/** An image to run (`--image`), checked against the reference grammar the kubelet applies. */
export function imageReference(image: string): string {
  if (IMAGE_REFERENCE.test(image) && image.length <= 255) return image;
  throw new AksAcrError("InvalidInput", {
    operation: "read the command line",
    scope: `--image ${image}`,
    reason: "an image is [registry/]repository[:tag][@digest], the repository in lower case, e.g. myacr.azurecr.io/nginx:v1 or nginx:latest",
    fix: "Correct --image",
  });
}

/** An Azure region (`-l`), as az takes it: letters and digits, any case, spaces ignored. */
export function location(region: string): string {
  if (/^[a-z0-9]+$/.test(region.toLowerCase().replace(/\s+/g, ""))) return region;
  throw new AksAcrError("InvalidInput", {
    operation: "read the command line",
    scope: `-l ${region}`,
    reason: "a location is an Azure region name such as westeurope",
    fix: "Pass a region from az account list-locations -o table",
  });
}

/** Commander parser of a whole number ≥ `min` (and ≤ `max`); a bad value is a usage error (exit 2). */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max || !/^\d+$/.test(value.trim())) {
      throw new InvalidArgumentError(`expected a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}, got "${value}".`);
    }
    return parsed;
  };
}
