import type { Context } from "../context.js";
import { AksAcrError, isAksAcrError } from "../errors.js";
import { subscriptionTenant } from "../resolve/subscriptions.js";

interface Options {
  operation: string;
  abortSignal?: AbortSignal;
  /** The registry, as the caller named it, for the message. */
  registry: string;
}

/**
 * Throws `CrossTenant` when the registry's subscription belongs to another Entra ID tenant than the
 * cluster's: a role assignment there cannot name the cluster's identity. Costs nothing when both are
 * the same subscription.
 */
export async function ensureSameTenant(ctx: Context, clusterSubscription: string, registrySubscription: string, options: Options): Promise<void> {
  if (clusterSubscription.toLowerCase() === registrySubscription.toLowerCase()) return;
  const read = { operation: options.operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) };
  try {
    const [clusterTenant, registryTenant] = await Promise.all([
      subscriptionTenant(ctx, clusterSubscription, read),
      subscriptionTenant(ctx, registrySubscription, read),
    ]);
    if (clusterTenant.toLowerCase() !== registryTenant.toLowerCase()) throw crossTenant(options, clusterTenant, registryTenant);
  } catch (error) {
    throw asCrossTenant(error, options);
  }
}

/**
 * ARM answers 401 InvalidAuthenticationTokenTenant when a token of one tenant reaches a subscription
 * of another; for a registry that is the cross-tenant case, so it is reported as such.
 */
export function asCrossTenant(error: unknown, options: Options): unknown {
  if (!isAksAcrError(error) || error.armCode !== "InvalidAuthenticationTokenTenant") return error;
  const tenant = /must match the tenant 'https:\/\/sts\.windows\.net\/([^/']+)\/?'/i.exec(error.response?.armMessage ?? "")?.[1];
  return crossTenant(options, "the caller's tenant", tenant ?? "another tenant", error);
}

function crossTenant(options: Options, clusterTenant: string, registryTenant: string, cause?: unknown): AksAcrError {
  return new AksAcrError("CrossTenant", {
    operation: options.operation,
    scope: options.registry,
    reason: `the registry is in tenant ${registryTenant} and the cluster in ${clusterTenant === "the caller's tenant" ? clusterTenant : `tenant ${clusterTenant}`}; a role assignment cannot name an identity from another tenant, so nothing was changed`,
    fix: "Use a registry in the cluster's tenant (az acr import can copy the images), or give the cluster a multi-tenant service principal and grant it in the registry's tenant",
    changed: [],
    ...(cause !== undefined && { cause }),
  });
}
