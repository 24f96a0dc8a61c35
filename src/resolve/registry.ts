import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { registryId, type RegistryRef } from "../ids.js";
import { REGISTRIES_API } from "./api-versions.js";
import { registryInfo, type RegistryJson } from "./registry-json.js";
import { listRegistries } from "./registry-list.js";
import { FAN_OUT_LIMIT, kqlString, mapBounded, queryResourceGraph, type LookupMethod } from "./resourceGraph.js";
import { responseInfo } from "./response-info.js";
import { rememberTenant, visibleSubscriptions } from "./subscriptions.js";
import { ACR_PULL, REPOSITORY_READER } from "../roles.js";
import type { PullAssignmentRow, RegistryInfo, ResolveOptions } from "./types.js";

type NamedRef = Exclude<RegistryRef, { kind: "id" }>;

/** A Resource Graph row of the query below: a registry, or a subscription (for its tenant). */
interface GraphRow extends RegistryJson {
  type?: string;
  tenantId?: string;
  subscriptionId?: string;
}

const REGISTRY_TYPE = "microsoft.containerregistry/registries";
const ASSIGNMENT_TYPE = "microsoft.authorization/roleassignments";
/** The roles attach grants by default: the pair's assignment holds one of them. */
const PAIR_ROLES = [ACR_PULL, REPOSITORY_READER];

/**
 * Finds a registry. A located reference (resource id) is one GET. A name or login server is one
 * Resource Graph query across every subscription the caller can read, which also brings the
 * tenants of `tenantsOf` (so the same-tenant check needs no request). Without Resource Graph: the
 * current subscription's registry list, then every other visible subscription's, a few at a time.
 */
export async function resolveRegistry(ctx: Context, ref: RegistryRef, options: ResolveOptions): Promise<RegistryInfo> {
  if (ref.kind === "id") return getRegistry(ctx, registryId(ref.subscriptionId, ref.resourceGroup, ref.name), options);
  const current = ref.kind === "name" && ref.subscriptionId !== undefined ? ref.subscriptionId : ctx.subscriptionId(options.operation);
  const narrowed = ref.kind === "name" && ref.subscriptionId !== undefined;
  const graph = await findByGraph(ctx, ref, narrowed ? [current] : undefined, [...(options.tenantsOf ?? [current])], options);
  const { found, searched, lookup } = graph.available ? { found: graph.found, searched: undefined, lookup: { via: "resourceGraph" } as LookupMethod } : await findByFanOut(ctx, ref, current, narrowed, graph.reason, options);
  return pick(found.filter(matcher(ref)), current, ref, searched, options, lookup);
}

function matcher(ref: NamedRef): (r: RegistryInfo) => boolean {
  return (r) =>
    r.name.toLowerCase() === ref.name.toLowerCase() &&
    (ref.kind !== "loginServer" || r.loginServer.toLowerCase() === ref.loginServer) &&
    (ref.kind !== "name" || ref.resourceGroup === undefined || r.resourceGroup.toLowerCase() === ref.resourceGroup.toLowerCase());
}

/** The query: registries of the name, and the subscriptions whose tenants the caller needs. */
export function registryQuery(ref: NamedRef, tenantsOf: readonly string[]): string {
  const group = ref.kind === "name" && ref.resourceGroup !== undefined ? ` and resourceGroup =~ ${kqlString(ref.resourceGroup)}` : "";
  const registries = `resources | where type =~ '${REGISTRY_TYPE}' and name =~ ${kqlString(ref.name)}${group}`;
  const tenants = tenantsOf.length === 0 ? "" : ` | union (resourcecontainers | where type =~ 'microsoft.resources/subscriptions' and subscriptionId in~ (${tenantsOf.map(kqlString).join(", ")}))`;
  const roles = PAIR_ROLES.map((guid) => `properties.roleDefinitionId endswith ${kqlString(guid)}`).join(" or ");
  const grants = ` | union (authorizationresources | where type =~ '${ASSIGNMENT_TYPE}' and properties.scope endswith ${kqlString(`/providers/Microsoft.ContainerRegistry/registries/${ref.name}`)} and (${roles}))`;
  return `${registries}${tenants}${grants} | project id, name, type, tenantId, location, sku, properties, subscriptionId, resourceGroup`;
}

