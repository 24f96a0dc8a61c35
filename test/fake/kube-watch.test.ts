import { describe, expect, it } from "vitest";
import { deployment, useKubeApi, watchEvents } from "./kube-api.js";

const k = useKubeApi();
const nameOf = (object: Record<string, unknown> | undefined) => (object?.["metadata"] as { name?: string } | undefined)?.name;
const phaseOf = (object: Record<string, unknown> | undefined) => (object?.["status"] as { phase?: string } | undefined)?.phase;
const versionOf = (object: Record<string, unknown> | undefined) => (object?.["metadata"] as { resourceVersion?: string } | undefined)?.resourceVersion;

describe("watch streams", () => {
  it("start with ADDED for what exists, then stream what writes change, and DELETED", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "nginx:latest", 1) });
    const abort = new AbortController();
    const events = watchEvents(await k.call("GET", "/api/v1/namespaces/default/pods?watch=true", { signal: abort.signal }));
    const first = await events.next();
    expect(first?.type).toBe("ADDED");
    expect(phaseOf(first?.object)).toBe("Running");
    await k.call("PATCH", "/apis/apps/v1/namespaces/default/deployments/web", { body: { spec: { replicas: 2 } }, contentType: "application/merge-patch+json" });
    const added = await events.next();
    expect(added?.type).toBe("ADDED");
    expect(nameOf(added?.object)).not.toBe(nameOf(first?.object));
    await k.call("DELETE", `/api/v1/namespaces/default/pods/${nameOf(first?.object)}`);
    const seen = [await events.next(), await events.next()];
    expect(seen.map((e) => e?.type).sort()).toEqual(["ADDED", "DELETED"]);
    expect(nameOf(seen.find((e) => e?.type === "DELETED")?.object)).toBe(nameOf(first?.object));
    abort.abort();
  });

  it("from a list's resourceVersion, send only later changes, including those of the fake's clock alone", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "myacr.azurecr.io/nginx:v1", 1) });
    const list = await k.json<{ metadata: { resourceVersion: string }; items: Record<string, unknown>[] }>("GET", "/api/v1/namespaces/default/pods");
    expect(phaseOf(list.body.items[0])).toBe("Pending");
    const abort = new AbortController();
    const events = watchEvents(await k.call("GET", `/api/v1/namespaces/default/pods?watch=1&resourceVersion=${list.body.metadata.resourceVersion}`, { signal: abort.signal }));
    k.azure.seed.roleAssignment({ scope: k.registryId, role: "AcrPull", principalId: k.kubelet });
    k.advance(10_000);
    const modified = await events.next();
    expect(modified?.type).toBe("MODIFIED");
    expect(phaseOf(modified?.object)).toBe("Running");
    expect(Number(versionOf(modified?.object))).toBeGreaterThan(Number(versionOf(list.body.items[0])));
    const again = await k.json("GET", `/api/v1/namespaces/default/pods/${nameOf(modified?.object)}`);
    expect(versionOf(again.body)).toBe(versionOf(modified?.object));
    abort.abort();
  });

  it("from a past resourceVersion, first send what changed since: ADDED, MODIFIED and DELETED", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "nginx:latest", 2) });
    const list = await k.json<{ metadata: { resourceVersion: string }; items: Record<string, unknown>[] }>("GET", "/api/v1/namespaces/default/pods");
    const [kept, gone] = list.body.items.map(nameOf);
    await k.call("DELETE", `/api/v1/namespaces/default/pods/${gone}`);
    await k.call("PATCH", `/api/v1/namespaces/default/pods/${kept}`, { body: { metadata: { labels: { seen: "yes" } } }, contentType: "application/merge-patch+json" });
    const abort = new AbortController();
    const events = watchEvents(await k.call("GET", `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`, { signal: abort.signal }));
    const seen = [await events.next(), await events.next(), await events.next()].map((e) => `${e?.type} ${nameOf(e?.object) === kept ? "kept" : nameOf(e?.object) === gone ? "gone" : "replacement"}`);
    expect(seen.sort()).toEqual(["ADDED replacement", "DELETED gone", "MODIFIED kept"]);
    abort.abort();
  });

  it("send BOOKMARKs once a minute of the fake's clock when asked, and end after timeoutSeconds of it", async () => {
    const response = await k.call("GET", "/apis/apps/v1/namespaces/default/deployments?watch=true&allowWatchBookmarks=true&timeoutSeconds=90&resourceVersion=1");
    expect(response.headers.get("content-type")).toBe("application/json");
    const events = watchEvents(response);
    k.advance(60_000);
    const bookmark = await events.next();
    expect(bookmark).toEqual({ type: "BOOKMARK", object: { kind: "Deployment", apiVersion: "apps/v1", metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } } });
    k.advance(30_000);
    expect(await events.next()).toBeUndefined();
  });

  it("of one object (…/pods/NAME?watch) and as Table rows, with the columns in the first event only", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "nginx:latest", 2) });
    const abort = new AbortController();
    const events = watchEvents(await k.call("GET", "/apis/apps/v1/namespaces/default/deployments/web?watch=true", { signal: abort.signal }));
    expect(nameOf((await events.next())?.object)).toBe("web");
    const table = watchEvents(await k.call("GET", "/api/v1/namespaces/default/pods?watch=true", { accept: "application/json;as=Table;v=v1;g=meta.k8s.io", signal: abort.signal }));
    const [one, two] = [await table.next(), await table.next()];
    expect(one?.object).toMatchObject({ kind: "Table", columnDefinitions: expect.arrayContaining([expect.objectContaining({ name: "Ready" })]), rows: [{ cells: [expect.stringMatching(/^web-/), "1/1", "Running", "0", "0s", expect.any(String), expect.any(String), "<none>", "<none>"] }] });
    expect(two?.object).toMatchObject({ kind: "Table", columnDefinitions: null });
    abort.abort();
  });

  it("refuse a bad timeoutSeconds as the API server does", async () => {
    const response = await k.json("GET", "/api/v1/pods?watch=true&timeoutSeconds=soon");
    expect(response).toMatchObject({ status: 400, body: { kind: "Status", reason: "BadRequest" } });
  });
});
