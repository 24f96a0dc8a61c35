/**
 * The options every command takes, wherever they appear on the line (`aks-acr -o json attach …` or
 * `aks-acr attach … -o json`): declared once on the program, read with {@link globalsOf}, which also
 * validates them, so a bad `--query` or `--endpoint` fails before any request.
 */
import { compile } from "@jmespath-community/jmespath";
import { Option, type Command } from "commander";
import { AksAcrError } from "../errors.js";

/** `-o` as az spells its formats. */
export const OUTPUT_FORMATS = ["json", "jsonc", "table", "tsv", "yaml", "none"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The environment variable that points every command at a running `aks-acr fake serve`, like `--endpoint`. */
export const ENDPOINT_ENV = "AKS_ACR_ENDPOINT";

/** The options every command accepts, resolved and validated. */
export interface GlobalOptions {
  output: OutputFormat;
  /** A JMESPath query applied to the result before it is printed, as az's `--query`. */
  query?: string;
  subscription?: string;
  /** Base URL of a running `aks-acr fake serve` (or any `listen()`ed fake), from `--endpoint` or AKS_ACR_ENDPOINT. */
  endpoint?: string;
  fake?: boolean;
  verbose?: boolean;
}

/** Declares the global options on the program; commander then accepts them after any subcommand too. */
export function addGlobalOptions(program: Command): Command {
  return program
    .addOption(new Option("-o, --output <format>", "output format").choices(OUTPUT_FORMATS).default("table"))
    .option("--query <jmespath>", "JMESPath query of the result, as az's --query (e.g. --query id -o tsv)")
    .option("--subscription <id>", "subscription of names that do not say (default: AZURE_SUBSCRIPTION_ID)")
    .option("--endpoint <url>", `send every request to a running \`aks-acr fake serve\` at this URL (default: ${ENDPOINT_ENV})`)
    .option("--fake", "run against an in-process fake Azure seeded with a demo world (see below)")
    .option("--verbose", "log each HTTP request (redacted) and print stack traces");
}

/** The command's global options, with AKS_ACR_ENDPOINT applied; throws InvalidInput for a bad one. */
export function globalsOf(command: Command, env: NodeJS.ProcessEnv = process.env): GlobalOptions {
  const raw = command.optsWithGlobals<GlobalOptions>();
  const fromEnv = env[ENDPOINT_ENV]?.trim();
  const endpoint = raw.endpoint ?? (fromEnv && !raw.fake ? fromEnv : undefined);
  const globals: GlobalOptions = { ...raw, ...(endpoint !== undefined && { endpoint: endpointUrl(endpoint) }) };
  if (globals.fake && raw.endpoint !== undefined) {
    throw invalid("--endpoint", "--fake runs a fresh in-process fake, --endpoint a running one: they cannot be combined", "Pass one of them: --endpoint to chain commands against one `aks-acr fake serve` world");
  }
  if (globals.query !== undefined) checkQuery(globals.query);
  return globals;
}

/** The query compiles, or the command fails before any request. */
function checkQuery(query: string): void {
  try {
    compile(query);
  } catch (error) {
    throw invalid(`--query ${query}`, `it is not a JMESPath expression (${(error as Error).message.replace(/\.$/, "")})`, "Pass a JMESPath expression such as --query id or --query \"registries[].name\" (see jmespath.org)");
  }
}

function endpointUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || url.pathname.replace(/\/+$/, "") !== "" || url.search !== "") {
    throw invalid(`--endpoint ${value}`, "an endpoint is the base URL `aks-acr fake serve` prints, such as http://127.0.0.1:8080", "Pass the URL from the first line `aks-acr fake serve` prints (or set AKS_ACR_ENDPOINT to it)");
  }
  return url.origin;
}

function invalid(scope: string, reason: string, fix: string): AksAcrError {
  return new AksAcrError("InvalidInput", { operation: "read the command line", scope, reason, fix });
}
