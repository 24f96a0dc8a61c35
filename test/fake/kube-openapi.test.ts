import { describe, expect, it } from "vitest";
import { RESOURCE_TYPES } from "../../fakes/kube/resources.js";
import { useKubeApi } from "./kube-api.js";

const k = useKubeApi();

type Document = { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; "x-kubernetes-group-version-kind"?: unknown; requestBody?: unknown }>>; components: { schemas: Record<string, { properties?: Record<string, unknown>; "x-kubernetes-group-version-kind"?: unknown }> } };

describe("the OpenAPI documents kubectl reads", () => {
  it("list a v3 document per served group version, addressed with a content hash", async () => {
    const root = await k.json<{ paths: Record<string, { serverRelativeURL: string }> }>("GET", "/openapi/v3");
    expect(Object.keys(root.body.paths).sort()).toEqual(["api/v1", "apis/apps/v1"]);
    for (const [groupVersion, { serverRelativeURL }] of Object.entries(root.body.paths)) expect(serverRelativeURL).toMatch(new RegExp(`^/openapi/v3/${groupVersion}\\?hash=[0-9A-F]{128}$`));
    const again = await k.json<typeof root.body>("GET", "/openapi/v3");
    expect(again.body).toEqual(root.body);
  });

  it("describe every served kind with its upstream schema, and declare fieldValidation on every write", async () => {
    const core = (await k.json<Document>("GET", "/openapi/v3/api/v1")).body;
    const apps = (await k.json<Document>("GET", "/openapi/v3/apis/apps/v1")).body;
    const schemas = { ...core.components.schemas, ...apps.components.schemas };
    for (const type of RESOURCE_TYPES.filter((t) => ["Pod", "Namespace", "Event", "Deployment", "ReplicaSet"].includes(t.kind))) {
      const schema = Object.values(schemas).find((s) => JSON.stringify(s["x-kubernetes-group-version-kind"]) === JSON.stringify([{ group: type.group, kind: type.kind, version: "v1" }]));
      expect(schema?.properties, type.kind).toHaveProperty("metadata");
      expect(schema?.properties, type.kind).toHaveProperty(type.kind === "Event" ? "involvedObject" : "spec");
    }
    expect(schemas["io.k8s.api.core.v1.Container"]?.properties).toHaveProperty("imagePullPolicy");
    const patch = apps.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]?.["patch"];
    expect(patch?.["x-kubernetes-group-version-kind"]).toEqual({ group: "apps", kind: "Deployment", version: "v1" });
    expect(patch?.parameters).toContainEqual(expect.objectContaining({ name: "fieldValidation", in: "query" }));
    expect(patch?.requestBody).toBeDefined();
    expect(JSON.stringify(apps)).not.toContain("#/definitions/");
    expect(apps.paths).not.toHaveProperty("/apis/apps/v1/namespaces/{namespace}/statefulsets");
    for (const path of [...Object.keys(core.paths), ...Object.keys(apps.paths)]) {
      const [, group = "", plural = ""] = /^\/(?:api\/v1|apis\/([^/]+)\/v1)(?:\/namespaces\/\{namespace\})?\/([^/]+)/.exec(path) ?? [];
      expect(RESOURCE_TYPES.some((t) => t.group === group && t.plural === plural), `${path} is a served kind's`).toBe(true);
    }
  });

  it("serve v2 as JSON, refuse protobuf with 406, and answer 404 for a group version it does not serve", async () => {
    const v2 = await k.json<{ swagger: string; info: { version: string }; definitions: Record<string, unknown> }>("GET", "/openapi/v2", { accept: "application/json" });
    expect(v2.body.swagger).toBe("2.0");
    expect(v2.body.definitions).toHaveProperty("io.k8s.api.apps.v1.Deployment");
    const protobuf = await k.call("GET", "/openapi/v2", { accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" });
    expect(protobuf.status).toBe(406);
    expect((await k.json("GET", "/openapi/v3/apis/batch/v1")).status).toBe(404);
  });
});

describe("server-side field validation", () => {
  const typo = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "nginx:latest", imagePullPolicyy: "Always" }] } };

  it("refuses unknown fields under Strict, warns and drops them under Warn, drops them under Ignore", async () => {
    const strict = await k.json("POST", "/api/v1/namespaces/default/pods?fieldValidation=Strict", { body: typo });
    expect(strict).toMatchObject({ status: 400, body: { reason: "BadRequest", message: 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolicyy"' } });
    const warned = await k.call("POST", "/api/v1/namespaces/default/pods?fieldValidation=Warn", { body: typo });
    expect(warned.status).toBe(201);
    expect(warned.headers.get("warning")).toBe('299 - "unknown field \\"spec.containers[0].imagePullPolicyy\\""');
    const stored = await k.json<{ spec: { containers: Record<string, unknown>[] } }>("GET", "/api/v1/namespaces/default/pods/p");
    expect(stored.body.spec.containers[0]).not.toHaveProperty("imagePullPolicyy");
    const ignored = await k.call("POST", "/api/v1/namespaces/default/pods?fieldValidation=Ignore", { body: { ...typo, metadata: { name: "q" } } });
    expect(ignored.status).toBe(201);
    expect(ignored.headers.get("warning")).toBeNull();
    expect((await k.json("POST", "/api/v1/namespaces/default/pods?fieldValidation=Loose", { body: typo })).status).toBe(400);
  });

  it("knows the fields of today's API, including those the fake sets itself, so a read object can be written back", async () => {
    const created = await k.json<Record<string, unknown>>("POST", "/api/v1/namespaces/default/pods?fieldValidation=Strict", {
      body: { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { os: { name: "linux" }, containers: [{ name: "c", image: "nginx:latest", startupProbe: { grpc: { port: 8080 } } }] } },
    });
    expect(created.status).toBe(201);
    const replaced = await k.json("PUT", "/api/v1/namespaces/default/pods/p?fieldValidation=Strict", { body: created.body });
    expect(replaced.status).toBe(200);
  });
});
