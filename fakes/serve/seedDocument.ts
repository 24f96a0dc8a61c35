/**
 * The seed document of `aks-acr fake serve --seed FILE` and `POST /_fake/seed`: a whole world in
 * JSON or YAML. Every problem is found before anything is added, and reported with its path
 * (`clusters[1].identity`) and the accepted values.
 */
import { parse as parseYaml } from "yaml";
import type { PrincipalType, RegistrySku, RoleAssignmentMode } from "../world/types.js";

/** A world to seed. Every section is optional; names follow `azure.seed.*`. */
export interface SeedDocument {
  /** The default tenant's id (only when the fake is created from the document). */
  tenantId?: string;
  /** The default subscription's id (only when the fake is created from the document). */
  subscriptionId?: string;
  /** More subscriptions; the default caller owns those in the default tenant. */
  subscriptions?: SeedSubscription[];
  /** Resource groups (clusters and registries make theirs when missing). */
  resourceGroups?: SeedResourceGroup[];
  /** Users, service principals, managed identities and groups. */
  principals?: SeedPrincipal[];
  /** Managed clusters, each with its kubelet identity (or service principal). */
  clusters?: SeedCluster[];
  /** Container registries, with the images they hold. */
  registries?: SeedRegistry[];
  /** Role assignments, naming their scope and principal by reference. */
  roleAssignments?: SeedRoleAssignment[];
}

/** A subscription of a seed document. */
export interface SeedSubscription {
  /** @default a random GUID */
  id?: string;
  /** Its display name. */
  displayName?: string;
  /** @default the default tenant */
  tenantId?: string;
}

/** A resource group of a seed document. */
export interface SeedResourceGroup {
  /** Its name. */
  name: string;
  /** @default "westeurope" */
  location?: string;
  /** Its subscription's id. @default the default subscription */
  subscription?: string;
}

/** A principal of a seed document. */
export interface SeedPrincipal {
  /** How role assignments refer to it: `principal:<name>`. */
  name: string;
  /** @default the name */
  displayName?: string;
  /** @default "User" */
  type?: PrincipalType;
  /** @default a random GUID */
  objectId?: string;
  /** Application (client) id; service principals and managed identities get one when omitted. */
  clientId?: string;
}

/** A managed cluster of a seed document. */
export interface SeedCluster {
  /** Its name. */
  name: string;
  /** Its resource group (made when missing). */
  resourceGroup: string;
  /** @default "managed" */
  identity?: "managed" | "servicePrincipal";
  /** @default the resource group's location */
  location?: string;
  /** Its subscription's id. @default the default subscription */
  subscription?: string;
  /** Kubernetes version, e.g. "1.31". */
  kubernetesVersion?: string;
  /** Nodes in its agent pool. */
  nodeCount?: number;
}

/** A container registry of a seed document. */
export interface SeedRegistry {
  /** Its name: 5 to 50 letters and digits, unique in Azure. */
  name: string;
  /** Its resource group (made when missing). */
  resourceGroup: string;
  /** @default "Basic" */
  sku?: RegistrySku;
  /** Which roles it honours for pulls. @default "LegacyRegistryPermissions" */
  roleAssignmentMode?: RoleAssignmentMode;
  /** Tags the registry holds, as `repository:tag`. */
  images?: string[];
  /** @default the resource group's location */
  location?: string;
  /** Its subscription's id. @default the default subscription */
  subscription?: string;
  /** Whether the admin user is enabled. */
  adminUserEnabled?: boolean;
  /** Whether it is reachable from public networks. */
  publicNetworkAccess?: "Enabled" | "Disabled";
}

/** A role assignment of a seed document. */
export interface SeedRoleAssignment {
  /** A role name ("AcrPull") or a role definition GUID. */
  role: string;
  /** An ARM id, `subscription`, `resourceGroup:<name>`, `registry:<name>` or `cluster:<name>`. */
  scope: string;
  /** An object id, `caller`, `principal:<name>` or `kubelet:<cluster name>` (`kubelet:<group>/<name>`). */
  principal: string;
  /** Its GUID name. @default a random GUID */
  name?: string;
}

