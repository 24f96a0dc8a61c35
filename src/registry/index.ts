import type { Context } from "../context.js";
import { parseRegistryRef } from "../ids.js";
import type { RegistryRef, RegistryRefInput } from "../ids.js";
import type { CallOptions } from "../options.js";
import { resolveRegistry } from "../resolve/registry.js";
import { createRegistry } from "./create.js";
import { deleteRegistry } from "./delete.js";
import { withCreateProperties } from "./details.js";
import { importImage } from "./import.js";
import type { RegistryApi, RegistryDetails } from "./types.js";
import { traced } from "../arm/tracing.js";

/**
 * One registry's operations over a shared context. The reference is a name, a login server, an ARM
 * resource id or `{ subscriptionId?, resourceGroup?, name }` (or one already parsed); it is parsed
 * when a call is made, so a malformed one rejects that call with `InvalidInput`.
 */
export function createRegistryApi(ctx: Context, ref: RegistryRefInput | RegistryRef): RegistryApi {
  const parse = (): RegistryRef => (isParsed(ref) ? ref : parseRegistryRef(ref, ctx.cloud));
  return {
    create: async (options) => traced("RegistryApi.create", options, async () => createRegistry(ctx, parse(), options)),
    get: async (options) => traced("RegistryApi.get", options, async () => getRegistry(ctx, parse(), options)),
    delete: async (options) => traced("RegistryApi.delete", options, async () => deleteRegistry(ctx, parse(), options)),
    import: async (source, options) => traced("RegistryApi.import", options, async () => importImage(ctx, parse(), source, options)),
  };
}

async function getRegistry(ctx: Context, ref: RegistryRef, options: CallOptions = {}): Promise<RegistryDetails> {
  const operation = `get registry ${ref.name}`;
  const info = await resolveRegistry(ctx, ref, { operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) });
  return withCreateProperties(info);
}

function isParsed(ref: RegistryRefInput | RegistryRef): ref is RegistryRef {
  return typeof ref === "object" && ref !== null && "kind" in ref;
}

export { DOCKER_HUB, formatRepositoryImage, parseImageRef, parseRepositoryImage, parseRepositoryTag } from "./imageRef.js";
export type { ParsedImageRef, RepositoryTag } from "./imageRef.js";
export type {
  CreateRegistryOptions,
  CreateRegistryResult,
  DeleteRegistryResult,
  ImportCredentials,
  ImportedSource,
  ImportImageOptions,
  ImportImageResult,
  ImportSourceInput,
  RegistryApi,
  RegistryDetails,
  RegistryImageSource,
  RegistrySku,
} from "./types.js";
