/**
 * Adds a validated seed document to a fake Azure. References between its parts (a role assignment
 * on `registry:myacr` for `kubelet:aks`) are resolved against the document and the world first, so
 * a document with a dangling reference changes nothing.
 */
import type { FakeAzure } from "../azure.js";
import { findRole } from "../world/authorization.js";
import { SeedDocumentError, type SeedDocument } from "./seedDocument.js";
import { addPrincipal } from "../world/seed.js";
import { findRegistryByName } from "../world/registries.js";
import type { ManagedCluster } from "../world/types.js";
import { managedClusterId, resourceGroupId } from "../world/ids.js";
import { kubeletPrincipalId } from "../world/pull.js";

/** What a seed document added, by ARM id (principals by their document name → object id). */
export interface SeedSummary {
  /** ARM ids of the subscriptions added. */
  subscriptions: string[];
  /** ARM ids of the resource groups added. */
  resourceGroups: string[];
  /** Object id of each principal added, by its name in the document. */
  principals: Record<string, string>;
  /** ARM ids of the clusters added. */
  clusters: string[];
  /** ARM ids of the registries added. */
  registries: string[];
  /** ARM ids of the role assignments added. */
  roleAssignments: string[];
}

/** What a seed document is added to: a fake Azure (or what of it seeding needs). */
export type SeedTarget = Pick<FakeAzure, "world" | "seed" | "tenantId" | "subscriptionId" | "callerObjectId">;

/**
 * Adds a seed document to a fake Azure, bypassing authorization like `azure.seed`. Throws a
 * {@link SeedDocumentError} listing every dangling, ambiguous or duplicate reference, before adding anything.
 */
export function applySeedDocument(fake: SeedTarget, document: SeedDocument, source = "(inline)"): SeedSummary {
  const issues = checkReferences(fake, document);
  if (issues.length > 0) throw new SeedDocumentError(source, issues);
  const summary: SeedSummary = { subscriptions: [], resourceGroups: [], principals: {}, clusters: [], registries: [], roleAssignments: [] };
  for (const item of document.subscriptions ?? []) {
    summary.subscriptions.push(`/subscriptions/${fake.seed.subscription({ ...(item.id && { subscriptionId: item.id }), ...(item.tenantId && { tenantId: item.tenantId }), ...(item.displayName && { displayName: item.displayName }) })}`);
  }
  for (const item of document.resourceGroups ?? []) {
    summary.resourceGroups.push(String(fake.seed.resourceGroup({ name: item.name, ...(item.location && { location: item.location }), subscriptionId: item.subscription ?? fake.subscriptionId }).id));
  }
  const principals = new Map<string, string>();
  for (const item of document.principals ?? []) {
    const principal = addPrincipal(fake.world, {
      tenantId: fake.tenantId,
      displayName: item.displayName ?? item.name,
      ...(item.type && { type: item.type }),
      ...(item.objectId && { objectId: item.objectId }),
      ...(item.clientId && { clientId: item.clientId }),
    });
    principals.set(item.name.toLowerCase(), principal.objectId);
    summary.principals[item.name] = principal.objectId;
  }
  for (const item of document.clusters ?? []) {
    const { subscription, ...rest } = item;
    summary.clusters.push(String(fake.seed.cluster({ ...rest, subscriptionId: subscription ?? fake.subscriptionId }).id));
  }
  for (const item of document.registries ?? []) {
    const { subscription, ...rest } = item;
    summary.registries.push(String(fake.seed.registry({ ...rest, subscriptionId: subscription ?? fake.subscriptionId }).id));
  }
  for (const item of document.roleAssignments ?? []) {
    const scope = scopeOf(fake, item.scope);
    const principalId = principalOf(fake, principals, item.principal);
    if (!scope || !principalId) throw new Error(`Failed to seed role assignment ${item.role} on ${item.scope}: its references changed while seeding.`);
    summary.roleAssignments.push(String(fake.seed.roleAssignment({ scope, role: item.role, principalId, ...(item.name && { name: item.name }) }).id));
  }
  return summary;
}

