/**
 * Same tenant: a role assignment in the registry's tenant cannot name the cluster's identity from
 * another tenant. Free when both live in one subscription; else one subscription GET per side,
 * unless ARM already said which tenant the registry's subscription belongs to (by refusing the
 * caller's token as coming from the wrong tenant).
 */
import type { Context } from "../context.js";
import { isAksAcrError } from "../errors.js";
import { subscriptionTenant } from "../resolve/subscriptions.js";
import { checkOf, type CheckResult } from "./report.js";

const TITLE = checkOf("tenant");

/** The tenant ARM names when it refuses a token from another tenant (InvalidAuthenticationTokenTenant). */
export function tenantFromWrongIssuer(error: unknown): string | undefined {
  if (!isAksAcrError(error) || error.armCode !== "InvalidAuthenticationTokenTenant") return undefined;
  const message = error.response?.armMessage ?? error.reason;
  return /must match the tenant '[^']*?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?'/i.exec(message)?.[1];
}

export interface TenantSides {
  clusterSubscriptionId: string;
  registrySubscriptionId: string;
  /** Known already (from a wrong-issuer refusal); read otherwise. */
  registryTenantId?: string;
}

export async function tenantCheck(ctx: Context, sides: TenantSides, options: { operation: string; abortSignal?: AbortSignal }): Promise<CheckResult> {
  if (sides.clusterSubscriptionId.toLowerCase() === sides.registrySubscriptionId.toLowerCase() && sides.registryTenantId === undefined) {
    return { ...TITLE, status: "pass", finding: `The cluster and the registry are in the same subscription (${sides.clusterSubscriptionId}), so in the same tenant.` };
  }
  const read = { operation: options.operation, ...(options.abortSignal && { abortSignal: options.abortSignal }) };
  const [clusterTenant, registryTenant] = await Promise.all([
    subscriptionTenant(ctx, sides.clusterSubscriptionId, read),
    sides.registryTenantId ?? subscriptionTenant(ctx, sides.registrySubscriptionId, read),
  ]);
  if (clusterTenant.toLowerCase() === registryTenant.toLowerCase()) {
    return { ...TITLE, status: "pass", finding: `The cluster's and the registry's subscriptions both belong to tenant ${clusterTenant}.` };
  }
  return {
    ...TITLE,
    status: "fail",
    finding: `The registry's subscription ${sides.registrySubscriptionId} belongs to tenant ${registryTenant}, the cluster's to tenant ${clusterTenant}; a role assignment cannot name an identity from another tenant.`,
    fix: `Use a registry in tenant ${clusterTenant} (import the images into it with registry("<name>").import(...)), or give the cluster a multi-tenant service principal and grant it a pull role in tenant ${registryTenant}.`,
  };
}
