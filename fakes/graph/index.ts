import type { Route } from "../http/route.js";
import { routes as servicePrincipals } from "./servicePrincipals.js";

/** Every Microsoft Graph operation the fake serves. */
export const graphRoutes: Route[] = [...servicePrincipals];
