import type { Cloud } from "./cloud.js";
import { KNOWN_CLOUDS } from "./cloud.js";
import { AksAcrError } from "./errors.js";

/** The parts of an ARM resource id `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}…]`. */
export interface ResourceId {
  /** The subscription GUID. */
  subscriptionId: string;
  /** The resource group, as written in the id. */
  resourceGroup: string;
  /** Resource provider namespace as written, e.g. "Microsoft.ContainerService". */
  provider: string;
  /** Resource type below the provider, child types joined with "/", e.g. "managedClusters". */
  type: string;
  /** Name of the last (innermost) resource. */
  name: string;
}

/** A cluster named by parts; `subscriptionId` is missing when neither the reference nor the default had one. */
export interface ClusterRef {
  /** The cluster's subscription. */
  subscriptionId?: string;
  /** The cluster's resource group. */
  resourceGroup: string;
  /** The cluster's name. */
  name: string;
}

/** What a cluster reference may be: an ARM resource id or its parts. */
export type ClusterRefInput =
  | string
  | {
      /** The cluster's subscription. @default the client's `subscriptionId` */
      subscriptionId?: string;
      /** The cluster's resource group. */
      resourceGroup: string;
      /** The cluster's name. */
      name: string;
    };

/** What a registry reference may be: a name, a login server, an ARM resource id or its parts. */
export type RegistryRefInput =
  | string
  | {
      /** The registry's subscription. @default searched: the client's subscription first, then every visible one */
      subscriptionId?: string;
      /** The registry's resource group; with `subscriptionId` it makes the reference fully located (no lookup). */
      resourceGroup?: string;
      /** The registry's name. */
      name: string;
    };

/**
 * A parsed registry reference. `id`: fully located (a resource id, or parts with subscription and
 * resource group). `name`: must be looked up. `loginServer`: a login server, looked up by its name.
 */
export type RegistryRef =
  | {
      /** Fully located: no lookup needed. */
      kind: "id";
      /** The registry's subscription. */
      subscriptionId: string;
      /** The registry's resource group. */
      resourceGroup: string;
      /** The registry's name. */
      name: string;
    }
  | {
      /** A name to look up. */
      kind: "name";
      /** The registry's name. */
      name: string;
      /** Where to look first (only there, when given). */
      subscriptionId?: string;
      /** Narrows the lookup to this resource group. */
      resourceGroup?: string;
    }
  | {
      /** A login server to look up by its registry name. */
      kind: "loginServer";
      /** The registry name the login server starts with. */
      name: string;
      /** The login server, lower-cased, e.g. `myacr.azurecr.io`. */
      loginServer: string;
    };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REGISTRY_NAME = /^[a-z0-9]{5,50}$/i;
