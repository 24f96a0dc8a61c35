import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import { AksAcrError } from "../../errors.js";
import { DEMO, DEMO_SUBSCRIPTION_ID, DEMO_TENANT_ID, loadFakes, seedDemo } from "../fakeWorld.js";
import { wholeNumber } from "../refs.js";
import type { Runner } from "../runner.js";

type FakesModule = typeof import("../../../fakes/index.js");
type Emulator = Awaited<ReturnType<FakesModule["startEmulator"]>>;

interface ServeFlags {
  port: number;
  host: "127.0.0.1" | "::1";
  tls?: boolean;
  cert?: string;
  key?: string;
  ca?: string;
  caFile?: string;
  seed?: string;
  empty?: boolean;
}

/** `aks-acr fake serve`: a fake Azure as a standalone emulator on loopback, for az, kubectl, SDKs and scripts. */
export function registerFakeCommands(program: Command, runner: Runner): void {
  const fake = program.command("fake").summary("the fake Azure, for clients outside this process").description("Fake Azure commands: serve.");
  fake
    .command("serve")
    .summary("serve the fake Azure (ARM, token endpoints, cluster API, admin API) on loopback")
    .description(
      `Serves a fake Azure on 127.0.0.1 until SIGINT or SIGTERM: ARM, Microsoft Graph, the token and managed-identity endpoints, each cluster's Kubernetes API and an admin API under /_fake/. ` +
        `By default it holds a demo world (resource group ${DEMO.resourceGroup}, cluster ${DEMO.cluster}, registry ${DEMO.registry} holding ${DEMO.image}); --seed FILE serves a world from a JSON or YAML document instead, --empty serves none. ` +
        "The Azure CLI and the Azure SDKs send tokens over https only: --tls makes a certificate at start and writes its CA to a file for REQUESTS_CA_BUNDLE / NODE_EXTRA_CA_CERTS. " +
        "It accepts any token, so it listens on loopback only and answers only Host headers naming loopback. See docs/using-the-fake-from-other-clients.md.",
    )
    .option("-p, --port <port>", "port to listen on (0: any free port)", wholeNumber(0, 65_535), 0)
    .addOption(new Option("--host <address>", "loopback address to listen on").choices(["127.0.0.1", "::1"]).default("127.0.0.1"))
    .addOption(new Option("--tls", "serve HTTPS with a certificate made at start (for az and the Azure SDKs)").conflicts(["cert", "key"]))
    .option("--cert <file>", "serve HTTPS with this PEM certificate (with --key)")
    .option("--key <file>", "the PEM private key of --cert")
    .option("--ca <file>", "PEM of the CA that signed --cert, put into kubeconfigs (default: --cert itself)")
    .option("--ca-file <path>", "where --tls writes its CA certificate (default: ca.pem in a new temporary directory)")
    .addOption(new Option("--seed <file>", "serve the world this JSON or YAML seed document describes").conflicts("empty"))
    .option("--empty", "serve an empty world (only the default subscription and caller)")
    .action((flags: ServeFlags, command: Command) =>
      runner.run(command, async (session) => {
        const fakes = await loadFakes();
        const options = await emulatorOptions(fakes, flags);
        const emulator = await fakes.startEmulator(options);
        try {
          await session.result(summary(fakes, emulator, flags), () => setupText(fakes, emulator, flags));
          await untilSignal();
        } finally {
          await emulator.close();
        }
      }),
    );
}

async function emulatorOptions(fakes: FakesModule, flags: ServeFlags): Promise<Parameters<FakesModule["startEmulator"]>[0]> {
  if ((flags.cert === undefined) !== (flags.key === undefined)) throw usage(flags.cert ? "--cert" : "--key", "--cert and --key go together", "Pass both --cert <file> and --key <file>, or --tls for a certificate made at start");
  if (flags.caFile && !flags.tls) throw usage("--ca-file", "only --tls makes a CA to write", "Add --tls, or drop --ca-file");
  if (flags.ca && !flags.cert) throw usage("--ca", "--ca names the CA of --cert", "Pass --cert and --key with it");
  const tls = flags.tls ? (true as const) : flags.cert && flags.key ? { cert: await readText(flags.cert, "--cert"), key: await readText(flags.key, "--key"), ...(flags.ca && { ca: await readText(flags.ca, "--ca") }) } : undefined;
  const seed = flags.seed ? { document: parseSeed(fakes, await readText(flags.seed, "--seed"), flags.seed), source: flags.seed } : undefined;
  return {
    port: flags.port,
    host: flags.host,
    ...(tls && { tls }),
    ...(flags.caFile && { caFile: flags.caFile }),
    ...(seed ? { seed } : flags.empty ? {} : { populate: seedDemo }),
    tenantId: DEMO_TENANT_ID,
    subscriptionId: DEMO_SUBSCRIPTION_ID,
  };
}

