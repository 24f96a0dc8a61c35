/**
 * The answer for a request the fake has no route for. It must not look like anything Azure could
 * answer — above all not like "not found", which SDKs turn into `ResourceNotFoundError` and callers
 * into a create-or-skip branch — so it is a 501 with a code no Azure service uses, naming the
 * method, the path and the operation the request looks like.
 */
import { armError } from "./respond.js";

/** The error code of every unmodelled request; no Azure service answers with it. */
export const NOT_MODELLED_CODE = "FakeAzureRouteNotModelled";

export function notModelled(method: string, url: URL, warned: Set<string>): Response {
  const what = `${method.toUpperCase()} ${url.pathname}`;
  const operation = guessOperation(method, url.pathname);
  if (!warned.has(what)) {
    warned.add(what);
    console.warn(`[aks-acr fake Azure] not modelled: ${what}${url.search} (looks like ${operation})`);
  }
  return armError(
    501,
    NOT_MODELLED_CODE,
    `The fake Azure does not model ${what} (it looks like ${operation}). This is a limit of the fake, not an answer from Azure: the request was not served. Please model the route in aks-acr/fakes, or keep it out of tests that run against the fake.`,
  );
}

const VERBS: Record<string, string> = { PUT: "CreateOrUpdate", PATCH: "Update", DELETE: "Delete", HEAD: "CheckExistence" };

/**
 * The operation id ARM's naming would give the request: `{Type}_{Verb}` from the last resource type
 * in the path (`GET …/managedClusters/x/maintenanceConfigurations` → `MaintenanceConfigurations_List`),
 * with the provider namespace when the path names one.
 */
export function guessOperation(method: string, pathname: string): string {
  const segments = pathname.split("/").filter(Boolean);
  const providerAt = segments.map((s) => s.toLowerCase()).lastIndexOf("providers");
  const namespace = providerAt >= 0 ? segments[providerAt + 1] : undefined;
  const rest = providerAt >= 0 ? segments.slice(providerAt + 2) : segments;
  const verb = method.toUpperCase();
  const pascal = (word = "") => word.charAt(0).toUpperCase() + word.slice(1);
  let operation: string;
  if (rest.length === 0) operation = `${pascal(namespace)}_${verb === "GET" ? "Get" : (VERBS[verb] ?? pascal(verb.toLowerCase()))}`;
  else if (rest.length % 2 === 1 && verb === "POST" && rest.length > 1) operation = `${pascal(rest[rest.length - 3] ?? rest[0])}_${pascal(rest[rest.length - 1])}`;
  else if (rest.length % 2 === 1) operation = `${pascal(rest[rest.length - 1])}_${verb === "GET" ? "List" : (VERBS[verb] ?? pascal(verb.toLowerCase()))}`;
  else operation = `${pascal(rest[rest.length - 2])}_${verb === "GET" ? "Get" : verb === "POST" ? pascal(rest[rest.length - 1]) : (VERBS[verb] ?? pascal(verb.toLowerCase()))}`;
  return namespace ? `${namespace} ${operation}` : operation;
}
