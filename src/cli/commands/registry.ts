import { Option, type Command } from "commander";
import { AzurePublicCloud } from "../../cloud.js";
import { planImport } from "../../registry/importPlan.js";
import type { CreateRegistryResult, ImportImageResult, RegistrySku } from "../../registry/types.js";
import { location, oneOf, registryName, registryRef, resourceGroupName } from "../refs.js";
import type { Runner } from "../runner.js";
import { formatFields } from "../table.js";

/** import and registry create: what `az acr import` and `az acr create` do. */
export function registerRegistryCommands(program: Command, runner: Runner): void {
  program
    .command("import")
    .summary("copy an image into a registry (az acr import)")
    .description("Like az acr import: imports an image from a public registry (docker.io, mcr.microsoft.com, …) or another Azure registry, and waits until the copy is done.")
    .argument("[source]", "the image to copy, e.g. docker.io/library/nginx:latest, nginx, mcr.microsoft.com/azuredocs/aks-helloworld:v1")
    .option("--source <image>", "the image to copy, as az acr import --source takes it")
    .option("-r, --registry <registry>", "the target registry: its name, login server or ARM resource id (az: -n, --name)")
    .addOption(new Option("-n, --name <registry>", "the target registry (az acr import's spelling of -r)").hideHelp())
    .option("-t, --image <tags...>", "target repo:tag (repeatable; default: the source's repository and tag)")
    .option("--force", "overwrite target tags that exist")
    .action((positional: string | undefined, flags: { source?: string; registry?: string; name?: string; image?: string[]; force?: boolean }, command: Command) =>
      runner.run(command, async (session) => {
        const source = oneOf("the source image", [["<source>", positional], ["--source", flags.source]], "Name the image to copy: aks-acr import docker.io/library/nginx:latest -r <registry>");
        const target = registryRef([["--registry", flags.registry], ["--name", flags.name]], `Name the target registry: aks-acr import ${source} --registry <registry>`);
        const options = { mode: flags.force ? ("Force" as const) : ("NoForce" as const), ...(flags.image && { tags: flags.image }) };
        planImport(source, options, AzurePublicCloud, `import ${source}`);
        const result = await session.progress.step(`Import ${source}`, (onProgress) => session.client.registry(target).import(source, { ...options, onProgress }));
        await session.result(result, () => importTable(source, result));
      }),
    );

  const registry = program.command("registry").summary("registry commands").description("Registry commands: create.");
  registry
    .command("create")
    .summary("create a container registry (az acr create)")
    .description("Like az acr create: creates the registry and waits until it is ready; re-running it for the same registry changes nothing.")
    .argument("[name]", "registry name: 5–50 letters and digits, unique in Azure")
    .addOption(new Option("-n, --name <name>", "registry name (az acr create's spelling)").hideHelp())
    .requiredOption("-g, --resource-group <group>", "resource group to create it in")
    .requiredOption("-l, --location <region>", "Azure region, e.g. westeurope")
    .addOption(new Option("--sku <sku>", "pricing tier").choices(["Basic", "Standard", "Premium"]).default("Basic"))
    .option("--create-resource-group", "create the resource group in --location when it does not exist")
    .action((positional: string | undefined, flags: { name?: string; resourceGroup: string; location: string; sku: RegistrySku; createResourceGroup?: boolean }, command: Command) =>
      runner.run(command, async (session) => {
        const name = registryName(oneOf("the registry name", [["<name>", positional], ["--name", flags.name]], "Name the registry: aks-acr registry create <name> -g <group> -l <region>"));
        resourceGroupName(flags.resourceGroup);
        location(flags.location);
        const result = await session.progress.step(`Create registry ${name}`, (onProgress) =>
          session.client.registry(name).create({ resourceGroup: flags.resourceGroup, location: flags.location, sku: flags.sku, createResourceGroup: flags.createResourceGroup === true, onProgress }),
        );
        await session.result(result, () => registryTable(result));
      }),
    );
}

function importTable(source: string, r: ImportImageResult): string {
  return `Imported ${source} into ${r.registry.loginServer}.\n\n${formatFields([
    ["Images", r.images.join(", ")],
    ["Untagged", r.untaggedRepositories.join(", ")],
    ["Digest", r.digest],
  ])}`;
}

function registryTable(r: CreateRegistryResult): string {
  const verb = r.created ? "Created" : "Found existing";
  return `${verb} registry ${r.name}.\n\n${formatFields([
    ["Login server", r.loginServer],
    ["SKU", r.sku],
    ["Location", r.location],
    ["State", r.provisioningState],
    ["Id", r.id],
    ["Resource group created", r.createdResourceGroup || undefined],
  ])}`;
}
