import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess as cli } from "./inProcess.js";

/** An endpoint that counts what reaches it: a bad input must be refused before the first request. */
let server: Server;
let endpoint = "";
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const BAD_INPUTS: [string, string[], string][] = [
  ["an image that is not a reference", ["deploy", "-n", "aks", "-g", "rg", "--name", "web", "--image", "NGINX::latest"], "--image NGINX::latest"],
  ["a registry name with a dash", ["attach", "my-acr", "-n", "aks", "-g", "rg"], "my-acr"],
  ["a cluster name with a space", ["detach", "myacr", "-n", "my aks", "-g", "rg"], "my aks"],
  ["a registry given twice, differently", ["attach", "myacr", "--attach-acr", "otheracr", "-n", "aks", "-g", "rg"], "given twice"],
  ["no registry at all", ["check", "-n", "aks", "-g", "rg"], "--acr <registry>"],
  ["a query that is not JMESPath", ["list", "-n", "aks", "-g", "rg", "--query", "registries[?"], "--query"],
  ["an import source that is not an image", ["import", "NGINX::latest", "-r", "myacr"], "NGINX::latest"],
  ["an import target tag that is not one", ["import", "nginx", "-r", "myacr", "--image", "Bad Tag"], "Bad Tag"],
  ["a registry name too short", ["registry", "create", "acr", "-g", "rg", "-l", "westeurope"], "acr"],
  ["a location that is not a region", ["cluster", "create", "aks2", "-g", "rg", "-l", "west/europe"], "west/europe"],
  ["a resource group with a slash", ["cluster", "create", "aks2", "-g", "r/g", "-l", "westeurope"], "r/g"],
  ["a deployment name in upper case", ["deploy", "-n", "aks", "-g", "rg", "--name", "Web", "--image", "nginx"], "Web"],
  ["a probe without an image", ["check", "myacr", "-n", "aks", "-g", "rg", "--probe"], "--probe"],
  ["a checked image that is not one", ["check", "myacr", "-n", "aks", "-g", "rg", "--image", "a b"], "a b"],
  ["a port out of range", ["deploy", "-n", "aks", "-g", "rg", "--name", "web", "--image", "nginx", "--port", "99999"], "99999"],
];

describe("every input is validated before any request", () => {
  it.each(BAD_INPUTS)("%s: exit 2, the bad value named, nothing sent", async (_what, args, named) => {
    const run = await cli(...args, "--endpoint", endpoint);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(named);
    // Only bad inputs run until this block ends, so no request may have reached the endpoint at all.
    expect(seen).toEqual([]);
  });
});

describe("the request counter", () => {
  it("counts what a valid command sends to the endpoint", async () => {
    const before = seen.length;
    await cli("list", "-n", "aks", "-g", "rg", "--endpoint", endpoint);
    expect(seen.length).toBeGreaterThan(before);
  });
});
