import { describe, expect, it } from "vitest";
import { deployment, useKubeApi } from "./kube-api.js";

const k = useKubeApi();
type Item = { metadata: { name: string; uid: string }; [field: string]: unknown };
type List = { items: Item[] };

async function podNames(labelSelector: string): Promise<string[]> {
  return (await k.json<List>("GET", `/api/v1/namespaces/default/pods?labelSelector=${encodeURIComponent(labelSelector)}`)).body.items.map((p) => p.metadata.name);
}

describe("pods/log", () => {
  it("prints nginx's start-up lines, honouring tailLines, timestamps and container", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "nginx:latest", 1) });
    const [pod] = await podNames("app=web");
    const all = await (await k.call("GET", `/api/v1/namespaces/default/pods/${pod}/log`)).text();
    expect(all.split("\n")[0]).toBe("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration");
    const tail = await (await k.call("GET", `/api/v1/namespaces/default/pods/${pod}/log?tailLines=1&timestamps=true&container=main`)).text();
    expect(tail).toBe("2025-06-01T10:00:00.020000000Z 2025/06/01 10:00:00 [notice] 1#1: start worker process 30\n");
    const wrong = await k.json("GET", `/api/v1/namespaces/default/pods/${pod}/log?container=sidecar`);
    expect(wrong).toMatchObject({ status: 400, body: { message: `container sidecar is not valid for pod ${pod}` } });
  });

  it("refuses the log of a container still waiting for its image, as the kubelet does", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "myacr.azurecr.io/nginx:v1", 1) });
    const [pod] = await podNames("app=web");
    const waiting = await k.json("GET", `/api/v1/namespaces/default/pods/${pod}/log`);
    expect(waiting).toMatchObject({ status: 400, body: { message: `container "main" in pod "${pod}" is waiting to start: trying and failing to pull image` } });
  });
});

describe("deployments/scale", () => {
  it("reads and writes spec.replicas as an autoscaling/v1 Scale, and refuses a negative count with 422", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "nginx:latest", 2) });
    const scale = await k.json("GET", "/apis/apps/v1/namespaces/default/deployments/web/scale");
    expect(scale.body).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 2 }, status: { replicas: 2, selector: "app=web" } });
    const patched = await k.json("PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale", { body: { spec: { replicas: 4 } }, contentType: "application/merge-patch+json" });
    expect(patched.body).toMatchObject({ spec: { replicas: 4 }, status: { replicas: 4 } });
    expect(await podNames("app=web")).toHaveLength(4);
    const negative = await k.json("PUT", "/apis/apps/v1/namespaces/default/deployments/web/scale", { body: { spec: { replicas: -1 } } });
    expect(negative).toMatchObject({ status: 422, body: { reason: "Invalid" } });
    const discovery = await k.json<{ resources: { name: string; kind: string; group?: string }[] }>("GET", "/apis/apps/v1");
    expect(discovery.body.resources).toContainEqual(expect.objectContaining({ name: "deployments/scale", kind: "Scale", group: "autoscaling" }));
  });
});

