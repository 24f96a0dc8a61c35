import { describe, expect, it } from "vitest";
import { PRIVATE_SOURCE_PASSWORD, PRIVATE_SOURCE_URI, PRIVATE_SOURCE_USERNAME } from "../../fakes/world/catalogue.js";
import { createClusterApi } from "../../src/cluster/index.js";
import { hasErrorCode } from "../../src/errors.js";
import { drive, rejection, sentMatching, useFakeAzure } from "../cluster/harness.js";

/** A registry outside Azure (private.example.com in the fake) takes a login from an image pull secret, 401 without one. */
const h = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };
const IMAGE = `${PRIVATE_SOURCE_URI}/team/app:1.0`;
const login = { server: PRIVATE_SOURCE_URI, username: PRIVATE_SOURCE_USERNAME, password: PRIVATE_SOURCE_PASSWORD };

function cluster() {
  h.azure.seed.cluster(CLUSTER);
  return createClusterApi(h.ctx, CLUSTER);
}

describe("a Deployment of an image on a private registry outside Azure", () => {
  it("fails with the registry's 401 until the pull secret exists, then runs: the kubelet reads the secret at each retry", async () => {
    const aks = cluster();
    const kubeConfig = await drive(aks.credentials());
    const spec = { name: "app", image: IMAGE, replicas: 2, imagePullSecrets: ["regcred"] };

    const before = await rejection(aks.deploy(spec, { kubeConfig }));

    expect(hasErrorCode(before, "ImagePullFailed")).toBe(true);
    expect(before.message).toContain("401 Unauthorized");

    const created = await drive(aks.pullSecret({ name: "regcred", ...login }, { kubeConfig }));
    expect(created).toMatchObject({ name: "regcred", namespace: "default", server: PRIVATE_SOURCE_URI, secret: "created" });

    const after = await drive(aks.deploy(spec, { kubeConfig }));

    expect(after.deployment.readyReplicas).toBe(2);
    expect(after.pods.every((p) => p.phase === "Running")).toBe(true);
  });

  it("does not run with a wrong password", async () => {
    const aks = cluster();
    const kubeConfig = await drive(aks.credentials());
    await drive(aks.pullSecret({ name: "regcred", ...login, password: "not-the-password" }, { kubeConfig }));

    const error = await rejection(aks.deploy({ name: "app", image: IMAGE, imagePullSecrets: ["regcred"] }, { kubeConfig }));

    expect(error.message).toContain("401 Unauthorized");
  });

  it("added to the namespace's default ServiceAccount, it serves pods that name no pull secret", async () => {
    const aks = cluster();
    const kubeConfig = await drive(aks.credentials());

    const result = await drive(aks.pullSecret({ name: "regcred", ...login, addToDefaultServiceAccount: true }, { kubeConfig }));
    const deployed = await drive(aks.deploy({ name: "app", image: IMAGE }, { kubeConfig }));

    expect(result.serviceAccount).toBe("added");
    expect(result.summary).toMatch(/added it to ServiceAccount default\/default/);
    expect(deployed.pods.map((p) => p.phase)).toEqual(["Running"]);
  });

  it("is idempotent: a re-run with the same login writes nothing; a new password replaces the Secret", async () => {
    const aks = cluster();
    const kubeConfig = await drive(aks.credentials());
    await drive(aks.pullSecret({ name: "regcred", ...login, addToDefaultServiceAccount: true }, { kubeConfig }));
    h.sent.length = 0;

    const again = await drive(aks.pullSecret({ name: "regcred", ...login, addToDefaultServiceAccount: true }, { kubeConfig }));

    expect(again).toMatchObject({ secret: "unchanged", serviceAccount: "unchanged" });
    expect(h.sent.every((line) => line.startsWith("GET "))).toBe(true);

    const rotated = await drive(aks.pullSecret({ name: "regcred", ...login, password: "rotated" }, { kubeConfig }));
    expect(rotated.secret).toBe("replaced");
    expect(sentMatching(h, /^PUT \/api\/v1\/namespaces\/default\/secrets\/regcred$/)).toHaveLength(1);
  });

  it("rejects bad input before any request, without quoting the password", async () => {
    const aks = cluster();
    h.sent.length = 0;

    for (const bad of [{ name: "Reg_Cred" }, { server: "https://private.example.com/v2" }, { username: "a:b" }, { password: "" }]) {
      const error = await rejection(aks.pullSecret({ name: "regcred", ...login, ...bad }));
      expect(hasErrorCode(error, "InvalidInput")).toBe(true);
      expect(error.message).not.toContain(PRIVATE_SOURCE_PASSWORD);
    }
    expect(h.sent).toEqual([]);
  });
});
