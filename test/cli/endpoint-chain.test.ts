import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT_MS, HOME, cli, cliWithEnv, ensureBuiltCli, spawnCli } from "./bin.js";

/** One `aks-acr fake serve` world for the whole file: each command below runs against what the previous left. */
let server: ChildProcess | undefined;
let url = "";

beforeAll(async () => {
  await ensureBuiltCli();
  server = spawnCli("fake", "serve", "--port", "0", "-o", "tsv", "--query", "url");
  let out = "";
  await new Promise<void>((resolve, reject) => {
    server?.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("\n")) resolve();
    });
    server?.once("exit", () => reject(new Error(`fake serve exited before printing: ${out}`)));
  });
  url = out.split("\n")[0] ?? "";
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  server.kill("SIGTERM");
  await once(server, "exit");
});

const demo = ["myacr", "-n", "aks", "-g", "rg"];

describe("commands chained against one running fake (--endpoint / AKS_ACR_ENDPOINT)", () => {
  it("attach, re-attach, list, detach, detach again: each sees what the one before did", async () => {
    const attached = await cli("attach", ...demo, "--endpoint", url, "-o", "tsv", "--query", "created");
    expect(attached.stderr).toBe("");
    expect(attached).toMatchObject({ code: 0, stdout: "true\n" });

    const again = await cli("attach", ...demo, "--endpoint", url, "-o", "tsv", "--query", "created");
    expect(again.stdout).toBe("false\n");

    const listed = await cliWithEnv({ AKS_ACR_ENDPOINT: url }, "list", "-n", "aks", "-g", "rg", "-o", "tsv", "--query", "registries[].registry.name");
    expect(listed).toMatchObject({ code: 0, stdout: "myacr\n" });

    const assignment = await cli("attach", ...demo, "--endpoint", url, "-o", "tsv", "--query", "assignmentId");
    expect(assignment.stdout).toMatch(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/rg\/providers\/Microsoft\.ContainerRegistry\/registries\/myacr\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{36}\n$/);

    const detached = await cliWithEnv({ AKS_ACR_ENDPOINT: url }, "detach", ...demo, "-o", "tsv", "--query", "removed[].id");
    expect(detached).toMatchObject({ code: 0, stdout: assignment.stdout });

    const nothingLeft = await cli("detach", ...demo, "--endpoint", url, "-o", "json", "--query", "{removed: length(removed), nothingFound: nothingFound}");
    expect(JSON.parse(nothingLeft.stdout)).toEqual({ removed: 0, nothingFound: true });
  }, 60_000);

  it("writes the fake cluster's kubeconfig into a temporary directory, never the user's ~/.kube", async () => {
    const run = await cli("credentials", "-n", "aks", "-g", "rg", "--endpoint", url, "-o", "json");
    expect(run.code).toBe(0);
    const { file, server: apiServer } = JSON.parse(run.stdout) as { file: string; server: string };
    expect(file.startsWith(HOME)).toBe(false);
    expect(readFileSync(file, "utf8")).toContain(`server: ${url}/clusters/aks`);
    expect(apiServer).toBe(`${url}/clusters/aks`);
    expect(existsSync(`${HOME}/.kube`)).toBe(false);
  });

  it("exits 5 naming the fix when nothing listens at the endpoint, and 2 for an endpoint that is not a URL", async () => {
    const closed = await cli("list", "-n", "aks", "-g", "rg", "--endpoint", "http://127.0.0.1:1");
    expect(closed.code).toBe(5);
    expect(closed.stderr).toContain("aks-acr fake serve");
    const notUrl = await cli("list", "-n", "aks", "-g", "rg", "--endpoint", "localhost:8080/x");
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toContain("--endpoint");
  });

  it("refuses --fake with --endpoint", async () => {
    const run = await cli("--fake", "list", "-n", "aks", "-g", "rg", "--endpoint", url);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cannot be combined");
  });
});
