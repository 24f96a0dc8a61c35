import { describe, expect, it } from "vitest";
import { acrNginxYaml, eventually, kubectlMissing, seedWalkthrough, useKubectlWorld } from "./harness.js";

const k = useKubectlWorld();

async function deployed(attached: boolean): Promise<void> {
  const { clusterId } = seedWalkthrough(k.azure, { attached });
  await k.useCredentials(clusterId);
  await k.kubectl(["apply", "-f", k.file("acr-nginx.yaml", acrNginxYaml("myacr"))]);
}

const rowsOf = (stdout: string): string[] => stdout.trim().split("\n").slice(1);

describe.skipIf(kubectlMissing)("kubectl on a running Deployment", () => {
  it("rollout status, scale, logs and field selectors", async () => {
    await deployed(true);
    const rollout = await k.kubectl(["rollout", "status", "deployment/nginx0-deployment", "--timeout=10s"]);
    expect(rollout.stdout.trim()).toBe('deployment "nginx0-deployment" successfully rolled out');

    const scaled = await k.kubectl(["scale", "deployment/nginx0-deployment", "--replicas=3"]);
    expect(scaled.stdout.trim()).toBe("deployment.apps/nginx0-deployment scaled");
    const deploy = await k.kubectl(["get", "deploy"]);
    expect(deploy.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nnginx0-deployment\s+3\/3\s+3\s+3\s+0s\n$/);

    const running = await k.kubectl(["get", "pods", "--field-selector", "status.phase=Running"]);
    expect(rowsOf(running.stdout)).toHaveLength(3);
    const pending = await k.kubectl(["get", "pods", "--field-selector", "status.phase=Pending"]);
    expect(pending.stderr).toContain("No resources found in default namespace.");
    const pod = rowsOf(running.stdout)[0]?.split(/\s+/)[0] ?? "";
    const byName = await k.kubectl(["get", "pods", "--field-selector", `metadata.name=${pod},spec.nodeName!=elsewhere`]);
    expect(rowsOf(byName.stdout).map((row) => row.split(/\s+/)[0])).toEqual([pod]);

    const logs = await k.kubectl(["logs", pod, "--tail=2"]);
    expect(logs.stdout).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: start worker process \d+\n.*start worker process \d+\n$/);
    const all = await k.kubectl(["logs", pod]);
    expect(all.stdout.split("\n")[0]).toBe("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration");

    const followed = k.spawnKubectl(["logs", "-f", pod, "--tail=1"]);
    const exited = new Promise<number | null>((resolve) => followed.child.once("exit", resolve));
    try {
      await eventually(() => followed.output().includes("start worker process"), "the followed log line");
      expect(followed.child.exitCode).toBeNull();
      await k.kubectl(["delete", "pod", pod, "--wait=false"]);
      expect(await exited).toBe(0);
    } finally {
      followed.child.kill();
    }
  });

  it("get pod NAME and -o wide print the API server's columns", async () => {
    await deployed(true);
    k.advance(150_000);
    const names = rowsOf((await k.kubectl(["get", "pods"])).stdout).map((row) => row.split(/\s+/)[0] ?? "");
    const one = await k.kubectl(["get", "pod", names[0] ?? ""]);
    expect(one.stdout).toMatch(new RegExp(`^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\n${names[0]}\\s+1/1\\s+Running\\s+0\\s+2m30s\\n$`));
    const wide = await k.kubectl(["get", "pods", "-o", "wide"]);
    const [header, row] = wide.stdout.trim().split("\n");
    expect(header).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(row).toMatch(/\s10\.244\.0\.\d+\s+aks-nodepool1-\d+-vmss000000\s+<none>\s+<none>$/);
  });

  it("get pods -w streams the pods a scale-up adds", async () => {
    await deployed(true);
    const watch = k.spawnKubectl(["get", "pods", "-w", "--request-timeout=8s"]);
    try {
      await eventually(() => watch.output().trim().split("\n").length >= 3, "the two pods of the first list");
      await k.kubectl(["scale", "deployment/nginx0-deployment", "--replicas=3"]);
      await eventually(() => watch.output().trim().split("\n").filter((line) => /Running/.test(line)).length >= 3, "the third pod from the watch");
      const lines = watch.output().trim().split("\n");
      expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
      expect(lines.filter((line) => line.startsWith("NAME"))).toHaveLength(1);
    } finally {
      watch.child.kill();
    }
  });
});

describe.skipIf(kubectlMissing)("kubectl on a Deployment whose registry is not attached", () => {
  it("describe pod shows the 401 Failed pull event and get events lists the kubelet's events", async () => {
    await deployed(false);
    k.advance(30_000);
    const pods = await k.kubectl(["get", "pods"]);
    const [first] = rowsOf(pods.stdout);
    expect(first).toMatch(/\s0\/1\s+ImagePullBackOff\s+0\s+30s$/);
    const pod = first?.split(/\s+/)[0] ?? "";

    const described = await k.kubectl(["describe", "pod", pod]);
    expect(described.stdout).toMatch(/Reason:\s+ImagePullBackOff/);
    expect(described.stdout).toMatch(new RegExp(`Normal\\s+Scheduled\\s+\\S+\\s+default-scheduler\\s+Successfully assigned default/${pod} to aks-nodepool1-`));
    expect(described.stdout).toMatch(/Warning\s+Failed\s+.+?\s+kubelet\s+Failed to pull image "myacr.azurecr.io\/nginx:v1": .*401 Unauthorized/);
    expect(described.stdout).toMatch(/Normal\s+BackOff\s+.+?\s+kubelet\s+Back-off pulling image "myacr.azurecr.io\/nginx:v1"/);

    const events = await k.kubectl(["get", "events"]);
    const [header, ...rows] = events.stdout.trim().split("\n");
    expect(header).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(rows.some((row) => /Normal\s+ScalingReplicaSet\s+deployment\/nginx0-deployment\s+Scaled up replica set nginx0-deployment-\w+ from 0 to 2/.test(row))).toBe(true);
    expect(rows.some((row) => new RegExp(`Warning\\s+Failed\\s+pod/${pod}\\s+Error: ErrImagePull`).test(row))).toBe(true);
    const warnings = await k.kubectl(["get", "events", "--field-selector", `type=Warning,involvedObject.name=${pod}`]);
    expect(rowsOf(warnings.stdout).every((row) => /Warning/.test(row))).toBe(true);
  });

  it("rollout status waits, then reports the rollout once the registry is attached", async () => {
    await deployed(false);
    const rollout = k.spawnKubectl(["rollout", "status", "deployment/nginx0-deployment", "--timeout=8s"]);
    try {
      await eventually(() => /Waiting for deployment "nginx0-deployment" rollout to finish: 0 of 2 updated replicas are available/.test(rollout.output()), "rollout status to wait");
      const cluster = [...k.azure.world.clusters.values()][0];
      const registry = [...k.azure.world.registries.values()][0];
      k.azure.seed.roleAssignment({ scope: registry?.id ?? "", role: "AcrPull", principalId: cluster?.kubeletIdentity?.objectId ?? "" });
      k.advance(10_000);
      await eventually(() => /successfully rolled out/.test(rollout.output()), "the rollout to finish");
    } finally {
      rollout.child.kill();
    }
  });
});
