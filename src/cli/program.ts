import { Command } from "commander";
import { VERSION } from "../version.js";
import { registerClusterCommands } from "./commands/cluster.js";
import { registerFakeCommands } from "./commands/fake.js";
import { registerFleetCommands } from "./commands/fleet.js";
import { registerIntegrationCommands } from "./commands/integration.js";
import { registerPullSecretCommand } from "./commands/pullSecret.js";
import { registerRegistryCommands } from "./commands/registry.js";
import { registerSyncCommand } from "./commands/sync.js";
import { registerWalkthroughCommand } from "./commands/walkthrough.js";
import { EXIT_CODES_HELP } from "./exitCodes.js";
import { DEMO } from "./fakeWorld.js";
import { ENDPOINT_ENV, addGlobalOptions } from "./globalOptions.js";
import type { Runner } from "./runner.js";

const GLOBAL_HELP = `
Names are given as az takes them: a cluster as -n <name> -g <resource group>, or -n <ARM id>;
a registry as its name, login server (myacr.azurecr.io) or ARM id. Credentials come from
DefaultAzureCredential (az login, environment, managed identity); the subscription from
--subscription or AZURE_SUBSCRIPTION_ID. -o json|jsonc|table|tsv|yaml|none and --query (JMESPath)
work as in az, e.g. -o tsv --query assignmentId.

--fake runs the command against an in-process fake Azure, fresh for each run, seeded with resource
group ${DEMO.resourceGroup}, cluster ${DEMO.cluster} (not attached) and registry ${DEMO.registry} holding ${DEMO.image}:
  aks-acr --fake attach ${DEMO.registry} -n ${DEMO.cluster} -g ${DEMO.resourceGroup}
--fake writes no file outside a new temporary directory unless --file names one.

--endpoint <url> (or ${ENDPOINT_ENV}) sends every request to a running \`aks-acr fake serve\`
instead, so commands run one after another against one fake world:
  aks-acr fake serve --port 8080 &
  aks-acr attach ${DEMO.registry} -n ${DEMO.cluster} -g ${DEMO.resourceGroup} --endpoint http://127.0.0.1:8080
  aks-acr detach ${DEMO.registry} -n ${DEMO.cluster} -g ${DEMO.resourceGroup} --endpoint http://127.0.0.1:8080

${EXIT_CODES_HELP}`;

/**
 * The `aks-acr` command line: one commander program, one module per command group, each adding its
 * commands with one `register…Commands(program, runner)` call below; their actions run through
 * `runner.run`, which gives them the global options (-o, --query, --endpoint, --fake, --subscription).
 */
export function buildProgram(runner: Runner): Command {
  const program = new Command("aks-acr")
    .description("Let an AKS cluster pull images from an Azure Container Registry: attach, detach, check, import, create, deploy.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (text) => runner.io.stdout.write(text), writeErr: (text) => runner.io.stderr.write(text) })
    .showHelpAfterError("(run with --help for usage)");
  addGlobalOptions(program).addHelpText("after", GLOBAL_HELP);
  registerIntegrationCommands(program, runner);
  registerSyncCommand(program, runner);
  registerRegistryCommands(program, runner);
  registerClusterCommands(program, runner);
  registerFleetCommands(program, runner);
  registerPullSecretCommand(program, runner);
  registerWalkthroughCommand(program, runner);
  registerFakeCommands(program, runner);
  return program;
}