describe("events", () => {
  it("derive the scheduler's and kubelet's events from the pulls, counted, with the controllers' own", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "myacr.azurecr.io/nginx:v1", 1) });
    k.advance(10_000);
    const [pod] = await podNames("app=web");
    const events = (await k.json<List>("GET", `/api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${pod},involvedObject.kind=Pod`)}`)).body.items;
    const byReason = (reason: string) => events.filter((e) => e["reason"] === reason);
    expect(byReason("Scheduled")[0]).toMatchObject({ type: "Normal", source: { component: "default-scheduler" }, count: 1 });
    expect(byReason("Pulling")[0]).toMatchObject({ count: 2, message: 'Pulling image "myacr.azurecr.io/nginx:v1"', firstTimestamp: "2025-06-01T10:00:00Z", lastTimestamp: "2025-06-01T10:00:10Z" });
    expect(byReason("Failed").map((e) => e["message"])).toContain("Error: ErrImagePull");
    expect(byReason("Failed").some((e) => String(e["message"]).endsWith("401 Unauthorized"))).toBe(true);
    expect(byReason("BackOff")[0]).toMatchObject({ type: "Normal", involvedObject: { fieldPath: "spec.containers{main}" } });

    k.azure.seed.roleAssignment({ scope: k.registryId, role: "AcrPull", principalId: k.kubelet });
    k.advance(20_000);
    const later = (await k.json<List>("GET", "/api/v1/namespaces/default/events?fieldSelector=type%3DNormal")).body.items.map((e) => e["reason"]);
    expect(later).toEqual(expect.arrayContaining(["Pulled", "Created", "Started", "ScalingReplicaSet", "SuccessfulCreate"]));
    const one = (await k.json<List>("GET", "/api/v1/namespaces/default/events")).body.items[0];
    expect((await k.json("GET", `/api/v1/namespaces/default/events/${one?.metadata.name}`)).body).toEqual(one);
  });

  it("outlive their pod, which the kubelet stopped with a Killing event", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "nginx:latest", 1) });
    const [pod] = await podNames("app=web");
    await k.call("DELETE", `/api/v1/namespaces/default/pods/${pod}`);
    const selector = encodeURIComponent(`involvedObject.name=${pod}`);
    const reasons = (await k.json<List>("GET", `/api/v1/namespaces/default/events?fieldSelector=${selector}`)).body.items.map((e) => e["reason"]);
    expect(reasons.sort()).toEqual(["Created", "Killing", "Pulled", "Pulling", "Scheduled", "Started"]);
  });
});

describe("field and label selectors", () => {
  it("select pods by status.phase, and refuse fields a kind does not index with 400", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "nginx:latest", 2) });
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("bad", "myacr.azurecr.io/nginx:v1", 1) });
    const running = await k.json<List>("GET", "/api/v1/pods?fieldSelector=status.phase%3DRunning");
    expect(running.body.items.map((p) => p.metadata.name).every((n) => n.startsWith("web-"))).toBe(true);
    expect(running.body.items).toHaveLength(2);
    const notRunning = await k.json<List>("GET", "/api/v1/namespaces/default/pods?fieldSelector=status.phase!%3DRunning");
    expect(notRunning.body.items.map((p) => p.metadata.name)).toEqual([expect.stringMatching(/^bad-/)]);
    expect(await k.json("GET", "/api/v1/pods?fieldSelector=spec.image%3Dnginx")).toMatchObject({ status: 400, body: { message: "field label not supported: spec.image" } });
    expect(await k.json("GET", "/apis/apps/v1/deployments?fieldSelector=status.phase%3DRunning")).toMatchObject({ status: 400 });
    const badLabel = await k.json("GET", `/api/v1/pods?labelSelector=${encodeURIComponent("app=bad!value")}`);
    expect(badLabel).toMatchObject({ status: 400, body: { reason: "BadRequest", message: expect.stringContaining('unable to parse requirement: values[0][app]: Invalid value: "bad!value"') } });
  });
});

describe("422 Invalid", () => {
  it("lists every bad name, label key and label value as a cause", async () => {
    const body = deployment("web", "nginx:latest");
    (body["metadata"] as Record<string, unknown>)["labels"] = { "-bad-key": "ok", tier: "not ok!" };
    const rejected = await k.json<{ message: string; details: { causes: { field: string; reason: string }[] } }>("POST", "/apis/apps/v1/namespaces/default/deployments", { body });
    expect(rejected.status).toBe(422);
    expect(rejected.body.message).toMatch(/^Deployment\.apps "web" is invalid: \[metadata\.labels: Invalid value: "-bad-key": name part must consist of .*, metadata\.labels: Invalid value: "not ok!": a valid label must be an empty string/);
    expect(rejected.body.details.causes).toEqual([
      { reason: "FieldValueInvalid", field: "metadata.labels", message: expect.stringMatching(/^Invalid value: "-bad-key"/) },
      { reason: "FieldValueInvalid", field: "metadata.labels", message: expect.stringMatching(/^Invalid value: "not ok!"/) },
    ]);
    const namespace = await k.json<{ message: string }>("POST", "/api/v1/namespaces", { body: { metadata: { name: "team.a" } } });
    expect(namespace.body.message).toContain('Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": a lowercase RFC 1123 label must consist of');
  });
});

describe("tables", () => {
  const accept = "application/json;as=Table;v=v1;g=meta.k8s.io";
  const columns = async (path: string) => (await k.json<{ columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[] }[] }>("GET", path, { accept })).body;

  it("give replica sets, events and namespaces the API server's columns", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "nginx:latest", 2) });
    k.advance(90_000);
    const rs = await columns("/apis/apps/v1/namespaces/default/replicasets");
    expect(rs.columnDefinitions.map((c) => c.name)).toEqual(["Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"]);
    expect(rs.rows[0]?.cells).toEqual([expect.stringMatching(/^web-/), 2, 2, 2, "90s", "main", "nginx:latest", expect.stringMatching(/^app=web,pod-template-hash=\w{10}$/)]);
    const events = await columns("/api/v1/namespaces/default/events?fieldSelector=reason%3DScalingReplicaSet");
    expect(events.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name)).toEqual(["Last Seen", "Type", "Reason", "Object", "Message"]);
    expect(events.rows[0]?.cells.slice(0, 4)).toEqual(["90s", "Normal", "ScalingReplicaSet", "deployment/web"]);
    const namespaces = await columns("/api/v1/namespaces/default");
    expect(namespaces.rows[0]?.cells.slice(0, 2)).toEqual(["default", "Active"]);
  });
});
