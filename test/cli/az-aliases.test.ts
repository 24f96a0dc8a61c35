import { describe, expect, it } from "vitest";
import { runInProcess as cli } from "./inProcess.js";

async function fakeJson<T>(...args: string[]): Promise<{ code: number; json: T }> {
  const run = await cli("--fake", "-o", "json", ...args);
  return { code: run.code, json: JSON.parse(run.stdout) as T };
}

/** az's own spellings, typed as az users type them, do what the aks-acr spellings do. */
describe("az's flag names", () => {
  it("az aks update --attach-acr / --detach-acr with --name", async () => {
    const attached = await fakeJson<{ created: boolean; registry: { name: string } }>("attach", "--attach-acr", "myacr", "--name", "aks", "-g", "rg");
    expect(attached.code).toBe(0);
    expect(attached.json).toMatchObject({ created: true, registry: { name: "myacr" } });
    const detached = await fakeJson<{ nothingFound: boolean }>("detach", "--detach-acr", "myacr", "-n", "aks", "-g", "rg");
    expect(detached.code).toBe(0);
    expect(detached.json.nothingFound).toBe(true);
  });

  it("az aks check-acr --acr <login server>", async () => {
    const run = await cli("--fake", "check", "-n", "aks", "-g", "rg", "--acr", "myacr.azurecr.io", "-o", "tsv", "--query", "checks[?id=='pullRole'].status");
    expect(run).toMatchObject({ code: 1, stdout: "fail\n" });
  });

  it("az acr import -n <registry> --source <image> -t <tag>", async () => {
    const run = await cli("--fake", "import", "-n", "myacr", "--source", "docker.io/library/nginx:latest", "-t", "nginx:v9", "-o", "tsv", "--query", "images[0]");
    expect(run).toMatchObject({ code: 0, stdout: "myacr.azurecr.io/nginx:v9\n" });
  });

  it("az acr create -n and az aks create -n … --attach-acr", async () => {
    const registry = await cli("--fake", "registry", "create", "-n", "newacr01", "-g", "rg", "-l", "westeurope", "-o", "tsv", "--query", "loginServer");
    expect(registry).toMatchObject({ code: 0, stdout: "newacr01.azurecr.io\n" });
    const cluster = await cli("--fake", "cluster", "create", "-n", "aks2", "-g", "rg", "-l", "westeurope", "--attach-acr", "myacr", "-o", "tsv", "--query", "attached[].role.name");
    expect(cluster).toMatchObject({ code: 0, stdout: "AcrPull\n" });
  });

  it("az aks get-credentials --context, -a, --overwrite-existing, -f -", async () => {
    const run = await cli("--fake", "credentials", "-n", "aks", "-g", "rg", "-a", "--overwrite-existing", "--context", "demo", "-f", "-", "-o", "tsv", "--query", "\"current-context\"");
    expect(run).toMatchObject({ code: 0, stdout: "demo\n" });
  });
});