async function findByGraph(
  ctx: Context,
  ref: NamedRef,
  subscriptions: string[] | undefined,
  tenantsOf: string[],
  options: ResolveOptions,
): Promise<{ available: true; found: RegistryInfo[] } | { available: false; reason: string }> {
  const answer = await queryResourceGraph<GraphRow>(ctx, registryQuery(ref, tenantsOf), { ...options, ...(subscriptions && { subscriptions }) });
  if (!answer.available) return answer;
  const found: RegistryInfo[] = [];
  const grants: PullAssignmentRow[] = [];
  for (const row of answer.rows) {
    if (row.subscriptionId && row.tenantId) rememberTenant(ctx, row.subscriptionId, row.tenantId);
    const type = row.type?.toLowerCase();
    if (type === ASSIGNMENT_TYPE) grants.push(row as PullAssignmentRow);
    if (type !== REGISTRY_TYPE) continue;
    found.push({ ...registryInfo(row, ""), ...(row.tenantId && { tenantId: row.tenantId }), lookup: { via: "resourceGraph" } });
  }
  const at = (id: string): PullAssignmentRow[] => grants.filter((g) => (g.properties?.scope ?? "").toLowerCase().replace(/\/+$/, "") === id.toLowerCase());
  return { available: true, found: found.map((r) => ({ ...r, pullAssignments: at(r.id) })) };
}

async function findByFanOut(
  ctx: Context,
  ref: NamedRef,
  current: string,
  narrowed: boolean,
  reason: string,
  options: ResolveOptions,
): Promise<{ found: RegistryInfo[]; searched: string[]; lookup: LookupMethod }> {
  const lookup: LookupMethod = { via: "subscriptions", reason };
  const searched = [current];
  const inCurrent = ((await listRegistries(ctx, current, options)) ?? []).filter(matcher(ref));
  if (inCurrent.length > 0 || narrowed) return { found: inCurrent, searched, lookup };
  const others = (await visibleSubscriptions(ctx, options)).filter((s) => s.toLowerCase() !== current.toLowerCase());
  searched.push(...others);
  const lists = await mapBounded(others, FAN_OUT_LIMIT, (s) => listRegistries(ctx, s, options, { tolerateDenied: true }));
  return { found: lists.flatMap((l) => l ?? []), searched, lookup };
}

/** The one match (the current subscription's first, should the fake or a sovereign cloud hold two). */
function pick(found: RegistryInfo[], current: string, ref: NamedRef, searched: string[] | undefined, options: ResolveOptions, lookup: LookupMethod): RegistryInfo {
  const what = ref.kind === "loginServer" ? `login server ${ref.loginServer}` : `name "${ref.name}"`;
  const local = found.filter((r) => r.subscriptionId.toLowerCase() === current.toLowerCase());
  const candidates = local.length === 1 ? local : found;
  if (candidates.length > 1) {
    const ids = candidates.map((r) => r.id);
    throw new AksAcrError("Ambiguous", {
      operation: options.operation,
      scope: ref.name,
      reason: `the ${what} matches ${candidates.length} registries: ${ids.join(", ")}`,
      fix: "Pass the registry's ARM resource id, or { subscriptionId, resourceGroup, name }",
      details: { candidates: ids },
    });
  }
  const registry = candidates[0];
  if (registry === undefined) {
    const where = searched === undefined
      ? "any subscription this credential can read (one Resource Graph query)"
      : `${searched.length === 1 ? "subscription" : "subscriptions"} ${searched.join(", ")}`;
    throw new AksAcrError("NotFound", {
      operation: options.operation,
      scope: ref.name,
      reason: `no registry with the ${what} in ${where}`,
      fix: "Check the name (az acr list -o table), or pass the registry's ARM resource id if it is in a subscription this credential cannot list",
      details: { ...(searched && { searchedSubscriptions: searched }), lookup },
    });
  }
  return { ...registry, lookup };
}

async function getRegistry(ctx: Context, id: string, options: ResolveOptions): Promise<RegistryInfo> {
  const response = await ctx.arm.send<RegistryJson>({
    method: "GET",
    path: id,
    apiVersion: REGISTRIES_API,
    operation: options.operation,
    scope: id,
    allowStatus: [404],
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  if (response.status === 404) {
    throw new AksAcrError("NotFound", {
      operation: options.operation,
      scope: id,
      reason: "no container registry has this id",
      fix: "Check the id's subscription, resource group and name (az acr show -n <name> --query id)",
      response: responseInfo(response, { method: "GET", url: id }),
    });
  }
  return registryInfo(response.body, id);
}
