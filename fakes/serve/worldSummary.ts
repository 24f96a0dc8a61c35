/** What `GET /_fake/state` shows: the world in the names a person types, never a credential. */
import type { ListenableFake } from "../listen.js";
import { kubeletPrincipalId } from "../world/pull.js";
import { listImages } from "../world/registries.js";

export function summariseWorld(fake: Pick<ListenableFake, "world" | "state" | "tenantId" | "subscriptionId" | "callerObjectId">): Record<string, unknown> {
  const { world } = fake;
  return {
    tenantId: fake.tenantId,
    subscriptionId: fake.subscriptionId,
    callerObjectId: fake.callerObjectId,
    subscriptions: [...world.subscriptions.values()].map((s) => ({ id: s.id, displayName: s.displayName, tenantId: s.tenantId })),
    resourceGroups: [...world.resourceGroups.values()].map((g) => ({ id: g.id, name: g.name, location: g.location })),
    principals: [...world.principals.values()].map((p) => ({ objectId: p.objectId, displayName: p.displayName, type: p.type, ...(p.clientId && { clientId: p.clientId }) })),
    clusters: [...world.clusters.values()].map((c) => ({
      id: c.id,
      name: c.name,
      resourceGroup: c.resourceGroup,
      location: c.location,
      fqdn: c.fqdn,
      provisioningState: c.provisioningState,
      identity: c.identityKind,
      kubeletObjectId: kubeletPrincipalId(world, c),
    })),
    registries: [...world.registries.values()].map((r) => ({
      id: r.id,
      name: r.name,
      loginServer: r.loginServer,
      sku: r.sku,
      roleAssignmentMode: r.roleAssignmentMode,
      images: listImages(r),
    })),
    roleAssignments: fake.state.roleAssignments(),
  };
}
