import type { Command } from "commander";
import type { AttachResult, DetachResult, ListResult } from "../../integration/types.js";
import { EXIT } from "../exitCodes.js";
import { parseCheckedImage } from "../../check/image.js";
import { AksAcrError } from "../../errors.js";
import { toCliWording } from "../cliWording.js";
import { clusterNameAlias, clusterOption, clusterRef, registryRef, resourceGroupOption, wholeNumber, type ClusterFlags } from "../refs.js";
import type { Runner } from "../runner.js";
import { formatFields, formatTable } from "../table.js";

const REGISTRY_ARG = "the registry: its name, login server (myacr.azurecr.io) or ARM resource id";

/** The registry as the positional or az's flag for it, e.g. `attach myacr` or `attach --attach-acr myacr`. */
function registryOf(command: string, positional: string | undefined, azFlag: string, value: string | undefined): string {
  return registryRef([["<registry>", positional], [azFlag, value]], `Name the registry: aks-acr ${command} <registry> -n <cluster> -g <group> (or ${azFlag} <registry>)`);
}

/** attach, detach, check, list: what `az aks update --attach-acr/--detach-acr` and `az aks check-acr` do. */
export function registerIntegrationCommands(program: Command, runner: Runner): void {
  program
    .command("attach")
    .summary("let a cluster pull from a registry (az aks update --attach-acr)")
    .description("Like az aks update --attach-acr: grants the cluster's kubelet identity the pull role on the registry: AcrPull, or Container Registry Repository Reader on ABAC registries. Re-running it changes nothing.")
    .argument("[registry]", REGISTRY_ARG)
    .option("--attach-acr <registry>", "the registry, as az aks update --attach-acr takes it")
    .addOption(clusterOption())
    .addOption(clusterNameAlias())
    .addOption(resourceGroupOption())
    .option("--role <role>", "role to grant instead: a built-in name, a role definition GUID or id (default: AcrPull, or Repository Reader on ABAC registries)")
    .option("--dry-run", "read and plan only; write no role assignment")
    .action((positional: string | undefined, flags: ClusterFlags & { attachAcr?: string; role?: string; dryRun?: boolean }, command: Command) =>
      runner.run(command, async (session) => {
        const registry = registryOf("attach", positional, "--attach-acr", flags.attachAcr);
        const cluster = clusterRef(flags);
        const options = { dryRun: flags.dryRun === true, ...(flags.role && { role: flags.role }) };
        const result = await session.client.integration(cluster).attach(registry, options);
        await session.result(result, () => attachTable(result));
      }),
    );

  program
    .command("detach")
    .summary("stop a cluster pulling from a registry (az aks update --detach-acr)")
    .description("Like az aks update --detach-acr: removes the cluster identity's pull roles at the registry, and reports what it found but left (assignments inherited from a resource group or subscription).")
    .argument("[registry]", REGISTRY_ARG)
    .option("--detach-acr <registry>", "the registry, as az aks update --detach-acr takes it")
    .addOption(clusterOption())
    .addOption(clusterNameAlias())
    .addOption(resourceGroupOption())
    .option("--role <roles...>", "further roles to remove besides AcrPull and Container Registry Repository Reader")
    .option("--dry-run", "report what would be removed; delete nothing")
    .action((positional: string | undefined, flags: ClusterFlags & { detachAcr?: string; role?: string[]; dryRun?: boolean }, command: Command) =>
      runner.run(command, async (session) => {
        const registry = registryOf("detach", positional, "--detach-acr", flags.detachAcr);
        const cluster = clusterRef(flags);
        const options = { dryRun: flags.dryRun === true, ...(flags.role && { roles: flags.role }) };
        const result = await session.client.integration(cluster).detach(registry, options);
        await session.result(result, () => detachTable(result));
      }),
    );

  program
    .command("check")
    .summary("diagnose whether a cluster can pull from a registry (az aks check-acr)")
    .description("Like az aks check-acr: runs named checks (cluster, identity, registry, tenant, pull role, network, image, probe), each pass / warn / fail with the fix. Exits 1 when a check fails.")
    .argument("[registry]", REGISTRY_ARG)
    .option("--acr <registry>", "the registry, as az aks check-acr --acr takes it (e.g. myacr.azurecr.io)")
    .addOption(clusterOption())
    .addOption(clusterNameAlias())
    .addOption(resourceGroupOption())
    .option("--image <image>", "an image to look for in the registry, e.g. nginx:v1")
    .option("--probe", "also pull --image through the cluster with a short-lived pod")
    .option("--timeout <seconds>", "how long the probe waits for the pull", wholeNumber(1), 60)
    .action((positional: string | undefined, flags: ClusterFlags & { acr?: string; image?: string; probe?: boolean; timeout: number }, command: Command) =>
      runner.run(command, async (session) => {
        const registry = registryOf("check", positional, "--acr", flags.acr);
        const cluster = clusterRef(flags);
        if (flags.image !== undefined) parseCheckedImage(flags.image, `check ${registry}`);
        if (flags.probe && flags.image === undefined) {
          throw new AksAcrError("InvalidInput", { operation: `check ${registry}`, scope: "--probe", reason: "no image was given for the probe to pull", fix: `Pass --image, e.g. aks-acr check ${registry} -n <cluster> -g <group> --probe --image nginx:v1` });
        }
        const options = { probe: flags.probe === true, timeoutMs: flags.timeout * 1000, ...(flags.image && { image: flags.image }) };
        const report = await session.client.integration(cluster).check(registry, options);
        const checks = report.checks.map((c) => (c.fix === undefined ? c : { ...c, fix: toCliWording(c.fix) }));
        await session.result({ ok: report.ok, cluster: report.cluster, registry: report.registry, checks }, () => toCliWording(report.toString()));
        return report.ok ? EXIT.ok : EXIT.failed;
      }),
    );

  program
    .command("list")
    .summary("list the registries a cluster can pull from")
    .description("Lists the registries the cluster's identity holds a pull role on, in every subscription the caller can read, and whether each grant is honoured.")
    .addOption(clusterOption())
    .addOption(clusterNameAlias())
    .addOption(resourceGroupOption())
    .action((flags: ClusterFlags, command: Command) =>
      runner.run(command, async (session) => {
        const cluster = clusterRef(flags);
        const result = await session.client.integration(cluster).list();
        await session.result(result, () => listTable(result));
      }),
    );
}

