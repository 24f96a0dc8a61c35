import { describe, expect, it } from "vitest";
import { acrNginxYaml, kubectlMissing, seedWalkthrough, useKubectlWorld } from "./harness.js";

const k = useKubectlWorld();

describe.skipIf(kubectlMissing)("the seed's kubectl commands, unchanged, against listen()", () => {
  it("apply -f acr-nginx.yaml validates against the served OpenAPI and get pods shows two pods Running", async () => {
    const { clusterId } = seedWalkthrough(k.azure, { attached: true });
    const kubeconfig = await k.useCredentials(clusterId);
    expect(kubeconfig).not.toMatch(/client-(certificate|key)-data/);
    const file = k.file("acr-nginx.yaml", acrNginxYaml("myacr"));

    const applied = await k.kubectl(["apply", "-f", file]);
    expect(applied.stdout.trim()).toBe("deployment.apps/nginx0-deployment created");
    const again = await k.kubectl(["apply", "-f", file]);
    expect(again.stdout.trim()).toBe("deployment.apps/nginx0-deployment unchanged");

    const pods = await k.kubectl(["get", "pods"]);
    const [header, ...rows] = pods.stdout.trim().split("\n");
    expect(header).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/^nginx0-deployment-\w{10}-\w{5}\s+1\/1\s+Running\s+0\s+0s$/);
  });

  it("apply refuses an unknown field as the API server's strict field validation does", async () => {
    const { clusterId } = seedWalkthrough(k.azure, { attached: true });
    await k.useCredentials(clusterId);
    const file = k.file("typo.yaml", acrNginxYaml("myacr").replace("  replicas: 2", "  replicas: 2\n  replicaz: 3"));
    const failed = await k.kubectl(["apply", "-f", file]).catch((error: { stderr: string }) => error);
    expect("stderr" in failed ? failed.stderr : "").toMatch(/unknown field "spec.replicaz"/);
  });

  it("answers a bad object name and bad labels with the API server's 422 Invalid, naming every field", async () => {
    const { clusterId } = seedWalkthrough(k.azure, { attached: true });
    await k.useCredentials(clusterId);
    const badName = k.file("bad-name.yaml", acrNginxYaml("myacr", "Nginx_Deployment"));
    const named = await k.kubectl(["apply", "-f", badName]).catch((error: { stderr: string }) => error);
    expect("stderr" in named ? named.stderr : "").toContain(
      `The Deployment "Nginx_Deployment" is invalid: metadata.name: Invalid value: "Nginx_Deployment": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
    );
    const badLabels = k.file("bad-labels.yaml", acrNginxYaml("myacr").replace(/app: nginx0-deployment/g, "app: bad value!"));
    const labelled = await k.kubectl(["apply", "-f", badLabels]).catch((error: { stderr: string }) => error);
    const stderr = "stderr" in labelled ? labelled.stderr : "";
    expect(stderr).toContain('* spec.selector.matchLabels: Invalid value: "bad value!": a valid label must be an empty string or consist of alphanumeric characters');
    expect(stderr).toContain('* spec.template.metadata.labels: Invalid value: "bad value!"');
    const selector = await k.kubectl(["get", "pods", "-l", "app=bad!value"]).catch((error: { stderr: string }) => error);
    expect("stderr" in selector ? selector.stderr : "").toContain('unable to parse requirement: values[0][app]: Invalid value: "bad!value"');
  });
});
