import { beforeAll, describe, expect, it } from "vitest";
import { attachCall, integrationCall, type Subject } from "../../src/check/fixes.js";
import { pullFailureFix } from "../../src/cluster/pullFailure.js";
import { cliMessage, toCliWording } from "../../src/cli/cliWording.js";
import { AksAcrError } from "../../src/errors.js";
import { planImport } from "../../src/registry/importPlan.js";
import { AzurePublicCloud } from "../../src/cloud.js";
import { BUILD_TIMEOUT_MS, cli, ensureBuiltCli, fakeJson } from "./bin.js";

const SUB = "00000000-0000-4000-8000-000000000001";
const subject: Subject = { cluster: { subscriptionId: SUB, resourceGroup: "rg", name: "aks" }, defaultSubscriptionId: SUB };
const registry = { id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr`, name: "myacr", subscriptionId: SUB };

/** The library's own fix sentences (made by its own code, so a change of wording there breaks these tests) in CLI wording. */
describe("library fixes, reworded as CLI commands and flags", () => {
  it("an attach call becomes aks-acr attach with -n, -g, and --subscription / --role when they differ", () => {
    expect(toCliWording(attachCall(subject, registry))).toBe("aks-acr attach myacr -n aks -g rg");
    expect(toCliWording(attachCall({ ...subject, defaultSubscriptionId: undefined }, registry, "Container Registry Repository Reader"))).toBe(
      `aks-acr attach ${registry.id} -n aks -g rg --subscription ${SUB} --role "Container Registry Repository Reader"`,
    );
    expect(toCliWording(`${integrationCall(subject)}.check("other.azurecr.io", { image: "nginx:v1" })`)).toBe("aks-acr check other.azurecr.io -n aks -g rg --image nginx:v1");
  });

  it("a failed pull's fix names aks-acr attach", () => {
    const fix = pullFailureFix(
      { name: "p", phase: "Pending", ready: false, restarts: 0, createdAt: "", image: "myacr.azurecr.io/nginx:v1", reason: "ErrImagePull", message: "failed to authorize: 401 Unauthorized" },
      { clusterLabel: '{ resourceGroup: "rg", name: "aks" }', registrySuffixes: ["azurecr.io"] },
    );
    expect(toCliWording(fix)).toBe("Attach the registry to the cluster: aks-acr attach myacr -n aks -g rg, then deploy again");
  });

  it("import's options become its flags", () => {
    let error: unknown;
    try {
      planImport("nginx", { mode: "Sometimes" as "Force" }, AzurePublicCloud, "import nginx");
    } catch (caught) {
      error = caught;
    }
    expect(cliMessage(error)).toContain("Pass --force to overwrite existing tags.");
    expect(cliMessage(error)).not.toContain('mode: "Force"');
    expect(toCliWording('Push or import the image, e.g. registry("myacr").import("<source image>", { tags: ["nginx:v1"] }), or use a tag that exists.')).toBe(
      "Push or import the image, e.g. aks-acr import <source image> -r myacr --image nginx:v1, or use a tag that exists.",
    );
  });

  it("a kubeconfig conflict names --overwrite-existing and --context, flags that exist", () => {
    expect(toCliWording('Pass overwrite: true to replace it, or context: "<another name>" to add the cluster under a new name')).toBe(
      "Pass --overwrite-existing to replace it, or --context <another name> to add the cluster under a new name",
    );
  });

  it("leaves the library's error itself, and text it does not know, unchanged", () => {
    const error = new AksAcrError("NotFound", { operation: "find registry x", reason: "no such registry", fix: "Check the name (az acr list -o table)" });
    expect(cliMessage(error)).toBe(error.message);
    const library = new AksAcrError("Conflict", { operation: "import nginx", reason: "the tag exists", fix: 'Pass mode: "Force" to overwrite it' });
    expect(cliMessage(library)).toContain("Pass --force to overwrite it");
    expect(library.message).toContain('Pass mode: "Force" to overwrite it');
  });
});

describe("what the CLI prints", () => {
  beforeAll(ensureBuiltCli, BUILD_TIMEOUT_MS);

  it("a 401 pull failure's fix is the aks-acr attach command, in the message and in -o json", async () => {
    const { code, json, stderr } = await fakeJson<{ error: { message: string; fix: string } }>("deploy", "-n", "aks", "-g", "rg", "--name", "web", "--image", "myacr.azurecr.io/nginx:v1");
    expect(code).toBe(1);
    expect(json.error.fix).toBe("Attach the registry to the cluster: aks-acr attach myacr -n aks -g rg, then deploy again");
    expect(stderr).toContain("aks-acr attach myacr -n aks -g rg");
    expect(stderr).not.toContain("integration(");
  });

  it("check's fixes are commands too", async () => {
    const run = await cli("--fake", "check", "--acr", "myacr.azurecr.io", "-n", "aks", "-g", "rg", "--image", "nginx:v1");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Pull role assignment: Attach the registry: aks-acr attach myacr -n aks -g rg");
    expect(run.stdout).not.toMatch(/integration\(|\{ probe: true/);
  });
});
