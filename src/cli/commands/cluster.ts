import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import type { Command } from "commander";
import type { CreateClusterResult, DeployResult } from "../../cluster/types.js";
import { formatPods } from "../podsTable.js";
import { clusterOption, clusterRef, resourceGroupOption, wholeNumber, type ClusterFlags } from "../refs.js";
import type { Runner } from "../runner.js";
import { formatFields } from "../table.js";

/** cluster create, credentials, deploy: `az aks create`, `az aks get-credentials`, `kubectl apply`. */
export function registerClusterCommands(program: Command, runner: Runner): void {
  const cluster = program.command("cluster").summary("cluster commands").description("Cluster commands: create.");
  cluster
    .command("create")
    .summary("create an AKS cluster (az aks create [--attach-acr])")
    .description("Like az aks create [--attach-acr]: creates a managed-identity AKS cluster, waits until it is ready, then attaches each --attach registry to its kubelet identity.")
    .argument("<name>", "cluster name")
    .requiredOption("-g, --resource-group <group>", "resource group to create it in")
    .requiredOption("-l, --location <region>", "Azure region, e.g. westeurope")
    .option("--attach <registries...>", "registries the cluster may pull from: names, login servers or ARM ids")
    .option("--node-count <n>", "nodes in the system pool (default 3, as az)", wholeNumber(1))
    .action((name: string, flags: { resourceGroup: string; location: string; attach?: string[]; nodeCount?: number }, command: Command) =>
      runner.run(command, async (session) => {
        const options = { location: flags.location, ...(flags.attach && { attach: flags.attach }), ...(flags.nodeCount && { nodeCount: flags.nodeCount }) };
        const result = await session.progress.step(`Create cluster ${name}`, (onProgress) =>
          session.client.cluster({ resourceGroup: flags.resourceGroup, name }).create({ ...options, onProgress }),
        );
        session.result(result, () => clusterTable(result));
      }),
    );

  program
    .command("credentials")
    .summary("get a cluster's kubeconfig (az aks get-credentials)")
    .description("Like az aks get-credentials: fetches the cluster's kubeconfig and merges it into --file, like az aks get-credentials. With --file - it is printed instead: it holds a credential, so keep it private.")
    .addOption(clusterOption())
    .addOption(resourceGroupOption())
    .option("-f, --file <path>", "kubeconfig file to merge into, or - to print it (default: the first path in KUBECONFIG, else ~/.kube/config)")
    .option("--admin", "get the cluster-admin credential")
    .option("--overwrite", "replace entries of the same name that differ")
    .action((flags: ClusterFlags & { file?: string; admin?: boolean; overwrite?: boolean }, command: Command) =>
      runner.run(command, async (session) => {
        const api = session.client.cluster(clusterRef(flags));
        const file = flags.file ?? defaultKubeconfigPath();
        const toStdout = file === "-";
        const kubeConfig = await api.credentials({ admin: flags.admin === true, overwrite: flags.overwrite === true, ...(!toStdout && { file }) });
        if (toStdout) {
          const { dumpYaml } = await import("@kubernetes/client-node");
          const document: unknown = JSON.parse(kubeConfig.exportConfig());
          session.result(document, () => dumpYaml(document).trimEnd());
          return;
        }
        const context = kubeConfig.getCurrentContext();
        session.result({ file, context, server: kubeConfig.getCurrentCluster()?.server }, () => `Merged "${context}" as current context in ${file}`);
      }),
    );

  program
    .command("deploy")
    .summary("run an image on a cluster and wait for its pods (kubectl apply)")
    .description("Like kubectl apply, then kubectl rollout status: applies a Deployment of one container, then waits until its pods are Ready; stops early with the kubelet's message when a pod cannot pull its image.")
    .addOption(clusterOption())
    .addOption(resourceGroupOption())
    .requiredOption("--name <name>", "deployment name")
    .requiredOption("--image <image>", "image to run, e.g. myacr.azurecr.io/nginx:v1")
    .option("--replicas <n>", "pods to run", wholeNumber(0), 1)
    .option("--port <port>", "container port to declare", wholeNumber(1))
    .option("--namespace <namespace>", "namespace", "default")
    .option("--timeout <seconds>", "how long to wait for the pods", wholeNumber(1), 300)
    .action((flags: ClusterFlags & { name: string; image: string; replicas: number; port?: number; namespace: string; timeout: number }, command: Command) =>
      runner.run(command, async (session) => {
        const spec = { name: flags.name, image: flags.image, replicas: flags.replicas, namespace: flags.namespace, ...(flags.port && { port: flags.port }) };
        const result = await session.progress.step(`Deploy ${flags.name}`, (onProgress) =>
          session.client.cluster(clusterRef(flags)).deploy(spec, { timeoutMs: flags.timeout * 1000, onProgress }),
        );
        session.result(result, () => deployTable(result));
      }),
    );
}

/** Where kubectl reads its configuration: the first path in KUBECONFIG, else ~/.kube/config. */
function defaultKubeconfigPath(): string {
  const first = process.env["KUBECONFIG"]?.split(delimiter).find((p) => p !== "");
  return first ?? join(homedir(), ".kube", "config");
}

function clusterTable(r: CreateClusterResult): string {
  const c = r.cluster;
  const attached = r.attached.map((a) => `${a.registry.name} (${a.role.name})`).join(", ");
  return `${r.created ? "Created" : "Found existing"} cluster ${c.name}.\n\n${formatFields([
    ["Location", c.location],
    ["State", c.provisioningState],
    ["Kubernetes", c.kubernetesVersion],
    ["Nodes", c.nodeCount],
    ["FQDN", c.fqdn],
    ["Kubelet identity", c.kubeletIdentity?.objectId],
    ["Attached", attached],
    ["Id", c.id],
  ])}`;
}

function deployTable(r: DeployResult): string {
  const d = r.deployment;
  return `deployment ${d.namespace}/${d.name}: ${d.readyReplicas}/${d.replicas} ready\n\n${formatPods(r.pods)}`;
}