const CLUSTER_NAME = /^[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?$/i;
const RESOURCE_GROUP_NAME = /^[\p{L}\p{N}_\-.()]{1,90}$/u;

const SUBSCRIPTION_RULE = "a subscription id is a GUID such as 00000000-0000-0000-0000-000000000000";
const REGISTRY_RULE = "a registry name has 5–50 letters and digits only";
const CLUSTER_RULE =
  "a cluster name has 1–63 letters, digits, '_' and '-', and starts and ends with a letter or digit";
const RESOURCE_GROUP_RULE =
  "a resource group name has 1–90 letters, digits, '_', '-', '.', '(' and ')', and does not end with '.'";

const REGISTRY_FIX =
  'Pass the registry\'s name (e.g. "myacr"), its login server ("myacr.azurecr.io") or its ARM resource id';
const CLUSTER_FIX =
  'Pass the cluster\'s ARM resource id or { resourceGroup, name } (e.g. { resourceGroup: "rg", name: "aks" })';

function invalid(operation: string, value: unknown, reason: string, fix: string): AksAcrError {
  return new AksAcrError("InvalidInput", { operation, scope: JSON.stringify(value), reason, fix });
}

function subscriptionProblem(value: string): string | undefined {
  return GUID.test(value) ? undefined : SUBSCRIPTION_RULE;
}
function registryProblem(value: string): string | undefined {
  return REGISTRY_NAME.test(value) ? undefined : REGISTRY_RULE;
}
function clusterProblem(value: string): string | undefined {
  return CLUSTER_NAME.test(value) ? undefined : CLUSTER_RULE;
}
function resourceGroupProblem(value: string): string | undefined {
  return RESOURCE_GROUP_NAME.test(value) && !value.endsWith(".") ? undefined : RESOURCE_GROUP_RULE;
}

function check(problem: (v: string) => string | undefined, value: unknown, operation: string, fix: string): string {
  if (typeof value !== "string") throw invalid(operation, value, "expected a string", fix);
  const reason = problem(value);
  if (reason) throw invalid(operation, value, reason, fix);
  return value;
}

/** Throws `InvalidInput` unless `value` is a GUID; returns it. */
export function validateSubscriptionId(value: string): string {
  return check(subscriptionProblem, value, "validate subscription id", "Pass the subscription's id (az account show --query id)");
}

/** Throws `InvalidInput` unless `value` is a valid registry name (5–50 ASCII letters and digits); returns it. */
export function validateRegistryName(value: string): string {
  return check(registryProblem, value, "validate registry name", REGISTRY_FIX);
}

/** Throws `InvalidInput` unless `value` is a valid AKS cluster name; returns it. */
export function validateClusterName(value: string): string {
  return check(clusterProblem, value, "validate cluster name", CLUSTER_FIX);
}

/** Throws `InvalidInput` unless `value` is a valid resource group name; returns it. */
export function validateResourceGroupName(value: string): string {
  return check(resourceGroupProblem, value, "validate resource group name", "Pass the resource group's name as Azure shows it");
}

/** Parses an ARM resource id of a resource in a resource group; throws `InvalidInput` naming what is wrong. */
export function parseResourceId(id: string): ResourceId {
  const operation = "parse resource id";
  const fix =
    "Pass an id of the form /subscriptions/<subscription>/resourceGroups/<group>/providers/<namespace>/<type>/<name>";
  if (typeof id !== "string") throw invalid(operation, id, "expected a string", fix);
  if (!id.startsWith("/")) throw invalid(operation, id, "a resource id starts with '/subscriptions/'", fix);
  const segments = id.slice(1).split("/");
  if (segments.some((s) => s.trim() !== s || s === "")) {
    throw invalid(operation, id, "a resource id has no empty segments and no spaces around them", fix);
  }
  const [subKey, sub, rgKey, rg, providersKey, provider, ...rest] = segments;
  if (subKey?.toLowerCase() !== "subscriptions" || sub === undefined) {
    throw invalid(operation, id, "a resource id starts with '/subscriptions/<subscription>'", fix);
  }
  const subReason = subscriptionProblem(sub);
  if (subReason) throw invalid(operation, id, subReason, fix);
  if (rgKey?.toLowerCase() !== "resourcegroups" || rg === undefined) {
    throw invalid(operation, id, "the subscription is followed by '/resourceGroups/<group>'", fix);
  }
  const rgReason = resourceGroupProblem(rg);
  if (rgReason) throw invalid(operation, id, rgReason, fix);
  if (providersKey?.toLowerCase() !== "providers" || provider === undefined || rest.length === 0) {
    throw invalid(operation, id, "the resource group is followed by '/providers/<namespace>/<type>/<name>'", fix);
  }
  if (!/^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+$/i.test(provider)) {
    throw invalid(operation, id, `"${provider}" is not a provider namespace such as Microsoft.ContainerService`, fix);
  }
  if (rest.length % 2 !== 0) throw invalid(operation, id, "each resource type is followed by a name", fix);
  if (rest.some((s) => s.toLowerCase() === "providers")) {
    throw invalid(operation, id, "extension resources (a second '/providers/') are not resource references here", fix);
  }
  const types = rest.filter((_, i) => i % 2 === 0);
  const name = rest[rest.length - 1] as string;
  return { subscriptionId: sub, resourceGroup: rg, provider, type: types.join("/"), name };
}

/** The ARM id of a managed cluster. */
export function clusterId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

/** The ARM id of a container registry. */
export function registryId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${name}`;
}

function parseTypedId(id: string, provider: string, type: string, operation: string, fix: string): ResourceId {
  let parsed: ResourceId;
  try {
    parsed = parseResourceId(id);
  } catch (error) {
    throw invalid(operation, id, (error as AksAcrError).reason, fix);
  }
  if (parsed.provider.toLowerCase() !== provider.toLowerCase() || parsed.type.toLowerCase() !== type.toLowerCase()) {
    throw invalid(operation, id, `the id names a ${parsed.provider}/${parsed.type}, not a ${provider}/${type}`, fix);
  }
  return parsed;
}

/**
 * A cluster reference (ARM id or `{ subscriptionId?, resourceGroup, name }`) → its parts, validated
 * before any request; `defaultSub` fills a missing subscription.
 */
export function parseClusterRef(ref: ClusterRefInput, defaultSub?: string): ClusterRef {
  const operation = "parse cluster reference";
  if (typeof ref === "string") {
    if (!ref.startsWith("/")) {
      throw invalid(operation, ref, "a cluster reference given as a string is an ARM resource id", CLUSTER_FIX);
    }
    const id = parseTypedId(ref, "Microsoft.ContainerService", "managedClusters", operation, CLUSTER_FIX);
    const reason = clusterProblem(id.name);
    if (reason) throw invalid(operation, ref, reason, CLUSTER_FIX);
    return { subscriptionId: id.subscriptionId, resourceGroup: id.resourceGroup, name: id.name };
  }
  if (typeof ref !== "object" || ref === null) throw invalid(operation, ref, "expected an ARM resource id or an object", CLUSTER_FIX);
  const name = check(clusterProblem, ref.name, operation, CLUSTER_FIX);
  const resourceGroup = check(resourceGroupProblem, ref.resourceGroup, operation, CLUSTER_FIX);
  const subscriptionId = ref.subscriptionId ?? defaultSub;
  if (subscriptionId === undefined) return { resourceGroup, name };
  return { subscriptionId: check(subscriptionProblem, subscriptionId, operation, CLUSTER_FIX), resourceGroup, name };
}

function loginServerSuffixes(cloud: Cloud): string[] {
  const suffixes = [cloud.acrLoginServerSuffix, ...Object.values(KNOWN_CLOUDS).map((c) => c.acrLoginServerSuffix)];
  return [...new Set(suffixes.map((s) => s.toLowerCase()))];
}

function parseLoginServer(ref: string, cloud: Cloud, operation: string): RegistryRef {
  const loginServer = ref.toLowerCase();
  const suffixes = loginServerSuffixes(cloud);
  const suffix = suffixes.find((s) => loginServer.endsWith(`.${s}`));
  if (!suffix) {
    throw invalid(operation, ref, `a login server ends with .${suffixes.join(", .")}`, REGISTRY_FIX);
  }
  const name = loginServer.slice(0, -(suffix.length + 1));
  if (name.includes(".")) {
    throw invalid(operation, ref, `a login server is "<registry name>.${suffix}" (regional and data endpoints are not registry references)`, REGISTRY_FIX);
  }
  const reason = registryProblem(name);
  if (reason) throw invalid(operation, ref, reason, REGISTRY_FIX);
  return { kind: "loginServer", name, loginServer };
}

/** A registry reference (name, login server, ARM id or parts) → its parsed form, validated before any request. */
export function parseRegistryRef(ref: RegistryRefInput, cloud: Cloud): RegistryRef {
  const operation = "parse registry reference";
  if (typeof ref === "object" && ref !== null) {
    const name = check(registryProblem, ref.name, operation, REGISTRY_FIX);
    const resourceGroup = ref.resourceGroup === undefined ? undefined : check(resourceGroupProblem, ref.resourceGroup, operation, REGISTRY_FIX);
    const subscriptionId = ref.subscriptionId === undefined ? undefined : check(subscriptionProblem, ref.subscriptionId, operation, REGISTRY_FIX);
    if (subscriptionId !== undefined && resourceGroup !== undefined) return { kind: "id", subscriptionId, resourceGroup, name };
    return { kind: "name", name, ...(subscriptionId && { subscriptionId }), ...(resourceGroup && { resourceGroup }) };
  }
  if (typeof ref !== "string") throw invalid(operation, ref, "expected a string or an object", REGISTRY_FIX);
  if (ref.startsWith("/")) {
    const id = parseTypedId(ref, "Microsoft.ContainerRegistry", "registries", operation, REGISTRY_FIX);
    const reason = registryProblem(id.name);
    if (reason) throw invalid(operation, ref, reason, REGISTRY_FIX);
    return { kind: "id", subscriptionId: id.subscriptionId, resourceGroup: id.resourceGroup, name: id.name };
  }
  if (/[/:]/.test(ref)) {
    throw invalid(operation, ref, "a login server has no scheme, port or path (an image reference is not a registry reference)", REGISTRY_FIX);
  }
  if (ref.includes(".")) return parseLoginServer(ref, cloud, operation);
  const reason = registryProblem(ref);
  if (reason) throw invalid(operation, ref, reason, REGISTRY_FIX);
  return { kind: "name", name: ref };
}
