import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT_MS, cli, ensureBuiltCli, fakeJson } from "./bin.js";

beforeAll(ensureBuiltCli, BUILD_TIMEOUT_MS);

describe("aks-acr import", () => {
  it("imports docker.io nginx under the tag given, with a step line on stderr", async () => {
    const run = await cli("--fake", "import", "docker.io/library/nginx:latest", "--registry", "myacr", "--image", "nginx:v2");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Imported docker\.io\/library\/nginx:latest into myacr\.azurecr\.io\./);
    expect(run.stdout).toMatch(/Images:\s+myacr\.azurecr\.io\/nginx:v2$/m);
    expect(run.stderr).toMatch(/^✓ Import docker\.io\/library\/nginx:latest \((\d+ ms|\d+\.\d s)\)$/m);
  });

  it("prints the import as JSON, defaulting the target to the source's repository and tag", async () => {
    const { code, json } = await fakeJson<{ tags: string[]; source: { registryUri: string; sourceImage: string } }>("import", "docker.io/library/nginx:latest", "-r", "myacr");
    expect(code).toBe(0);
    expect(json.tags).toEqual(["library/nginx:latest"]);
    expect(json.source).toMatchObject({ registryUri: "docker.io", sourceImage: "library/nginx:latest" });
  });

  it("refuses to overwrite an existing tag unless --force", async () => {
    const refused = await cli("--fake", "import", "docker.io/library/nginx:latest", "-r", "myacr", "--image", "nginx:v1");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Failed to import/);
    const forced = await cli("--fake", "import", "docker.io/library/nginx:latest", "-r", "myacr", "--image", "nginx:v1", "--force");
    expect(forced.code).toBe(0);
  });

  it("exits 4 for a registry that does not exist", async () => {
    const { code, json } = await fakeJson<{ error: { code: string } }>("import", "nginx", "-r", "nosuchacr");
    expect(code).toBe(4);
    expect(json.error.code).toBe("NotFound");
  });

  it("exits 2 without --registry", async () => {
    const run = await cli("--fake", "import", "nginx");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--registry");
  });
});

describe("aks-acr registry create", () => {
  it("creates a registry and prints it", async () => {
    const run = await cli("--fake", "registry", "create", "newacr", "-g", "rg", "-l", "westeurope", "--sku", "Standard");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Created registry newacr\./);
    expect(run.stdout).toMatch(/Login server:\s+newacr\.azurecr\.io/);
    expect(run.stdout).toMatch(/SKU:\s+Standard/);
  });

  it("reports the existing registry, created false, as JSON", async () => {
    const { code, json } = await fakeJson<{ created: boolean; name: string; provisioningState: string }>("registry", "create", "myacr", "-g", "rg", "-l", "westeurope");
    expect(code).toBe(0);
    expect(json).toMatchObject({ created: false, name: "myacr", provisioningState: "Succeeded" });
  });

  it("exits 4 for a missing resource group, and creates it with --create-resource-group", async () => {
    const missing = await cli("--fake", "registry", "create", "newacr", "-g", "nogroup", "-l", "westeurope");
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain("nogroup");
    const { code, json } = await fakeJson<{ createdResourceGroup: boolean }>("registry", "create", "newacr", "-g", "nogroup", "-l", "westeurope", "--create-resource-group");
    expect(code).toBe(0);
    expect(json.createdResourceGroup).toBe(true);
  });

  it("exits 2 for a malformed name or an unknown SKU", async () => {
    expect((await cli("--fake", "registry", "create", "my-acr", "-g", "rg", "-l", "westeurope")).code).toBe(2);
    const sku = await cli("--fake", "registry", "create", "newacr", "-g", "rg", "-l", "westeurope", "--sku", "Gold");
    expect(sku.code).toBe(2);
    expect(sku.stderr).toContain("Basic, Standard, Premium");
  });
});
