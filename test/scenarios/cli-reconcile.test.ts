import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT_MS, cliWithEnv, ensureBuiltCli } from "../cli/bin.js";

/** The `sync` and `pull-secret` verbs, against the CLI's in-process demo fake (cluster aks not attached, registry myacr). */
beforeAll(ensureBuiltCli, BUILD_TIMEOUT_MS);

describe("aks-acr sync", () => {
  it("applies the plan and prints it as a table", async () => {
    const run = await cliWithEnv({}, "--fake", "sync", "myacr", "-n", "aks", "-g", "rg");

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Applied: attach myacr\./);
    expect(run.stdout).toMatch(/ACTION\s+REGISTRY\s+WHY/);
  });
});

describe("aks-acr pull-secret", () => {
  const password = "cli-registry-password-5f1d";

  it("creates the Secret with the password from the environment, and never prints it", async () => {
    const run = await cliWithEnv({ AKS_ACR_REGISTRY_PASSWORD: password }, "--fake", "-o", "json", "pull-secret", "private.example.com", "-n", "aks", "-g", "rg", "--secret", "regcred", "--username", "importer", "--default-service-account");

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: "regcred", namespace: "default", server: "private.example.com", secret: "created", serviceAccount: "added" });
    expect(`${run.stdout}${run.stderr}`).not.toContain(password);
  });

  it("refuses to run without a password, before any request", async () => {
    const run = await cliWithEnv({ AKS_ACR_REGISTRY_PASSWORD: "" }, "--fake", "pull-secret", "private.example.com", "-n", "aks", "-g", "rg", "--secret", "regcred", "--username", "importer");

    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/AKS_ACR_REGISTRY_PASSWORD/);
  });
});