function attachTable(r: AttachResult): string {
  return `${r.summary}\n\n${formatFields([
    ["Registry", r.registry.loginServer],
    ["Cluster", r.cluster.name],
    ["Principal", `${r.principal.objectId} (${r.principal.kind})`],
    ["Role", `${r.role.name}: ${r.role.reason}`],
    ["Assignment", r.assignmentId],
    ["Created", r.created],
    ["Dry run", r.dryRun || undefined],
  ])}`;
}

function detachTable(r: DetachResult): string {
  const rows = [
    ...r.removed.map((a) => [r.dryRun ? "would remove" : "removed", a.role.name, a.scope, ""]),
    ...r.left.map(({ assignment, reason }) => ["left", assignment.role.name, assignment.scope, reason]),
  ];
  return rows.length === 0 ? r.summary : `${r.summary}\n\n${formatTable(["ACTION", "ROLE", "SCOPE", "WHY"], rows)}`;
}

function listTable(r: ListResult): string {
  const rows = r.registries.flatMap((access) =>
    access.grants.map((g) => [access.registry.name, access.registry.loginServer, g.assignment.role.name, g.inherited ? `${g.assignment.scope} (inherited)` : "registry", g.effective ? "yes" : "no"]),
  );
  const head = `Cluster ${r.cluster.name} pulls as ${r.principal.kind} ${r.principal.objectId}.`;
  const body = rows.length === 0 ? "It holds no pull role on any registry." : formatTable(["REGISTRY", "LOGIN SERVER", "ROLE", "SCOPE", "CAN PULL"], rows);
  const stale = r.stale.length > 0 ? `\n\nStale (this cluster's assignment names an old identity; aks-acr attach repairs it):\n${formatTable(["REGISTRY", "LOGIN SERVER", "ROLE", "OLD PRINCIPAL", "WHY"], r.stale.map((s) => [s.registry.name, s.registry.loginServer, s.assignment.role.name, s.assignment.principalId, s.reason]))}` : "";
  const unreadable = r.unreadableSubscriptions.length > 0 ? `\n\nCould not read subscriptions: ${r.unreadableSubscriptions.join(", ")}.` : "";
  return `${head}\n\n${body}${stale}${unreadable}`;
}