/** Every reference the document makes, checked against the document itself and the world. */
function checkReferences(fake: SeedTarget, document: SeedDocument): string[] {
  const issues: string[] = [];
  if (document.tenantId && document.tenantId.toLowerCase() !== fake.tenantId.toLowerCase()) {
    issues.push(`tenantId '${document.tenantId}' differs from the running fake's '${fake.tenantId}'; the default tenant is chosen when the fake starts (aks-acr fake serve --seed FILE)`);
  }
  if (document.subscriptionId && document.subscriptionId.toLowerCase() !== fake.subscriptionId.toLowerCase()) {
    issues.push(`subscriptionId '${document.subscriptionId}' differs from the running fake's '${fake.subscriptionId}'; the default subscription is chosen when the fake starts (aks-acr fake serve --seed FILE)`);
  }
  const subscriptions = new Set([...fake.world.subscriptions.keys(), ...(document.subscriptions ?? []).flatMap((s) => (s.id ? [s.id.toLowerCase()] : []))]);
  const checkSubscription = (path: string, id: string | undefined): void => {
    if (id && !subscriptions.has(id.toLowerCase())) issues.push(`${path}.subscription '${id}' is neither the default subscription nor one in 'subscriptions'`);
  };
  (document.resourceGroups ?? []).forEach((g, i) => checkSubscription(`resourceGroups[${i}]`, g.subscription));
  const clusterIds = new Set<string>();
  (document.clusters ?? []).forEach((c, i) => {
    checkSubscription(`clusters[${i}]`, c.subscription);
    const id = managedClusterId(c.subscription ?? fake.subscriptionId, c.resourceGroup, c.name).toLowerCase();
    if (clusterIds.has(id) || fake.world.clusters.has(id)) issues.push(`clusters[${i}]: cluster '${c.name}' in resource group '${c.resourceGroup}' exists already`);
    clusterIds.add(id);
  });
  const registryNames = new Set<string>();
  (document.registries ?? []).forEach((r, i) => {
    checkSubscription(`registries[${i}]`, r.subscription);
    if (!/^[A-Za-z0-9]{5,50}$/.test(r.name)) issues.push(`registries[${i}].name '${r.name}' is not a valid registry name (5 to 50 letters and digits)`);
    const name = r.name.toLowerCase();
    if (registryNames.has(name) || findRegistryByName(fake.world, name)) issues.push(`registries[${i}]: registry '${r.name}' exists already (registry names are unique across Azure)`);
    registryNames.add(name);
  });
  const principalNames = new Set<string>();
  (document.principals ?? []).forEach((p, i) => {
    if (principalNames.has(p.name.toLowerCase())) issues.push(`principals[${i}]: the name '${p.name}' is used twice`);
    principalNames.add(p.name.toLowerCase());
    if (p.objectId && fake.world.principals.has(p.objectId.toLowerCase())) issues.push(`principals[${i}]: object id '${p.objectId}' exists already`);
  });
  const clusterNames = (document.clusters ?? []).map((c) => ({ name: c.name.toLowerCase(), resourceGroup: c.resourceGroup.toLowerCase() }));
  const groups = new Set([...(document.resourceGroups ?? []).map((g) => resourceGroupId(g.subscription ?? fake.subscriptionId, g.name).toLowerCase()), ...fake.world.resourceGroups.keys()]);
  (document.roleAssignments ?? []).forEach((a, i) => {
    const path = `roleAssignments[${i}]`;
    if (!findRole(fake.world, a.role)) issues.push(`${path}.role '${a.role}' is no role the fake knows (a built-in role name such as AcrPull, or a role definition GUID)`);
    const scope = checkScope(fake, a.scope, { registryNames, clusterNames, groups });
    if (scope) issues.push(`${path}.scope ${scope}`);
    const principal = checkPrincipal(fake, a.principal, { principalNames, clusterNames });
    if (principal) issues.push(`${path}.principal ${principal}`);
  });
  return issues;
}

