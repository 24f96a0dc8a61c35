import type { Command } from "commander";
import type { AttachToClustersResult } from "../../fleet/attachToClusters.js";
import { EXIT } from "../exitCodes.js";
import { registryRef } from "../refs.js";
import type { Runner } from "../runner.js";
import { formatTable } from "../table.js";

/** fleet attach: one registry to many clusters, paced to ARM's rate limits. */
export function registerFleetCommands(program: Command, runner: Runner): void {
  const fleet = program.command("fleet").summary("commands over many clusters").description("Commands over many clusters at once: attach.");
  fleet
    .command("attach")
    .summary("let every cluster of a resource group, a subscription or a list pull from a registry")
    .description(
      "Attaches one registry to many clusters: those given with --cluster (ARM ids), else those of -g <group>, else of --in-subscription, else every cluster the credential can read (one Resource Graph query). Requests are paced to ARM's rate limits; a cluster that fails does not stop the others. Exits 1 when any cluster failed.",
    )
    .argument("<registry>", "the registry: its name, login server (myacr.azurecr.io) or ARM resource id")
    .option("--cluster <ids...>", "clusters by ARM resource id, instead of a query")
    .option("-g, --resource-group <group>", "only the clusters of this resource group")
    .option("--in-subscription <id>", "only the clusters of this subscription")
    .option("--role <role>", "role to grant instead: a built-in name, a role definition GUID or id")
    .option("--dry-run", "read and plan only; write no role assignment")
    .action((positional: string, flags: { cluster?: string[]; resourceGroup?: string; inSubscription?: string; role?: string; dryRun?: boolean }, command: Command) =>
      runner.run(command, async (session) => {
        const registry = registryRef([["<registry>", positional]], "Name the registry: aks-acr fleet attach <registry> [-g <group>]");
        const clusters = flags.cluster ?? {
          ...(flags.resourceGroup && { resourceGroup: flags.resourceGroup }),
          ...(flags.inSubscription && { subscriptionId: flags.inSubscription }),
        };
        const options = { dryRun: flags.dryRun === true, ...(flags.role && { role: flags.role }) };
        const result = await session.progress.step(`Attach ${registry} to the fleet`, (onProgress) =>
          session.client.attachToClusters(registry, clusters, { ...options, onProgress }),
        );
        await session.result(result, () => fleetTable(result));
        return result.failed > 0 ? EXIT.failed : EXIT.ok;
      }),
    );
}

function fleetTable(r: AttachToClustersResult): string {
  const rows = r.outcomes.map((o) => [o.cluster, o.status, o.status === "failed" ? (o.error?.message ?? "") : (o.result?.summary ?? "")]);
  const summary = `${r.registry.name} (${r.role}) → ${r.total} clusters: ${r.attached} attached, ${r.unchanged} unchanged, ${r.failed} failed.`;
  return rows.length === 0 ? summary : `${summary}\n\n${formatTable(["CLUSTER", "OUTCOME", "DETAIL"], rows)}`;
}
