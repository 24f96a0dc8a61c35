import { Command, Option } from "commander";
import { VERSION } from "../version.js";
import { registerClusterCommands } from "./commands/cluster.js";
import { registerFakeCommands } from "./commands/fake.js";
import { registerIntegrationCommands } from "./commands/integration.js";
import { registerRegistryCommands } from "./commands/registry.js";
import { registerWalkthroughCommand } from "./commands/walkthrough.js";
import { EXIT_CODES_HELP } from "./exitCodes.js";
import { DEMO } from "./fakeWorld.js";
import type { Runner } from "./runner.js";

const GLOBAL_HELP = `
Names are given as az takes them: a cluster as -n <name> -g <resource group>, or -n <ARM id>;
a registry as its name, login server (myacr.azurecr.io) or ARM id. Credentials come from
DefaultAzureCredential (az login, environment, managed identity); the subscription from
--subscription or AZURE_SUBSCRIPTION_ID.

--fake runs the command against an in-process fake Azure, fresh for each run, seeded with resource
group ${DEMO.resourceGroup}, cluster ${DEMO.cluster} (not attached) and registry ${DEMO.registry} holding ${DEMO.image}:
  aks-acr --fake attach ${DEMO.registry} -n ${DEMO.cluster} -g ${DEMO.resourceGroup}

${EXIT_CODES_HELP}`;

/** The `aks-acr` command line: one commander program, one module per command group. */
export function buildProgram(runner: Runner): Command {
  const program = new Command("aks-acr")
    .description("Let an AKS cluster pull images from an Azure Container Registry: attach, detach, check, import, create, deploy.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (text) => runner.io.stdout.write(text), writeErr: (text) => runner.io.stderr.write(text) })
    .showHelpAfterError("(run with --help for usage)")
    .addOption(new Option("-o, --output <format>", "output format").choices(["table", "json"]).default("table"))
    .option("--subscription <id>", "subscription of names that do not say (default: AZURE_SUBSCRIPTION_ID)")
    .option("--fake", "run against an in-process fake Azure seeded with a demo world (see below)")
    .option("--verbose", "log each HTTP request (redacted) and print stack traces")
    .addHelpText("after", GLOBAL_HELP);
  registerIntegrationCommands(program, runner);
  registerRegistryCommands(program, runner);
  registerClusterCommands(program, runner);
  registerWalkthroughCommand(program, runner);
  registerFakeCommands(program, runner);
  return program;
}
