import { hasAction } from "../world/authorization.js";
import { authorizationFailed } from "./armErrors.js";
import type { RouteContext } from "./route.js";

/** ARM's RBAC gate: undefined when the caller may perform `action` at `scope`, else the 403 to answer. */
export function authorize(ctx: RouteContext, action: string, scope: string): Response | undefined {
  return hasAction(ctx.world, ctx.caller.objectId, scope, action) ? undefined : authorizationFailed(ctx.caller.objectId, action, scope);
}
