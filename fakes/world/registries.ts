/**
 * Creating and finding registries in the world. Registry names are global in Azure (the login
 * server is a public DNS name), so lookups by name or login server span every subscription.
 */
import { randomBytes } from "node:crypto";
import { manifestFor, parseImageReference, tagImage } from "./content.js";
import type { NetworkRuleSet, Registry, RegistrySku, RoleAssignmentMode } from "./types.js";
import { type World, key } from "./world.js";

export { addUntaggedManifest, findImage, listImages, parseImageReference, tagImage } from "./content.js";

export interface NewRegistryInput {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** @default the resource group's location, else "eastus" */
  location?: string;
  /** @default "Basic" */
  sku?: RegistrySku;
  /** @default "LegacyRegistryPermissions" */
  roleAssignmentMode?: RoleAssignmentMode;
  /** @default false */
  adminUserEnabled?: boolean;
  /** @default "Enabled" */
  publicNetworkAccess?: "Enabled" | "Disabled";
  /** @default { defaultAction: "Allow", ipRules: [] } */
  networkRuleSet?: NetworkRuleSet;
  /** @default "Succeeded" (a PUT passes "Creating" until its operation completes) */
  provisioningState?: Registry["provisioningState"];
  tags?: Record<string, string>;
  /** Images to hold from the start, like `["nginx:v1", "library/hello-world:latest"]`. */
  images?: string[];
  /** Object id of the principal that created it, for `systemData`. @default "" (unknown) */
  createdBy?: string;
}

/** A new admin password, shaped like ACR's (base64 of 32 random bytes, 44 characters). */
export const newAdminPassword = (): string => randomBytes(32).toString("base64");

/** Registry names: 5–50 alphanumerics (ACR's rule; hyphens are not allowed). */
export const REGISTRY_NAME_PATTERN = /^[a-zA-Z0-9]{5,50}$/;

export function registryId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${name}`;
}

/** Adds a registry to the world (no validation: callers check names and resource groups). */
export function newRegistry(world: World, input: NewRegistryInput): Registry {
  const id = registryId(input.subscriptionId, input.resourceGroup, input.name);
  const group = world.resourceGroups.get(key(`/subscriptions/${input.subscriptionId}/resourceGroups/${input.resourceGroup}`));
  const registry: Registry = {
    id,
    subscriptionId: input.subscriptionId,
    resourceGroup: input.resourceGroup,
    name: input.name,
    location: input.location ?? group?.location ?? "eastus",
    sku: input.sku ?? "Basic",
    loginServer: `${input.name.toLowerCase()}.azurecr.io`,
    roleAssignmentMode: input.roleAssignmentMode ?? "LegacyRegistryPermissions",
    adminUserEnabled: input.adminUserEnabled ?? false,
    publicNetworkAccess: input.publicNetworkAccess ?? "Enabled",
    networkRuleSet: input.networkRuleSet ?? { defaultAction: "Allow", ipRules: [] },
    privateEndpointConnections: [],
    anonymousPullEnabled: false,
    provisioningState: input.provisioningState ?? "Succeeded",
    creationDate: new Date(world.now()).toISOString(),
    lastModifiedAt: new Date(world.now()).toISOString(),
    createdBy: input.createdBy ?? "",
    adminPasswords: [newAdminPassword(), newAdminPassword()],
    tags: input.tags ?? {},
    repositories: new Map(),
  };
  for (const image of input.images ?? []) {
    const reference = parseImageReference(image);
    if (reference?.tag === undefined) throw new Error(`Failed to seed image '${image}': expected "repository:tag".`);
    tagImage(registry, reference.repository, reference.tag, manifestFor(`${reference.repository}:${reference.tag}`));
  }
  world.registries.set(key(id), registry);
  return registry;
}

export function findRegistryById(world: World, id: string): Registry | undefined {
  return world.registries.get(key(id));
}

/** By login server (`name.azurecr.io`, case-insensitive, scheme and trailing slash ignored). */
export function findRegistryByLoginServer(world: World, loginServer: string): Registry | undefined {
  const host = loginServer
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");
  for (const registry of world.registries.values()) {
    if (registry.loginServer === host) return registry;
  }
  return undefined;
}

/** By name anywhere in the world: names are globally unique. */
export function findRegistryByName(world: World, name: string): Registry | undefined {
  const wanted = name.toLowerCase();
  for (const registry of world.registries.values()) {
    if (registry.name.toLowerCase() === wanted) return registry;
  }
  return undefined;
}
