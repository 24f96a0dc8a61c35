import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT_MS, cli, ensureBuiltCli } from "./bin.js";

beforeAll(ensureBuiltCli, BUILD_TIMEOUT_MS);

/** Each command, the options its help must name, and the az command it stands for (when there is one). */
const COMMANDS: [string[], string[], string?][] = [
  [["attach"], ["[registry]", "--attach-acr <registry>", "-n, --cluster", "-g, --resource-group", "--role", "--dry-run"], "az aks update --attach-acr"],
  [["detach"], ["[registry]", "--detach-acr <registry>", "-n, --cluster", "-g, --resource-group", "--role", "--dry-run"], "az aks update --detach-acr"],
  [["check"], ["[registry]", "--acr <registry>", "-n, --cluster", "-g, --resource-group", "--image", "--probe", "--timeout"], "az aks check-acr"],
  [["list"], ["-n, --cluster", "-g, --resource-group"]],
  [["import"], ["[source]", "--source <image>", "-r, --registry", "-t, --image", "--force"], "az acr import"],
  [["registry", "create"], ["[name]", "-g, --resource-group", "-l, --location", "--sku", "--create-resource-group"], "az acr create"],
  [["cluster", "create"], ["[name]", "-g, --resource-group", "-l, --location", "--attach", "--attach-acr <registry>", "--node-count"], "az aks create"],
  [["credentials"], ["-n, --cluster", "-g, --resource-group", "-f, --file", "-a, --admin", "--overwrite-existing", "--context <name>", "temporary directory"], "az aks get-credentials"],
  [["deploy"], ["-n, --cluster", "-g, --resource-group", "--name", "--image", "--replicas", "--port", "--namespace", "--timeout"], "kubectl apply"],
  [["walkthrough"], ["--live", "-l, --location", "AZURE_SUBSCRIPTION_ID"]],
  [["fake", "serve"], ["-p, --port", "127.0.0.1", "SIGINT"]],
];

describe("aks-acr --help", () => {
  it("lists every command, the global options, the --fake demo world and the exit codes", async () => {
    const run = await cli("--help");
    expect(run.code).toBe(0);
    for (const command of ["attach", "detach", "check", "list", "import", "registry", "cluster", "credentials", "deploy", "walkthrough", "fake"]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    for (const option of ["-o, --output <format>", "--query <jmespath>", "--subscription <id>", "--endpoint <url>", "AKS_ACR_ENDPOINT", "--fake", "--verbose"]) expect(run.stdout).toContain(option);
    expect(run.stdout.replace(/\s+/g, " ")).toContain('"json", "jsonc", "table", "tsv", "yaml", "none"');
    expect(run.stdout).toContain("resource\ngroup rg, cluster aks (not attached) and registry myacr holding nginx:v1");
    for (const code of [0, 1, 2, 3, 4, 5]) expect(run.stdout).toMatch(new RegExp(`^  ${code}  \\S`, "m"));
  });

  it.each(COMMANDS)("%j --help names its options", async (path, options, az) => {
    const run = await cli(...path, "--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: aks-acr ${path.join(" ")} `));
    // Commander wraps long lines; the words are what matters.
    const text = run.stdout.replace(/\s+/g, " ");
    for (const option of options) expect(text).toContain(option);
    if (az) expect(text).toContain(az);
  });

  it("exits 2 with a hint for an unknown command or option", async () => {
    const command = await cli("nope");
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'nope'");
    const option = await cli("attach", "myacr", "-n", "aks", "-g", "rg", "--nope");
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--nope'");
    expect(option.stderr).toContain("--help");
  });

  it("prints the version", async () => {
    const run = await cli("--version");
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
