import { describe, expect, it } from "vitest";
import { deployment, useKubeApi } from "./kube-api.js";

const k = useKubeApi();

describe("a followed log (…/log?follow=true)", () => {
  it("answers before the container prints anything, then ends when the pod is gone", async () => {
    await k.call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web", "nginx:latest", 1) });
    const pods = await k.json<{ items: { metadata: { name: string } }[] }>("GET", "/api/v1/namespaces/default/pods");
    const name = pods.body.items[0]?.metadata.name ?? "";
    const response = await k.call("GET", `/api/v1/namespaces/default/pods/${name}/log?follow=true&tailLines=0`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain");
    const text = response.text();
    await k.call("DELETE", `/api/v1/namespaces/default/pods/${name}`);
    expect(await text).toBe("");
  });
});
