import type { Command } from "commander";
import type { SyncResult } from "../../integration/types.js";
import { clusterOption, clusterRef, registryRef, resourceGroupOption, type ClusterFlags } from "../refs.js";
import type { Runner } from "../runner.js";
import { formatTable } from "../table.js";

/** sync: the registries a cluster pulls from, as desired state (terraform plan / apply). */
export function registerSyncCommand(program: Command, runner: Runner): void {
  program
    .command("sync")
    .summary("make the registries a cluster can pull from match a list (plan, then apply)")
    .description(
      "Attaches each listed registry that is not attached, replaces grants that drifted (a new kubelet identity, a registry moved to ABAC) and, with --prune, detaches pull grants on registries not listed. Prints the plan; --dry-run stops there. A second run plans nothing and writes nothing.",
    )
    .argument("[registries...]", "the registries the cluster should pull from: names, login servers or ARM resource ids")
    .addOption(clusterOption())
    .addOption(resourceGroupOption())
    .option("--prune", "also detach pull grants on registries not listed")
    .option("--dry-run", "print the plan only; write nothing")
    .action((registries: string[], flags: ClusterFlags & { prune?: boolean; dryRun?: boolean }, command: Command) =>
      runner.run(command, async (session) => {
        const usage = "Pass the registries as arguments, e.g. aks-acr sync myacr otheracr -n aks -g rg";
        const desired = registries.map((registry) => registryRef([["<registries>", registry]], usage));
        const result = await session.client.integration(clusterRef(flags)).sync(desired, { dryRun: flags.dryRun === true, prune: flags.prune === true });
        await session.result(result, () => syncTable(result));
      }),
    );
}

function syncTable(r: SyncResult): string {
  const rows = [
    ...r.plan.map((change) => [r.dryRun ? `would ${change.action}` : change.action, change.registry.name, change.reason]),
    ...r.unchanged.map((u) => ["unchanged", u.registry.name, u.reason]),
  ];
  return rows.length === 0 ? r.summary : `${r.summary}\n\n${formatTable(["ACTION", "REGISTRY", "WHY"], rows)}`;
}
