/**
 * GET of a collection: a `<Kind>List`, a `meta.k8s.io/v1 Table` when kubectl asks for one, or a
 * watch stream with `?watch=true`; label and field selectors narrow all three.
 */
import { matchesFields, parseFieldSelector } from "./fields.js";
import type { KubeObject } from "./objects.js";
import { apiVersionOf, type ResourceType } from "./resources.js";
import { labelSelectorError, matchesSelector, parseLabelSelector } from "./selectors.js";
import { badRequest, kubeJson } from "./status.js";
import type { KubeStore } from "./store.js";
import { toTable, wantsTable } from "./table.js";
import { readAll } from "./views.js";
import { isWatch, watchResponse } from "./watch.js";

export function list(store: KubeStore, type: ResourceType, namespace: string | undefined, query: URLSearchParams, request: Request): Response {
  const labelSelector = query.get("labelSelector") ?? "";
  const labelError = labelSelectorError(labelSelector);
  if (labelError) return badRequest(labelError);
  const labels = parseLabelSelector(labelSelector);
  const fields = parseFieldSelector(type.plural, query.get("fieldSelector") ?? "");
  if (typeof fields === "string") return badRequest(fields);
  const read = (): KubeObject[] =>
    readAll(store, type, namespace).filter((object) => matchesSelector(labels, object.metadata.labels) && matchesFields(fields, object));
  const table = wantsTable(request.headers.get("accept"));
  if (isWatch(query)) {
    return watchResponse({
      store,
      query,
      read,
      removedSince: (version) =>
        store.removed
          .filter((entry) => entry.plural === type.plural && entry.version > version && (namespace === undefined || entry.object.metadata.namespace === namespace))
          .map((entry) => entry.object)
          .filter((object) => matchesSelector(labels, object.metadata.labels) && matchesFields(fields, object)),
      signal: request.signal,
      encode: (object, first) => (table ? toTable(type.plural, [object], object.metadata.resourceVersion, store.world.now(), { headers: first }) : object),
      bookmark: (resourceVersion) => ({ kind: type.kind, apiVersion: apiVersionOf(type), metadata: { resourceVersion } }),
    });
  }
  const items = read();
  if (table) return kubeJson(200, toTable(type.plural, items, store.currentVersion(), store.world.now()));
  return kubeJson(200, {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata: { resourceVersion: store.currentVersion() },
    items,
  });
}
