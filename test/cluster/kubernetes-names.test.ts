import { describe, expect, it } from "vitest";
import { createClusterApi } from "../../src/cluster/index.js";
import { desiredDeployment } from "../../src/cluster/deploymentSpec.js";
import { labelKeyProblem, labelValueProblem, selectorProblem } from "../../src/cluster/labels.js";
import type { DeploySpec } from "../../src/cluster/types.js";
import { rejection, sentMatching, useFakeAzure } from "./harness.js";

const h = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };

describe("label keys, values and selectors by Kubernetes' rules", () => {
  it.each(["app", "app.kubernetes.io/name", "example.com/tier", "A_b.c-9", "x".repeat(63)])("accepts the key %s", (key) => {
    expect(labelKeyProblem(key)).toBeUndefined();
  });
  it.each(["", "-app", "app-", "bad key", "Example.com/tier", "a/b/c", "/app", "x".repeat(64), `${"a".repeat(254)}/name`, "app!"])("refuses the key %j", (key) => {
    expect(labelKeyProblem(key)).toMatch(/label key/);
  });
  it.each(["", "web", "v1.2_3-x", "x".repeat(63)])("accepts the value %j", (value) => {
    expect(labelValueProblem("app", value)).toBeUndefined();
  });
  it.each(["-web", "web ", "a/b", "x".repeat(64), "ünicode"])("refuses the value %j", (value) => {
    expect(labelValueProblem("app", value)).toMatch(/label "app" value/);
  });
  it.each(["app=web", "app==web,tier!=db", "env in (prod, staging)", "env notin (dev)", "!legacy", "app", ""])("accepts the selector %j", (selector) => {
    expect(selectorProblem(selector)).toBeUndefined();
  });
  it.each(["app=web=x", "app in prod", "bad key=web", "app=-web", "!app=web", "app=web,,tier=db", "env in (a,-b)"])("refuses the selector %j", (selector) => {
    expect(selectorProblem(selector)).toMatch(/label selector/);
  });
});

describe("deploy() refuses bad labels, names and selectors before any request", () => {
  const cases: [string, unknown][] = [
    ["a label key with a space", { name: "web", image: "nginx", labels: { "bad key": "web" } }],
    ["a label value over 63 characters", { name: "web", image: "nginx", labels: { app: "x".repeat(64) } }],
    ["a label value that is a number", { name: "web", image: "nginx", labels: { app: 5 } }],
    ["an upper-case Deployment name", { name: "Web", image: "nginx" }],
    ["a selector key with a bad prefix", { metadata: { name: "web" }, spec: { selector: { matchLabels: { "Bad_Prefix/app": "web" } }, template: { metadata: { labels: { "Bad_Prefix/app": "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } }],
    ["a selector that does not match the template's labels", { metadata: { name: "web" }, spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } }],
    ["a template label value with a slash", { metadata: { name: "web" }, spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web", tier: "a/b" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } }],
    ["an image digest that is not sha256 hex", { name: "web", image: "myacr.azurecr.io/nginx@sha256:xyz" }],
    ["null", null],
  ];
  it.each(cases)("%s: InvalidInput, nothing sent", async (_, spec) => {
    h.azure.seed.cluster(CLUSTER);
    const error = await rejection(createClusterApi(h.ctx, CLUSTER).deploy(spec as DeploySpec));
    expect(error.code).toBe("InvalidInput");
    expect(h.sent).toEqual([]);
  });

  it("pods() refuses a malformed labelSelector before any request", async () => {
    h.azure.seed.cluster(CLUSTER);
    const error = await rejection(createClusterApi(h.ctx, CLUSTER).pods({ labelSelector: "app in prod" }));
    expect(error.code).toBe("InvalidInput");
    expect(error.message).toContain("app in prod");
    expect(sentMatching(h, /./)).toEqual([]);
  });

  it("a valid full Deployment with prefixed labels and a digest passes", async () => {
    const digest = `sha256:${"a".repeat(64)}`;
    const desired = desiredDeployment(
      { metadata: { name: "web" }, spec: { selector: { matchLabels: { "app.kubernetes.io/name": "web" } }, template: { metadata: { labels: { "app.kubernetes.io/name": "web", tier: "" } }, spec: { containers: [{ name: "c", image: `nginx@${digest}` }] } } } },
      "deploy",
    );
    expect(desired.selector).toBe("app.kubernetes.io/name=web");
  });
});