/** A seed document that could not be used; `issues` lists every problem, each with its path. */
export class SeedDocumentError extends Error {
  /** Always "SeedDocumentError". */
  override readonly name = "SeedDocumentError";
  /**
   * @param source - where the document came from (a file name), for the message
   * @param issues - every problem found, each naming its path
   */
  constructor(
    /** Where the document came from (a file name). */
    readonly source: string,
    /** Every problem found, each naming its path (`clusters[1].identity: …`). */
    readonly issues: string[],
  ) {
    super(`Failed to load the seed document ${source}: ${issues.join("; ")}. Please fix it; docs/using-the-fake-from-other-clients.md describes the format.`);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECTIONS = ["tenantId", "subscriptionId", "subscriptions", "resourceGroups", "principals", "clusters", "registries", "roleAssignments"];

type FieldKind = "string" | "guid" | "name" | "boolean" | "count" | "image" | readonly string[];
type Shape = Record<string, { kind: FieldKind; required?: boolean; list?: boolean }>;

const SHAPES: Record<string, Shape> = {
  subscriptions: { id: { kind: "guid" }, displayName: { kind: "string" }, tenantId: { kind: "guid" } },
  resourceGroups: { name: { kind: "name", required: true }, location: { kind: "name" }, subscription: { kind: "guid" } },
  principals: {
    name: { kind: "name", required: true },
    displayName: { kind: "string" },
    type: { kind: ["User", "ServicePrincipal", "ManagedIdentity", "Group"] },
    objectId: { kind: "guid" },
    clientId: { kind: "guid" },
  },
  clusters: {
    name: { kind: "name", required: true },
    resourceGroup: { kind: "name", required: true },
    identity: { kind: ["managed", "servicePrincipal"] },
    location: { kind: "name" },
    subscription: { kind: "guid" },
    kubernetesVersion: { kind: "string" },
    nodeCount: { kind: "count" },
  },
  registries: {
    name: { kind: "name", required: true },
    resourceGroup: { kind: "name", required: true },
    sku: { kind: ["Basic", "Standard", "Premium"] },
    roleAssignmentMode: { kind: ["LegacyRegistryPermissions", "AbacRepositoryPermissions"] },
    images: { kind: "image", list: true },
    location: { kind: "name" },
    subscription: { kind: "guid" },
    adminUserEnabled: { kind: "boolean" },
    publicNetworkAccess: { kind: ["Enabled", "Disabled"] },
  },
  roleAssignments: { role: { kind: "string", required: true }, scope: { kind: "string", required: true }, principal: { kind: "string", required: true }, name: { kind: "guid" } },
};

/** Parses JSON or YAML text (JSON is YAML, so one parser reads both) and validates it. */
export function parseSeedDocument(text: string, source = "(inline)"): SeedDocument {
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new SeedDocumentError(source, [`it is neither JSON nor YAML (${(error as Error).message.split("\n")[0] ?? ""})`]);
  }
  return validateSeedDocument(value, source);
}

/** Checks the shape of a parsed seed document; cross references are checked when it is applied. */
export function validateSeedDocument(value: unknown, source = "(inline)"): SeedDocument {
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) throw new SeedDocumentError(source, [`the document must be a mapping with the sections ${SECTIONS.join(", ")}, not ${describe(value)}`]);
  const issues: string[] = [];
  for (const key of Object.keys(value)) if (!SECTIONS.includes(key)) issues.push(`unknown section '${key}' (sections: ${SECTIONS.join(", ")})`);
  for (const key of ["tenantId", "subscriptionId"]) checkField(issues, key, value[key], { kind: "guid" });
  for (const [section, shape] of Object.entries(SHAPES)) {
    const items = value[section];
    if (items === undefined || items === null) continue;
    if (!Array.isArray(items)) {
      issues.push(`${section}: expected a list, not ${describe(items)}`);
      continue;
    }
    items.forEach((item: unknown, index) => checkItem(issues, `${section}[${index}]`, item, shape));
  }
  if (issues.length > 0) throw new SeedDocumentError(source, issues);
  return value as SeedDocument;
}

function checkItem(issues: string[], path: string, item: unknown, shape: Shape): void {
  if (!isRecord(item)) return void issues.push(`${path}: expected a mapping, not ${describe(item)}`);
  for (const key of Object.keys(item)) if (!(key in shape)) issues.push(`${path}: unknown field '${key}' (fields: ${Object.keys(shape).join(", ")})`);
  for (const [key, field] of Object.entries(shape)) {
    const fieldValue = item[key];
    if (fieldValue === undefined || fieldValue === null) {
      if (field.required) issues.push(`${path}.${key} is required`);
      continue;
    }
    if (!field.list) {
      checkField(issues, `${path}.${key}`, fieldValue, field);
      continue;
    }
    if (!Array.isArray(fieldValue)) issues.push(`${path}.${key}: expected a list, not ${describe(fieldValue)}`);
    else fieldValue.forEach((entry: unknown, index) => checkField(issues, `${path}.${key}[${index}]`, entry, field));
  }
}

function checkField(issues: string[], path: string, value: unknown, field: { kind: FieldKind }): void {
  if (value === undefined) return;
  const { kind } = field;
  if (Array.isArray(kind)) {
    if (!kind.includes(value as string)) issues.push(`${path}: expected one of ${kind.join(", ")}, not ${describe(value)}`);
    return;
  }
  if (kind === "boolean") {
    if (typeof value !== "boolean") issues.push(`${path}: expected true or false, not ${describe(value)}`);
    return;
  }
  if (kind === "count") {
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 1000) issues.push(`${path}: expected a whole number from 1 to 1000, not ${describe(value)}`);
    return;
  }
  if (typeof value !== "string" || value.trim() === "") return void issues.push(`${path}: expected a non-empty string, not ${describe(value)}`);
  if (kind === "guid" && !GUID.test(value)) issues.push(`${path}: expected a GUID like 00000000-0000-4000-8000-000000000001, not '${value}'`);
  if (kind === "name" && !/^[A-Za-z0-9][-A-Za-z0-9_.()]{0,89}$/.test(value)) issues.push(`${path}: '${value}' is not a valid Azure name (letters, digits, - _ . ( ), up to 90 characters)`);
  if (kind === "image" && !/^[a-z0-9]+(?:[._/-][a-z0-9]+)*:[\w][\w.-]{0,127}$/.test(value)) issues.push(`${path}: expected "repository:tag" (lower-case repository), not '${value}'`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "object" ? "a mapping" : `${typeof value} ${JSON.stringify(value)}`;
}
