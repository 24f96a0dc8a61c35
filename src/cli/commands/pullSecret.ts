import type { Command } from "commander";
import type { KubeConfig } from "@kubernetes/client-node";
import { AksAcrError } from "../../errors.js";
import type { PullSecretResult } from "../../cluster/pullSecret.js";
import { plainHttpKubeConfig } from "../endpoint.js";
import { clusterOption, clusterRef, resourceGroupOption, type ClusterFlags } from "../refs.js";
import type { Runner } from "../runner.js";
import { formatFields } from "../table.js";

/** Where the password comes from: never a flag, which would show in `ps` and in shell history. */
export const PASSWORD_ENV = "AKS_ACR_REGISTRY_PASSWORD";

/** pull-secret: `kubectl create secret docker-registry`, idempotent, for registries outside Azure. */
export function registerPullSecretCommand(program: Command, runner: Runner): void {
  program
    .command("pull-secret")
    .summary("create or replace an image pull secret for a registry outside Azure (kubectl create secret docker-registry)")
    .description(
      `Creates (or replaces, when the login changed) a kubernetes.io/dockerconfigjson Secret that logs in to <server>, and with --default-service-account adds it to the namespace's default ServiceAccount. The password is read from ${PASSWORD_ENV} or, with --password-stdin, from standard input; it is never printed.`,
    )
    .argument("<server>", "the registry host as images name it, e.g. private.example.com")
    .addOption(clusterOption())
    .addOption(resourceGroupOption())
    .requiredOption("--secret <name>", "name of the Secret, as pods name it in imagePullSecrets")
    .requiredOption("--username <user>", "the registry user name")
    .option("--password-stdin", "read the password from standard input")
    .option("--namespace <namespace>", "namespace of the Secret", "default")
    .option("--default-service-account", "also add the Secret to the namespace's default ServiceAccount")
    .action((server: string, flags: ClusterFlags & { secret: string; username: string; passwordStdin?: boolean; namespace: string; defaultServiceAccount?: boolean }, command: Command) =>
      runner.run(command, async (session) => {
        const cluster = session.client.cluster(clusterRef(flags));
        const password = flags.passwordStdin ? await readStdin() : (process.env[PASSWORD_ENV] ?? "");
        if (password === "") {
          throw new AksAcrError("InvalidInput", {
            operation: "read the command line",
            scope: "password",
            reason: `no password was given: ${PASSWORD_ENV} is empty and --password-stdin was not passed`,
            fix: `Set ${PASSWORD_ENV}, or pipe the password into --password-stdin`,
          });
        }
        const kubeConfig = session.globals.endpoint ? await endpointKubeConfig(await cluster.credentials(), session.globals.endpoint) : undefined;
        const spec = { name: flags.secret, server, username: flags.username, password, namespace: flags.namespace, addToDefaultServiceAccount: flags.defaultServiceAccount === true };
        const result = await cluster.pullSecret(spec, kubeConfig ? { kubeConfig } : {});
        await session.result(result, () => pullSecretTable(result));
      }),
    );
}

function pullSecretTable(r: PullSecretResult): string {
  return `${r.summary}\n\n${formatFields([
    ["Secret", `${r.namespace}/${r.name}`],
    ["Server", r.server],
    ["Username", r.username],
    ["Secret change", r.secret],
    ["ServiceAccount", r.serviceAccount],
  ])}`;
}

/** The cluster's credentials from the endpoint, in memory only, made usable over its plain HTTP. */
function endpointKubeConfig(kubeConfig: KubeConfig, endpoint: string): KubeConfig {
  return plainHttpKubeConfig(kubeConfig, endpoint, (clusters) =>
    kubeConfig.loadFromOptions({ clusters, users: kubeConfig.users, contexts: kubeConfig.contexts, currentContext: kubeConfig.currentContext }),
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}
