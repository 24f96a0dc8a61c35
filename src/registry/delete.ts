import { pollSettings } from "../arm/pollSettings.js";
import type { Context } from "../context.js";
import { hasErrorCode } from "../errors.js";
import { registryId } from "../ids.js";
import type { RegistryRef } from "../ids.js";
import type { LongCallOptions } from "../options.js";
import { REGISTRIES_API } from "../resolve/api-versions.js";
import { resolveRegistry } from "../resolve/registry.js";
import type { DeleteRegistryResult } from "./types.js";

/**
 * `az acr delete`. Deleting what is already gone is what the caller wanted, so a registry that does
 * not exist gives `deleted: false` instead of an error; a located reference costs no lookup.
 */
export async function deleteRegistry(ctx: Context, ref: RegistryRef, options: LongCallOptions = {}): Promise<DeleteRegistryResult> {
  const operation = `delete registry ${ref.name}`;
  const polling = pollSettings(options, operation);
  const signal = options.abortSignal;
  let id: string;
  if (ref.kind === "id") {
    id = registryId(ref.subscriptionId, ref.resourceGroup, ref.name);
  } else {
    try {
      id = (await resolveRegistry(ctx, ref, { operation, ...(signal && { abortSignal: signal }) })).id;
    } catch (error) {
      if (hasErrorCode(error, "NotFound")) {
        return { id: "", name: ref.name, deleted: false, reason: `no registry named ${ref.name} was found, so there was nothing to delete` };
      }
      throw error;
    }
  }

  const initial = await ctx.arm.send({
    method: "DELETE",
    path: id,
    apiVersion: REGISTRIES_API,
    operation,
    scope: id,
    abortSignal: signal,
    allowStatus: [204, 404],
  });
  if (initial.status === 204 || initial.status === 404) {
    return { id, name: ref.name, deleted: false, reason: `ARM answered ${initial.status}: the registry did not exist, so there was nothing to delete` };
  }
  if (initial.status === 202 || initial.status === 201 || initial.header("azure-asyncoperation") !== undefined || initial.header("location") !== undefined) {
    await ctx.arm.poll(initial, {
      operation,
      scope: id,
      abortSignal: signal,
      ...(options.onProgress && { onProgress: options.onProgress }),
      ...polling,
    });
  }
  return { id, name: ref.name, deleted: true, reason: "the registry and its images were deleted" };
}