interface Known {
  registryNames?: Set<string>;
  clusterNames: { name: string; resourceGroup: string }[];
  groups?: Set<string>;
  principalNames?: Set<string>;
}

function checkScope(fake: SeedTarget, scope: string, known: Known): string | undefined {
  const [kind, name = ""] = splitReference(scope);
  if (kind === "subscription" || scope.startsWith("/")) return undefined;
  if (kind === "registry") return known.registryNames?.has(name) || findRegistryByName(fake.world, name) ? undefined : `names registry '${name}', which neither the document nor the world holds`;
  if (kind === "resourcegroup") return known.groups?.has(resourceGroupId(fake.subscriptionId, name).toLowerCase()) ? undefined : `names resource group '${name}', which the default subscription does not hold`;
  if (kind === "cluster") return clusterProblem(fake, name, known);
  return `'${scope}' is not a scope: use an ARM id, subscription, resourceGroup:<name>, registry:<name> or cluster:<name>`;
}

function checkPrincipal(fake: SeedTarget, principal: string, known: Known): string | undefined {
  const [kind, name = ""] = splitReference(principal);
  if (kind === "caller" || /^[0-9a-f-]{36}$/i.test(principal)) return undefined;
  if (kind === "principal") return known.principalNames?.has(name) ? undefined : `names principal '${name}', which 'principals' does not list`;
  if (kind === "kubelet") return clusterProblem(fake, name, known);
  return `'${principal}' is not a principal: use an object id, caller, principal:<name> or kubelet:<cluster name>`;
}

function clusterProblem(fake: SeedTarget, reference: string, known: Known): string | undefined {
  const matches = [...known.clusterNames, ...[...fake.world.clusters.values()].map((c) => ({ name: c.name.toLowerCase(), resourceGroup: c.resourceGroup.toLowerCase() }))].filter((c) =>
    reference.includes("/") ? `${c.resourceGroup}/${c.name}` === reference : c.name === reference,
  );
  if (matches.length === 0) return `names cluster '${reference}', which neither the document nor the world holds`;
  if (matches.length > 1) return `names cluster '${reference}', which several resource groups hold; write <resource group>/<name>`;
  return undefined;
}

/** `registry:MyAcr` → ["registry", "myacr"]. */
export function splitReference(reference: string): [string, string | undefined] {
  const colon = reference.indexOf(":");
  if (colon < 0) return [reference.toLowerCase(), undefined];
  return [reference.slice(0, colon).toLowerCase(), reference.slice(colon + 1).trim().toLowerCase()];
}

function scopeOf(fake: SeedTarget, scope: string): string | undefined {
  const [kind, name = ""] = splitReference(scope);
  if (scope.startsWith("/")) return scope;
  if (kind === "subscription") return `/subscriptions/${fake.subscriptionId}`;
  if (kind === "resourcegroup") return resourceGroupId(fake.subscriptionId, name);
  if (kind === "registry") return findRegistryByName(fake.world, name)?.id;
  if (kind === "cluster") return findCluster(fake, name)?.id;
  return undefined;
}

function principalOf(fake: SeedTarget, principals: Map<string, string>, principal: string): string | undefined {
  const [kind, name = ""] = splitReference(principal);
  if (kind === "caller") return fake.callerObjectId;
  if (kind === "principal") return principals.get(name);
  if (kind === "kubelet") {
    const cluster = findCluster(fake, name);
    return cluster ? kubeletPrincipalId(fake.world, cluster) : undefined;
  }
  return principal;
}

function findCluster(fake: SeedTarget, reference: string): ManagedCluster | undefined {
  return [...fake.world.clusters.values()].find((c) =>
    reference.includes("/") ? `${c.resourceGroup}/${c.name}`.toLowerCase() === reference : c.name.toLowerCase() === reference,
  );
}