function parseSeed(fakes: FakesModule, text: string, file: string): ReturnType<FakesModule["parseSeedDocument"]> {
  try {
    return fakes.parseSeedDocument(text, file);
  } catch (error) {
    if (!(error instanceof fakes.SeedDocumentError)) throw error;
    throw usage(`--seed ${file}`, `the seed document is not valid: ${error.issues.join("; ")}`, "Fix the document; docs/using-the-fake-from-other-clients.md describes its format");
  }
}

async function readText(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw usage(`${flag} ${file}`, `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, `Pass the path of a readable file to ${flag}`);
  }
}

function usage(scope: string, reason: string, fix: string): AksAcrError {
  return new AksAcrError("InvalidInput", { operation: "start the fake Azure", scope, reason, fix });
}

/** The result with -o json/yaml/tsv: where it listens and what it holds. */
function summary(fakes: FakesModule, emulator: Emulator, flags: ServeFlags): Record<string, unknown> {
  const { azure, server } = emulator;
  const world = flags.seed ? "seed" : flags.empty ? "empty" : "demo";
  return {
    url: server.url,
    ...(world === "demo" && { clusterUrl: server.clusterUrl(DEMO.cluster), ...DEMO }),
    tenantId: azure.tenantId,
    subscriptionId: azure.subscriptionId,
    world,
    ...(emulator.caFile && { caFile: emulator.caFile, azSetup: fakes.azSetupLines(server.url, emulator.caFile) }),
    admin: `${server.url}/_fake`,
  };
}

function setupText(fakes: FakesModule, emulator: Emulator, flags: ServeFlags): string {
  const { azure, server } = emulator;
  const https = server.url.startsWith("https:");
  const clusters = azure.state.clusters();
  const registries = azure.state.registries();
  const world = flags.seed
    ? `  world from ${flags.seed}: ${clusters.length} cluster(s) ${names(clusters)}, ${registries.length} registr${registries.length === 1 ? "y" : "ies"} ${names(registries)}`
    : flags.empty
      ? "  world: empty (the default subscription and caller only); POST a seed document to /_fake/seed"
      : `  resource group ${DEMO.resourceGroup}: cluster ${DEMO.cluster}, registry ${DEMO.registry} (${DEMO.image}), not attached`;
  const cluster = clusters[0];
  const lines = [
    `Fake Azure listening on ${server.url} (loopback only; any bearer token is accepted)`,
    `  tenant ${azure.tenantId}, subscription ${azure.subscriptionId}`,
    world,
    ...(emulator.caFile ? [`  CA certificate: ${emulator.caFile} (for REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, kubectl --certificate-authority)`] : []),
    `  admin API: ${server.url}/_fake/health, /_fake/state, /_fake/journal, POST /_fake/reset, POST /_fake/seed`,
    `  token:   curl${emulator.caFile ? ` --cacert ${emulator.caFile}` : ""} -H Metadata:true "${server.url}/msi/token?resource=https://management.azure.com/"`,
    // Over https the cluster API wants the kubeconfig's credential, so kubectl goes through get-credentials (below).
    ...(cluster && !https ? [`  kubectl: kubectl --server=${server.clusterUrl(cluster.name)} get pods`] : []),
    `  aks-acr: aks-acr --endpoint ${server.url} attach ${registries[0]?.name ?? "<registry>"} -n ${cluster?.name ?? "<cluster>"} -g ${cluster?.resourceGroup ?? "<group>"}`,
  ];
  if (https && emulator.caFile) {
    lines.push("Azure CLI (in a shell):", ...fakes.azSetupLines(server.url, emulator.caFile).map((line) => `  ${line}`));
    if (cluster) lines.push(`  az aks get-credentials -g ${cluster.resourceGroup} -n ${cluster.name} --file kubeconfig && kubectl --kubeconfig kubeconfig get pods`);
    lines.push(`Node.js and Python SDKs: export NODE_EXTRA_CA_CERTS=${emulator.caFile} REQUESTS_CA_BUNDLE=${emulator.caFile}; Resource Manager endpoint ${server.url}`);
  } else if (!https) {
    lines.push("The Azure CLI and the Azure SDKs send tokens over https only: start with --tls for them.");
  }
  lines.push("Press Ctrl+C to stop.");
  return lines.join("\n");
}

function names(items: { name: string }[]): string {
  return items.length > 0 ? `(${items.map((item) => item.name).join(", ")})` : "";
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
