/**
 * kubectl v1.32 itself attaching to the fake's canipull pod, as `az aks check-acr` runs it
 * (`kubectl run --rm -it` with az's exact --overrides) and as a person would (`kubectl attach`).
 * Skipped when kubectl is not on PATH.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";
import type { ListeningFake } from "../../fakes/index.js";

const run = promisify(execFile);
const hasKubectl = await run("kubectl", ["version", "--client"]).then(
  () => true,
  () => false,
);
if (!hasKubectl) console.warn("[attach-kubectl.test] kubectl is not on PATH: these tests are skipped.");

const IMAGE = "mcr.microsoft.com/aks/canipull:v0.1.0";
const azure = createFakeAzure();
let served: ListeningFake;
let home: string;
beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "aks-acr-attach-"));
  served = await azure.listen();
});
afterAll(async () => {
  await served.close();
  rmSync(home, { recursive: true, force: true });
});
beforeEach(async () => {
  azure.reset();
  const cluster = azure.seed.cluster({ resourceGroup: "rg", name: "aks" }) as { id: string };
  azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] });
  const token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
  const answer = await fetch(`${served.url}${cluster.id}/listClusterUserCredential?api-version=2026-04-01`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  const { kubeconfigs } = (await answer.json()) as { kubeconfigs: { value: string }[] };
  writeFileSync(join(home, "kubeconfig"), Buffer.from(kubeconfigs[0]?.value ?? "", "base64"));
});

function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run("kubectl", ["--kubeconfig", join(home, "kubeconfig"), "--cache-dir", join(home, "cache"), ...args], {
    env: { PATH: process.env["PATH"] ?? "", HOME: home },
    timeout: 30_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? "", stderr: error.stderr ?? "" }),
  );
}

/** The pod spec `az aks check-acr` 2.45 passes to kubectl run --overrides. */
function overrides(name: string, acr: string): string {
  return JSON.stringify({
    spec: {
      restartPolicy: "Never",
      hostNetwork: true,
      containers: [{ securityContext: { runAsUser: 0 }, name, image: IMAGE, args: ["-v6", acr], stdin: true, stdinOnce: true }],
      tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
      nodeSelector: { "kubernetes.io/os": "linux" },
    },
  });
}

describe.skipIf(!hasKubectl)("kubectl attach to the canipull pod", () => {
  it("kubectl run --rm -it (as az aks check-acr runs it) prints the verdict and deletes the pod", async () => {
    const kubelet = azure.state.clusters()[0]!.kubeletIdentity!.objectId;
    azure.seed.roleAssignment({ scope: azure.state.registries()[0]!.id, role: "AcrPull", principalId: kubelet });
    const result = await kubectl(["run", "--rm", "--quiet", "--image", IMAGE, "--overrides", overrides("canipull-1", "myacr.azurecr.io"), "-it", "canipull-1", "--namespace=default"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Validating image pull permission: SUCCEEDED");
    expect(result.stdout).toContain("Your cluster can pull images from myacr.azurecr.io!");
    const left = await kubectl(["get", "pods", "-o", "name"]);
    expect(left.stdout).not.toContain("canipull-1");
  });

  it("kubectl attach to a waiting canipull pod streams its FAILED verdict", async () => {
    await fetch(`${served.clusterUrl("aks")}/api/v1/namespaces/default/pods`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "canipull-2" }, ...JSON.parse(overrides("canipull-2", "myacr.azurecr.io")) }),
    });
    const result = await kubectl(["attach", "canipull-2", "-i", "--quiet"]);
    expect(result.stdout).toContain("Validating image pull permission: FAILED");
    expect(result.stdout).toContain("error status: 401");
    const phase = await kubectl(["get", "pod", "canipull-2", "-o", "jsonpath={.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}"]);
    expect(phase.stdout).toBe("Failed 60");
  });
});
