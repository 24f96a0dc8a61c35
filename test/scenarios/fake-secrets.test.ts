import { describe, expect, it } from "vitest";
import { createClusterApi } from "../../src/cluster/index.js";
import { loadKubernetesClient } from "../../src/cluster/kube.js";
import { drive, useFakeAzure } from "../cluster/harness.js";

/** The fake API server's Secrets and ServiceAccounts, as the real one serves them. */
const h = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };

async function core() {
  h.azure.seed.cluster(CLUSTER);
  const kubeConfig = await drive(createClusterApi(h.ctx, CLUSTER).credentials());
  return kubeConfig.makeApiClient((await loadKubernetesClient()).CoreV1Api);
}

const status = async (work: Promise<unknown>): Promise<{ code?: number; body?: string }> => work.then(() => ({}), (error: { code?: number; body?: string }) => error);

describe("Secrets and ServiceAccounts in the fake", () => {
  it("every namespace has a default ServiceAccount, a new one too", async () => {
    const api = await core();
    await api.createNamespace({ body: { metadata: { name: "team" } } });

    for (const namespace of ["default", "kube-system", "team"]) {
      expect((await api.readNamespacedServiceAccount({ name: "default", namespace })).metadata?.name).toBe("default");
    }
  });

  it("refuses a dockerconfigjson Secret without a readable .dockerconfigjson, never quoting its contents", async () => {
    const api = await core();
    const secretValue = Buffer.from("not json, with hunter2 inside").toString("base64");

    const missing = await status(api.createNamespacedSecret({ namespace: "default", body: { metadata: { name: "a" }, type: "kubernetes.io/dockerconfigjson", data: {} } }));
    const garbled = await status(api.createNamespacedSecret({ namespace: "default", body: { metadata: { name: "b" }, type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": secretValue } } }));

    expect(missing.code).toBe(422);
    expect(String(missing.body)).toContain("data[.dockerconfigjson]: Required value");
    expect(garbled.code).toBe(422);
    expect(String(garbled.body)).toContain("<secret contents redacted>");
    expect(String(garbled.body)).not.toContain(secretValue);
  });

  it("folds stringData into data, and a pod inherits its ServiceAccount's imagePullSecrets", async () => {
    const api = await core();
    const created = await api.createNamespacedSecret({ namespace: "default", body: { metadata: { name: "plain" }, stringData: { token: "abc" } } });
    const account = await api.readNamespacedServiceAccount({ name: "default", namespace: "default" });
    await api.replaceNamespacedServiceAccount({ name: "default", namespace: "default", body: { ...account, imagePullSecrets: [{ name: "regcred" }] } });

    const pod = await api.createNamespacedPod({ namespace: "default", body: { metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "nginx" }] } } });
    const named = await api.createNamespacedPod({ namespace: "default", body: { metadata: { name: "q" }, spec: { imagePullSecrets: [{ name: "own" }], containers: [{ name: "c", image: "nginx" }] } } });

    expect(created.data).toEqual({ token: Buffer.from("abc").toString("base64") });
    expect(created.stringData).toBeUndefined();
    expect(pod.spec?.imagePullSecrets).toEqual([{ name: "regcred" }]);
    expect(named.spec?.imagePullSecrets).toEqual([{ name: "own" }]);
  });
});
