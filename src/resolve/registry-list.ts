import { listAll } from "../arm/paging.js";
import type { Context } from "../context.js";
import { REGISTRIES_API } from "./api-versions.js";
import { registryInfo, type RegistryJson } from "./registry-json.js";
import type { RegistryInfo, ResolveOptions } from "./types.js";

/**
 * One subscription's registries (full objects, all pages). Listing another subscription may be
 * forbidden to this caller: with `tolerateDenied` a 403 or 404 gives undefined instead of an error.
 */
export async function listRegistries(
  ctx: Context,
  subscriptionId: string,
  options: ResolveOptions,
  { tolerateDenied = false } = {},
): Promise<RegistryInfo[] | undefined> {
  const { status, items } = await listAll<RegistryJson>(ctx.arm, {
    method: "GET",
    path: `/subscriptions/${subscriptionId}/providers/Microsoft.ContainerRegistry/registries`,
    apiVersion: REGISTRIES_API,
    operation: options.operation,
    scope: `/subscriptions/${subscriptionId}`,
    ...(tolerateDenied && { allowStatus: [403, 404] }),
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  return status === 200 ? items.map((json) => registryInfo(json, "")) : undefined;
}
