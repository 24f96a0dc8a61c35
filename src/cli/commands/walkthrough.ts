import type { Command } from "commander";
import type { TokenCredential } from "@azure/core-auth";
import { createClient } from "../../client.js";
import { AksAcrError } from "../../errors.js";
import { offerResourceGroupDeletion } from "../cleanup.js";
import { EXIT, exitCodeOf } from "../exitCodes.js";
import { createFake, startInProcessFake, type FakeAzure } from "../fakeWorld.js";
import { createReporter, type Reporter } from "../progress.js";
import { reportError, type Runner } from "../runner.js";
import { globalsOf, type GlobalOptions } from "../globalOptions.js";
import { formatOutput } from "../output.js";
import { runWalkthrough, uniqueSuffix, type WalkthroughResult } from "../walkthrough.js";

const FAKE_RESOURCE_GROUP = "rg";
/** The one command that runs the same story against real Azure. */
export const LIVE_COMMAND = "npx aks-acr walkthrough --live --subscription <subscription id>";
/**
 * The fake kubelet retries a failed pull after this back-off (real kubelets start at 10 s); short,
 * so the deploy after attach does not wait long for the retry.
 */
const DEMO_PULL_BACKOFF_MS = 1000;

/** The walkthrough against a fresh in-process fake holding only resource group `rg` (or against `azure`, when given). */
export async function runFakeWalkthrough(reporter: Reporter, options: { azure?: FakeAzure; location?: string } = {}): Promise<WalkthroughResult> {
  const azure = options.azure ?? (await createFake());
  azure.seed.resourceGroup({ name: FAKE_RESOURCE_GROUP, location: options.location ?? "westeurope" });
  azure.knobs.pullBackoffMs = DEMO_PULL_BACKOFF_MS;
  const fake = await startInProcessFake(azure);
  reporter.print("Running on the bundled fake Azure, in this process: nothing is sent to Azure, nothing is billed.");
  try {
    const plan = { resourceGroup: FAKE_RESOURCE_GROUP, location: options.location ?? "westeurope", suffix: uniqueSuffix(), createResourceGroup: false };
    const result = await runWalkthrough({ ...plan, client: createClient(fake.clientOptions) }, reporter);
    reporter.print(`Run it against real Azure (creates billable resources, offers to delete them):\n  ${LIVE_COMMAND}`);
    return result;
  } finally {
    fake.close();
  }
}

/** `aks-acr walkthrough [--live]`: what `npm start` runs. */
export function registerWalkthroughCommand(program: Command, runner: Runner): void {
  program
    .command("walkthrough")
    .summary("create a registry and a cluster, deploy nginx from the registry, check the pull (npm start)")
    .description(
      "Runs the whole AKS + ACR walkthrough, one line per step with its duration: create a registry, import docker.io/library/nginx:latest as nginx:v1, create a cluster without the registry attached, get credentials, deploy nginx0-deployment (2 replicas) and see its pods fail to pull (401), attach the registry, deploy again and see them Running, check the pull, detach.\n\n" +
        "By default it runs against an in-process fake Azure (nothing leaves the machine). With --live it runs against real Azure as DefaultAzureCredential, in the subscription of --subscription or AZURE_SUBSCRIPTION_ID, in a new resource group aks-acr-walkthrough-<suffix>; this creates billable resources, and at the end it offers to delete the group.",
    )
    .option("--live", "run against real Azure (DefaultAzureCredential, AZURE_SUBSCRIPTION_ID)")
    .option("-l, --location <region>", "Azure region of the resources", "westeurope")
    .action(async (flags: { live?: boolean; location: string }, command: Command) => {
      let globals: GlobalOptions = command.optsWithGlobals<GlobalOptions>();
      // With -o json (yaml, tsv, …) the result goes to stdout alone, and the steps to stderr.
      const story = globals.output === "table" && globals.query === undefined;
      // Off a terminal, one line per step and no progress lines: the story fits a screen.
      const reporter = createReporter(story ? runner.io.stdout : runner.io.stderr, Date.now, { progressLines: false });
      try {
        globals = globalsOf(command);
        const result = flags.live ? await runLive(reporter, flags.location, globals, runner) : await runFakeWalkthrough(reporter, { location: flags.location });
        const text = story ? undefined : await formatOutput(summary(result), { output: globals.output, ...(globals.query !== undefined && { query: globals.query }) }, () => "");
        if (text !== undefined) runner.io.stdout.write(`${text}\n`);
        runner.exitCode = result.ok ? EXIT.ok : EXIT.failed;
      } catch (error) {
        reportError(error, globals, runner.io);
        runner.exitCode = exitCodeOf(error);
      }
    });
}

async function runLive(reporter: Reporter, location: string, globals: GlobalOptions, runner: Runner): Promise<WalkthroughResult> {
  const subscriptionId = globals.subscription ?? process.env["AZURE_SUBSCRIPTION_ID"];
  if (!subscriptionId) {
    throw new AksAcrError("InvalidInput", {
      operation: "run the walkthrough against Azure",
      reason: "no subscription was given and AZURE_SUBSCRIPTION_ID is not set",
      fix: "Pass --subscription <id> or set AZURE_SUBSCRIPTION_ID (az account show --query id -o tsv)",
    });
  }
  const { DefaultAzureCredential } = await import("@azure/identity");
  const credential: TokenCredential = new DefaultAzureCredential();
  const suffix = uniqueSuffix();
  const resourceGroup = `aks-acr-walkthrough-${suffix}`;
  const client = createClient({ credential, subscriptionId, userAgentOptions: { userAgentPrefix: "aks-acr-walkthrough" } });
  try {
    return await runWalkthrough({ client, resourceGroup, location, suffix, createResourceGroup: true }, reporter);
  } finally {
    await offerResourceGroupDeletion({ credential, subscriptionId, resourceGroup }, runner.io);
  }
}

function summary(result: WalkthroughResult): unknown {
  const { check } = result;
  return { ...result, check: { ok: check.ok, cluster: check.cluster, registry: check.registry, checks: check.checks } };
}
