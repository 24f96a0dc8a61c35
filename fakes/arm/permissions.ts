import { page } from "../http/paging.js";
import type { Route, RouteContext } from "../http/route.js";
import { missingResourceAt } from "../http/scopes.js";
import { effectivePermissions } from "../world/authorization.js";
import { normaliseScope } from "../world/ids.js";

/** The caller's own effective permissions at a scope: one entry per role it holds there or above. */
function list(ctx: RouteContext): Response {
  const scope = normaliseScope(ctx.params.scope ?? "/");
  return missingResourceAt(ctx.world, scope) ?? page(ctx, effectivePermissions(ctx.world, ctx.caller.objectId, scope));
}

export const routes: Route[] = [
  { method: "GET", pattern: /^(?<scope>.*)\/providers\/Microsoft\.Authorization\/permissions$/i, operation: "Permissions_ListForResource", handle: list },
];
