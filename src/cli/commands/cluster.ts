import { mkdtempSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { Option, type Command } from "commander";
import type { KubeConfig } from "@kubernetes/client-node";
import type { ClusterApi } from "../../cluster/index.js";
import { desiredDeployment } from "../../cluster/deploymentSpec.js";
import type { CreateClusterResult, DeployResult } from "../../cluster/types.js";
import { plainHttpKubeConfig } from "../endpoint.js";
import { validateClusterName } from "../../ids.js";
import { formatPods } from "../podsTable.js";
import { clusterNameAlias, clusterOption, clusterRef, imageReference, location, oneOf, registryRef, resourceGroupName, resourceGroupOption, wholeNumber, type ClusterFlags } from "../refs.js";
import type { Runner } from "../runner.js";
import type { Target } from "../session.js";
import { formatFields } from "../table.js";

/** cluster create, credentials, deploy: `az aks create`, `az aks get-credentials`, `kubectl apply`. */
export function registerClusterCommands(program: Command, runner: Runner): void {
  const cluster = program.command("cluster").summary("cluster commands").description("Cluster commands: create.");
  cluster
    .command("create")
    .summary("create an AKS cluster (az aks create [--attach-acr])")
    .description("Like az aks create [--attach-acr]: creates a managed-identity AKS cluster, waits until it is ready, then attaches each --attach registry to its kubelet identity.")
    .argument("[name]", "cluster name")
    .addOption(new Option("-n, --name <name>", "cluster name (az aks create's spelling)").hideHelp())
    .requiredOption("-g, --resource-group <group>", "resource group to create it in")
    .requiredOption("-l, --location <region>", "Azure region, e.g. westeurope")
    .option("--attach <registries...>", "registries the cluster may pull from: names, login servers or ARM ids")
    .option("--attach-acr <registry>", "a registry to attach, as az aks create --attach-acr takes it (repeatable)", (value: string, all: string[] = []) => [...all, value])
    .option("--node-count <n>", "nodes in the system pool (default 3, as az)", wholeNumber(1, 1000))
    .action((positional: string | undefined, flags: { name?: string; resourceGroup: string; location: string; attach?: string[]; attachAcr?: string[]; nodeCount?: number }, command: Command) =>
      runner.run(command, async (session) => {
        const name = validateClusterName(oneOf("the cluster name", [["<name>", positional], ["--name", flags.name]], "Name the cluster: aks-acr cluster create <name> -g <group> -l <region>"));
        resourceGroupName(flags.resourceGroup);
        location(flags.location);
        const attach = [...(flags.attach ?? []), ...(flags.attachAcr ?? [])].map((registry) => registryRef([["--attach-acr", registry]], "Pass --attach-acr <registry>"));
        const options = { location: flags.location, ...(attach.length > 0 && { attach }), ...(flags.nodeCount && { nodeCount: flags.nodeCount }) };
        const result = await session.progress.step(`Create cluster ${name}`, (onProgress) =>
          session.client.cluster({ resourceGroup: flags.resourceGroup, name }).create({ ...options, onProgress }),
        );
        await session.result(result, () => clusterTable(result));
      }),
    );

  program
    .command("credentials")
    .summary("get a cluster's kubeconfig (az aks get-credentials)")
    .description(
      "Like az aks get-credentials: fetches the cluster's kubeconfig and merges it into --file. With --file - it is printed instead: it holds a credential, so keep it private. " +
        "Against a fake (--fake, --endpoint) it is written to a new temporary directory unless --file is given, so your own kubeconfig is never touched.",
    )
    .addOption(clusterOption())
    .addOption(clusterNameAlias())
    .addOption(resourceGroupOption())
    .option("-f, --file <path>", "kubeconfig file to merge into, or - to print it (default: the first path in KUBECONFIG, else ~/.kube/config)")
    .option("-a, --admin", "get the cluster-admin credential")
    .option("--overwrite-existing", "replace entries of the same name that differ")
    .addOption(new Option("--overwrite", "replace entries of the same name that differ").hideHelp())
    .option("--context <name>", "name of the context (and cluster entry) to write, instead of the cluster's name")
    .action((flags: ClusterFlags & { file?: string; admin?: boolean; overwrite?: boolean; overwriteExisting?: boolean; context?: string }, command: Command) =>
      runner.run(command, async (session) => {
        const api = session.client.cluster(clusterRef(flags));
        const file = flags.file ?? defaultKubeconfigPath(session.target);
        const toStdout = file === "-";
        const overwrite = flags.overwrite === true || flags.overwriteExisting === true;
        const kubeConfig = await api.credentials({ admin: flags.admin === true, overwrite, ...(flags.context && { context: flags.context }), ...(!toStdout && { file }) });
        if (toStdout) {
          const { dumpYaml } = await import("@kubernetes/client-node");
          const document: unknown = JSON.parse(kubeConfig.exportConfig());
          await session.result(document, () => dumpYaml(document).trimEnd());
          return;
        }
        const context = kubeConfig.getCurrentContext();
        await session.result({ file, context, server: kubeConfig.getCurrentCluster()?.server }, () => `Merged "${context}" as current context in ${file}`);
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
    .option("--port <port>", "container port to declare", wholeNumber(1, 65535))
    .option("--namespace <namespace>", "namespace", "default")
    .option("--timeout <seconds>", "how long to wait for the pods", wholeNumber(1), 300)
    .action((flags: ClusterFlags & { name: string; image: string; replicas: number; port?: number; namespace: string; timeout: number }, command: Command) =>
      runner.run(command, async (session) => {
        // Here --name is the deployment's, as in kubectl; the cluster is -n.
        const cluster = clusterRef({ resourceGroup: flags.resourceGroup, ...(flags.cluster !== undefined && { cluster: flags.cluster }) });
        const spec = { name: flags.name, image: imageReference(flags.image), replicas: flags.replicas, namespace: flags.namespace, ...(flags.port && { port: flags.port }) };
        desiredDeployment(spec, `deploy ${flags.name}`);
        const kubeConfig = session.globals.endpoint ? await endpointKubeConfig(session.client.cluster(cluster), session.globals.endpoint) : undefined;
        const result = await session.progress.step(`Deploy ${flags.name}`, (onProgress) =>
          session.client.cluster(cluster).deploy(spec, { timeoutMs: flags.timeout * 1000, onProgress, ...(kubeConfig && { kubeConfig }) }),
        );
        await session.result(result, () => deployTable(result));
      }),
    );
}

/** The cluster's credentials from the endpoint, in memory only, made usable over its plain HTTP. */
async function endpointKubeConfig(api: ClusterApi, endpoint: string): Promise<KubeConfig> {
  const kubeConfig = await api.credentials();
  return plainHttpKubeConfig(kubeConfig, endpoint, (clusters) =>
    kubeConfig.loadFromOptions({ clusters, users: kubeConfig.users, contexts: kubeConfig.contexts, currentContext: kubeConfig.currentContext }),
  );
}

/**
 * Where kubectl reads its configuration: the first path in KUBECONFIG, else ~/.kube/config. A fake
 * cluster's credentials go to a new temporary directory instead: they must never land in (or
 * switch the context of) the user's own kubeconfig.
 */
function defaultKubeconfigPath(target: Target): string {
  if (target !== "azure") return join(mkdtempSync(join(tmpdir(), "aks-acr-fake-kube-")), "config");
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
