import { describe, expect, it } from "vitest";
import { desiredDeployment } from "../../src/cluster/deploymentSpec.js";
import type { DeploySpec } from "../../src/cluster/types.js";
import { isAksAcrError } from "../../src/errors.js";

describe("the Deployment deploy() applies", () => {
  it("turns a simple spec into one container with the port, labels as selector, in the default namespace", () => {
    const desired = desiredDeployment({ name: "nginx0-deployment", image: "myacr.azurecr.io/nginx:v1", replicas: 2, port: 80 }, "deploy");
    expect(desired.namespace).toBe("default");
    expect(desired.replicas).toBe(2);
    expect(desired.selector).toBe("app=nginx0-deployment");
    expect(desired.body.spec?.selector.matchLabels).toEqual({ app: "nginx0-deployment" });
    expect(desired.body.spec?.template.metadata?.labels).toEqual({ app: "nginx0-deployment" });
    const [container] = desired.body.spec?.template.spec?.containers ?? [];
    expect(container).toEqual({ name: "nginx", image: "myacr.azurecr.io/nginx:v1", ports: [{ containerPort: 80 }] });
  });

  it("defaults to one replica and keeps given labels and namespace", () => {
    const desired = desiredDeployment({ name: "web", image: "nginx", namespace: "apps", labels: { app: "web", tier: "front" } }, "deploy");
    expect(desired.replicas).toBe(1);
    expect(desired.namespace).toBe("apps");
    expect(desired.selector).toBe("app=web,tier=front");
  });

  it("takes a full V1Deployment as it is, waiting by its selector", () => {
    const desired = desiredDeployment(
      {
        metadata: { name: "api", namespace: "prod" },
        spec: {
          replicas: 3,
          selector: { matchLabels: { run: "api" } },
          template: { metadata: { labels: { run: "api" } }, spec: { containers: [{ name: "c", image: "r.azurecr.io/api:1" }] } },
        },
      },
      "deploy",
    );
    expect(desired).toMatchObject({ name: "api", namespace: "prod", replicas: 3, selector: "run=api", images: ["r.azurecr.io/api:1"] });
    expect(desired.body.kind).toBe("Deployment");
    expect(desired.body.apiVersion).toBe("apps/v1");
  });

  const invalid: [string, DeploySpec][] = [
    ["an upper-case name", { name: "Nginx", image: "nginx" }],
    ["an empty name", { name: "", image: "nginx" }],
    ["an image with a space", { name: "web", image: "nginx latest" }],
    ["an empty image", { name: "web", image: "" }],
    ["negative replicas", { name: "web", image: "nginx", replicas: -1 }],
    ["fractional replicas", { name: "web", image: "nginx", replicas: 1.5 }],
    ["port 0", { name: "web", image: "nginx", port: 0 }],
    ["port 70000", { name: "web", image: "nginx", port: 70000 }],
    ["a bad namespace", { name: "web", image: "nginx", namespace: "Prod_1" }],
    ["no labels", { name: "web", image: "nginx", labels: {} }],
    ["a full deployment without selector", { metadata: { name: "x" }, spec: { selector: {}, template: { spec: { containers: [{ name: "c", image: "i" }] } } } }],
    ["a full deployment without containers", { metadata: { name: "x" }, spec: { selector: { matchLabels: { a: "b" } }, template: { spec: { containers: [] } } } }],
  ];
  it.each(invalid)("rejects %s with InvalidInput", (_, spec) => {
    let thrown: unknown;
    try {
      desiredDeployment(spec, "deploy web");
    } catch (error) {
      thrown = error;
    }
    expect(isAksAcrError(thrown) && thrown.code).toBe("InvalidInput");
  });
});
