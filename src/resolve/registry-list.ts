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
  const registries: RegistryInfo[] = [];
  let path: string | undefined = `/subscriptions/${subscriptionId}/providers/Microsoft.ContainerRegistry/registries`;
  while (path !== undefined) {
    const page: { status: number; body: { value?: RegistryJson[]; nextLink?: string } } = await ctx.arm.send({
      method: "GET",
      path,
      apiVersion: REGISTRIES_API,
      operation: options.operation,
      scope: `/subscriptions/${subscriptionId}`,
      ...(tolerateDenied && { allowStatus: [403, 404] }),
      ...(options.abortSignal && { abortSignal: options.abortSignal }),
    });
    if (page.status !== 200) return undefined;
    for (const json of page.body.value ?? []) registries.push(registryInfo(json, ""));
    path = page.body.nextLink ?? undefined;
  }
  return registries;
}
