import { describe, expect, it } from "vitest";
import { createLoopbackCertificate } from "../../fakes/index.js";
import { acrNginxYaml, kubectlMissing, seedWalkthrough, useKubectlWorld } from "./harness.js";

const certificate = await createLoopbackCertificate();
const k = useKubectlWorld(() => ({ tls: { cert: certificate.cert, key: certificate.key, ca: certificate.ca } }));

describe.skipIf(kubectlMissing)("kubectl against listen({ tls })", () => {
  it("verifies the server with the kubeconfig's certificate-authority-data and authenticates with its token", async () => {
    const { clusterId } = seedWalkthrough(k.azure, { attached: true });
    const kubeconfig = await k.useCredentials(clusterId);
    expect(kubeconfig).toContain(`certificate-authority-data: ${Buffer.from(certificate.ca).toString("base64")}`);
    expect(kubeconfig).not.toContain("insecure-skip-tls-verify");
    expect(kubeconfig).toContain(`server: ${k.served.url}/clusters/aks`);

    const applied = await k.kubectl(["apply", "-f", k.file("acr-nginx.yaml", acrNginxYaml("myacr"))]);
    expect(applied.stdout.trim()).toBe("deployment.apps/nginx0-deployment created");
    const rollout = await k.kubectl(["rollout", "status", "deployment/nginx0-deployment", "--timeout=10s"]);
    expect(rollout.stdout).toContain("successfully rolled out");
    const pods = await k.kubectl(["get", "pods", "--field-selector", "status.phase=Running", "-o", "name"]);
    expect(pods.stdout.trim().split("\n")).toHaveLength(2);
  });

  it("is refused without the cluster's token", async () => {
    const { clusterId } = seedWalkthrough(k.azure, { attached: true });
    const kubeconfig = await k.useCredentials(clusterId);
    k.file("kubeconfig", kubeconfig.replace(/token: \S+/, "token: not-the-token"));
    const refused = await k.kubectl(["get", "pods"]).catch((error: { stderr: string }) => error);
    expect("stderr" in refused ? refused.stderr : "").toMatch(/Unauthorized|provide credentials/);
  });
});
