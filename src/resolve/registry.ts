import type { Context } from "../context.js";
import { AksAcrError } from "../errors.js";
import { registryId, type RegistryRef } from "../ids.js";
import { REGISTRIES_API } from "./api-versions.js";
import { registryInfo, type RegistryJson } from "./registry-json.js";
import { listRegistries } from "./registry-list.js";
import { responseInfo } from "./response-info.js";
import { visibleSubscriptions } from "./subscriptions.js";
import type { RegistryInfo, ResolveOptions } from "./types.js";

/**
 * Finds a registry. A located reference (resource id, or subscription + resource group) is one GET.
 * A name or login server is matched case-insensitively in the current subscription's registry list
 * (full objects, so no further GET), then in every other subscription the caller can see.
 */
export async function resolveRegistry(ctx: Context, ref: RegistryRef, options: ResolveOptions): Promise<RegistryInfo> {
  if (ref.kind === "id") return getRegistry(ctx, registryId(ref.subscriptionId, ref.resourceGroup, ref.name), options);
  const matches = (r: RegistryInfo): boolean =>
    r.name.toLowerCase() === ref.name.toLowerCase() &&
    (ref.kind !== "loginServer" || r.loginServer.toLowerCase() === ref.loginServer) &&
    (ref.kind !== "name" || ref.resourceGroup === undefined || r.resourceGroup.toLowerCase() === ref.resourceGroup.toLowerCase());

  const first = ref.kind === "name" && ref.subscriptionId !== undefined ? ref.subscriptionId : ctx.subscriptionId(options.operation);
  const searched = [first];
  let found = ((await listRegistries(ctx, first, options)) ?? []).filter(matches);
  const narrowedToOne = ref.kind === "name" && ref.subscriptionId !== undefined;
  if (found.length === 0 && !narrowedToOne) {
    const others = (await visibleSubscriptions(ctx, options)).filter((s) => s.toLowerCase() !== first.toLowerCase());
    searched.push(...others);
    const lists = await Promise.all(others.map((s) => listRegistries(ctx, s, options, { tolerateDenied: true })));
    found = lists.flatMap((l) => l ?? []).filter(matches);
  }
  const what = ref.kind === "loginServer" ? `login server ${ref.loginServer}` : `name "${ref.name}"`;
  if (found.length > 1) {
    const candidates = found.map((r) => r.id);
    throw new AksAcrError("Ambiguous", {
      operation: options.operation,
      scope: ref.name,
      reason: `the ${what} matches ${found.length} registries: ${candidates.join(", ")}`,
      fix: "Pass the registry's ARM resource id, or { subscriptionId, resourceGroup, name }",
      details: { candidates },
    });
  }
  const registry = found[0];
  if (registry === undefined) {
    throw new AksAcrError("NotFound", {
      operation: options.operation,
      scope: ref.name,
      reason: `no registry with the ${what} in ${searched.length === 1 ? "subscription" : "subscriptions"} ${searched.join(", ")}`,
      fix: "Check the name (az acr list -o table), or pass the registry's ARM resource id if it is in a subscription this credential cannot list",
      details: { searchedSubscriptions: searched },
    });
  }
  return registry;
}

async function getRegistry(ctx: Context, id: string, options: ResolveOptions): Promise<RegistryInfo> {
  const response = await ctx.arm.send<RegistryJson>({
    method: "GET",
    path: id,
    apiVersion: REGISTRIES_API,
    operation: options.operation,
    scope: id,
    allowStatus: [404],
    ...(options.signal && { signal: options.signal }),
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
