import { execFile, spawn, type ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createFakeAzure, type FakeAzure, type ListenOptions, type ListeningFake } from "../../fakes/index.js";

/**
 * The real kubectl against one fake Azure served by listen() on 127.0.0.1 for the whole file, with
 * the kubeconfig exactly as listClusterUserCredential returns it, in a home of its own (never the
 * user's ~/.kube). Tests skip when kubectl is not installed.
 */

const run = promisify(execFile);

export const kubectlMissing = await run("kubectl", ["version", "--client"]).then(
  () => false,
  () => true,
);
if (kubectlMissing) console.warn("[kubectl tests] kubectl is not on PATH: the tests driving the real kubectl are skipped. Install kubectl (v1.32) to run them.");


export interface KubectlWorld {
  readonly azure: FakeAzure;
  readonly served: ListeningFake;
  readonly home: string;
  /** Moves the fake's clock forward. */
  advance(ms: number): void;
  /** Fetches the user kubeconfig of a cluster over ARM and makes it kubectl's. */
  useCredentials(clusterId: string): Promise<string>;
  /** Runs kubectl to completion; rejects (with its stderr) on a non-zero exit. */
  kubectl(args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** Starts a long-running kubectl (`get -w`), collecting its output. */
  spawnKubectl(args: string[]): { child: ChildProcess; output: () => string };
  /** Writes a file in the test home and returns its path. */
  file(name: string, text: string): string;
}

export function useKubectlWorld(listenOptions: () => Promise<ListenOptions> | ListenOptions = () => ({})): KubectlWorld {
  const azure = createFakeAzure();
  let served: ListeningFake | undefined;
  let trusted: string | undefined;
  // kubectl computes some ages itself (describe's events), so the fake's clock starts at the real
  // time; it then stands still but for `advance`.
  let now = Date.now();
  const home = mkdtempSync(join(tmpdir(), "aks-acr-kubectl-"));
  const kubeconfig = join(home, "kubeconfig");
  const env = (): NodeJS.ProcessEnv => ({ PATH: process.env["PATH"] ?? "", HOME: home, KUBECONFIG: kubeconfig });
  const base = ["--cache-dir", join(home, "cache"), "--request-timeout=10s"];

  beforeAll(async () => {
    const options = await listenOptions();
    trusted = options.tls?.ca ? String(options.tls.ca) : undefined;
    served = await azure.listen({ port: 0, ...options });
  });
  afterAll(async () => {
    await served?.close();
    rmSync(home, { recursive: true, force: true });
  });
  beforeEach(() => {
    azure.reset();
    now = Date.now();
    azure.world.now = () => now;
    writeFileSync(kubeconfig, "");
  });

  return {
    azure,
    get served() {
      if (!served) throw new Error("listen() has not started yet");
      return served;
    },
    home,
    advance: (ms) => void (now += ms),
    async useCredentials(clusterId) {
      const token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
      const body = await post(`${this.served.url}${clusterId}/listClusterUserCredential?api-version=2026-04-01`, token, trusted);
      const { kubeconfigs } = JSON.parse(body) as { kubeconfigs: { value: string }[] };
      const yaml = Buffer.from(kubeconfigs[0]?.value ?? "", "base64").toString("utf8");
      writeFileSync(kubeconfig, yaml);
      return yaml;
    },
    kubectl: (args) => run("kubectl", [...base, ...args], { env: env(), timeout: 15_000 }),
    spawnKubectl(args) {
      const child = spawn("kubectl", [...base, ...args], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => void (output += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => void (output += chunk.toString("utf8")));
      return { child, output: () => output };
    },
    file(name, text) {
      const path = join(home, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

/** POSTs to the served fake as ARM's caller, trusting `ca` over https. */
function post(url: string, token: string, ca: string | undefined): Promise<string> {
  const request = url.startsWith("https:") ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-length": "0" }, ...(ca ? { ca } : {}) }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => void (text += chunk.toString("utf8")));
      res.on("end", () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`POST ${url} answered ${String(res.statusCode)}: ${text}`))));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Resolves once `check()` holds, polling every 20 ms of real time; fails after `timeoutMs`. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The seed's acr-nginx.yaml: a Deployment of two replicas of `<acr>.azurecr.io/nginx:v1`. */
export function acrNginxYaml(acr: string, name = "nginx0-deployment"): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: nginx
        image: ${acr}.azurecr.io/nginx:v1
        ports:
        - containerPort: 80
`;
}

/** A cluster and a registry holding nginx:v1; `attached` grants the kubelet identity AcrPull. */
export function seedWalkthrough(azure: FakeAzure, { attached }: { attached: boolean }): { clusterId: string } {
  const cluster = azure.seed.cluster({ resourceGroup: "rg", name: "aks" }) as { id: string; properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
  const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] }) as { id: string };
  if (attached) azure.seed.roleAssignment({ scope: registry.id, role: "AcrPull", principalId: cluster.properties.identityProfile.kubeletidentity.objectId });
  return { clusterId: cluster.id };
}
