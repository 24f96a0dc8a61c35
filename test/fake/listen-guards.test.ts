import { connect } from "node:net";
import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";
import type { ListeningFake } from "../../fakes/index.js";

const azure = createFakeAzure();
let served: ListeningFake;
beforeAll(async () => {
  served = await azure.listen({ maxRequestBodyBytes: 1024 });
});
afterAll(() => served.close());
beforeEach(() => azure.reset());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with full control of method, Host header and body (fetch sets Host itself and refuses TRACE). */
function send(options: { method?: string; path?: string; host?: string; body?: Buffer | string; chunked?: boolean; headers?: Record<string, string> }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(served.url);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? "GET",
        path: options.path ?? "/subscriptions?api-version=2022-12-01",
        headers: { host: options.host ?? url.host, ...options.headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    if (options.chunked && options.body) {
      const data = Buffer.from(options.body);
      for (let at = 0; at < data.length; at += 256) req.write(data.subarray(at, at + 256));
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

/** Raw bytes on a socket, for what Node's HTTP client will not send (an unknown method). */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const url = new URL(served.url);
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    let answer = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => (answer += chunk));
    socket.on("end", () => resolve(answer)).on("error", reject);
  });
}

async function armToken(): Promise<string> {
  return (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
}

describe("listen(): the Host check against DNS rebinding", () => {
  it.each(["127.0.0.1", "localhost", "[::1]"])("answers Host %s with the server's port", async (name) => {
    const answer = await send({ host: `${name}:${new URL(served.url).port}`, path: "/_fake/health" });
    expect(answer.status).toBe(200);
  });

  it.each([
    ["a rebinding name", "evil.example:PORT"],
    ["loopback on another port", "127.0.0.1:1"],
    ["loopback without the port", "127.0.0.1"],
  ])("refuses %s with 400 InvalidHostName in ARM's error JSON, before the fake sees it", async (_what, host) => {
    azure.clearRequests();
    const answer = await send({ host: host.replace("PORT", new URL(served.url).port), headers: { authorization: `Bearer ${await armToken()}` } });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "InvalidHostName" } });
    expect(JSON.parse(answer.body).error.message).toContain(`127.0.0.1:${new URL(served.url).port}`);
    expect(azure.requests).toHaveLength(0);
  });

  it("refuses a WebSocket upgrade with a foreign Host too", async () => {
    const answer = await raw(`GET /api/v1/namespaces/default/pods/p/attach?stdout=true HTTP/1.1\r\nHost: evil.example\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain("InvalidHostName");
  });
});

describe("listen(): the request body limit", () => {
  it("answers 413 in ARM's error JSON to a declared Content-Length over the limit", async () => {
    const answer = await send({ method: "PUT", path: "/subscriptions/x/resourcegroups/rg?api-version=2021-04-01", body: "x".repeat(2048), headers: { "content-type": "application/json" } });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "RequestEntityTooLarge" } });
    expect(JSON.parse(answer.body).error.message).toContain("1024 bytes");
  });

  it("answers 413 to a chunked body as soon as it passes the limit", async () => {
    const answer = await send({ method: "POST", path: "/_fake/seed", body: "#".repeat(4096), chunked: true });
    expect(answer.status).toBe(413);
    expect(answer.headers["connection"]).toBe("close");
  });

  it("serves a body under the limit", async () => {
    const answer = await send({ method: "POST", path: "/_fake/seed", body: "resourceGroups: [{ name: small }]" });
    expect(answer.status).toBe(200);
    expect(azure.world.resourceGroups.size).toBeGreaterThan(0);
  });

  it("refuses a limit that is not a whole number of bytes", async () => {
    await expect(azure.listen({ maxRequestBodyBytes: -1 })).rejects.toThrow(/maxRequestBodyBytes/);
  });
});

describe("listen(): methods no service uses", () => {
  it.each(["TRACE", "OPTIONS", "PROPFIND"])("answers %s with a 405 in ARM's error JSON and an Allow header", async (method) => {
    const answer = await send({ method });
    expect(answer.status).toBe(405);
    expect(answer.headers["allow"]).toBe("GET, HEAD, PUT, POST, PATCH, DELETE");
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "MethodNotAllowed" } });
    expect(JSON.parse(answer.body).error.message).toContain(`'${method}'`);
  });

  it("answers a method Node's parser does not know with a 405 too", async () => {
    const answer = await raw("FOO / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 405 /);
    expect(answer).toContain('"code":"MethodNotAllowed"');
  });
});

describe("listen(): Retry-After over the wire", () => {
  it("is raised from 0 to 1 second, while in-process the fake keeps its own 0", async () => {
    azure.knobs.retryAfterSeconds = 0;
    azure.seed.registry({ resourceGroup: "rg", name: "wireacr" });
    const registry = azure.state.registries()[0]!;
    const body = JSON.stringify({ source: { registryUri: "docker.io", sourceImage: "library/nginx:latest" }, targetTags: ["nginx:v1"], mode: "NoForce" });
    const path = `${registry.id}/importImage?api-version=2025-11-01`;
    const init = { method: "POST", headers: { authorization: `Bearer ${await armToken()}`, "content-type": "application/json" }, body };
    const inProcess = await azure.dispatch(new Request(`https://management.azure.com${path}`, init));
    expect(inProcess.status).toBe(202);
    expect(inProcess.headers.get("retry-after")).toBe("0");
    const overWire = await fetch(`${served.url}${path}`, { ...init, body: body.replace("nginx:v1", "nginx:v2") });
    expect(overWire.status).toBe(202);
    expect(overWire.headers.get("retry-after")).toBe("1");
  });

  it("keeps a Retry-After of 1 second or more as the fake sent it", async () => {
    azure.knobs.retryAfterSeconds = 7;
    azure.seed.registry({ resourceGroup: "rg", name: "wireacr" });
    const registry = azure.state.registries()[0]!;
    const answer = await fetch(`${served.url}${registry.id}/importImage?api-version=2025-11-01`, {
      method: "POST",
      headers: { authorization: `Bearer ${await armToken()}`, "content-type": "application/json" },
      body: JSON.stringify({ source: { registryUri: "docker.io", sourceImage: "library/nginx:latest" }, targetTags: ["nginx:v1"] }),
    });
    expect(answer.headers.get("retry-after")).toBe("7");
  });
});
