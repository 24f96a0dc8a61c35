/**
 * The library's fixes name its own calls and options (`integration({ … }).attach("myacr")`,
 * `Pass mode: "Force"`), which is right for a program and wrong for someone at a prompt. The CLI
 * rewrites the ones it knows into the commands and flags that do the same; the library's messages
 * stay as they are. Each rule matches the exact wording the library writes.
 */
import { isAksAcrError, type AksAcrError } from "../errors.js";

type Rule = [pattern: RegExp, replace: (...groups: string[]) => string];

const CLUSTER = String.raw`integration\(\{ (?:subscriptionId: "([^"]+)", )?resourceGroup: "([^"]+)", name: "([^"]+)" \}\)`;

function clusterFlags(subscription: string | undefined, group: string, name: string): string {
  return `-n ${name} -g ${group}${subscription ? ` --subscription ${subscription}` : ""}`;
}

function quoted(value: string): string {
  return /^[\w./:@-]+$/.test(value) ? value : `"${value}"`;
}

const RULES: Rule[] = [
  [new RegExp(String.raw`${CLUSTER}\.attach\("([^"]+)"(?:, \{ role: "([^"]+)" \})?\)`, "g"), (_m, sub, group, name, registry, role) =>
    `aks-acr attach ${registry} ${clusterFlags(sub, group!, name!)}${role ? ` --role ${quoted(role)}` : ""}`],
  [new RegExp(String.raw`${CLUSTER}\.check\("([^"]+)", \{ image: "([^"]+)" \}\)`, "g"), (_m, sub, group, name, registry, image) =>
    `aks-acr check ${registry} ${clusterFlags(sub, group!, name!)} --image ${image}`],
  [/registry\("([^"]+)"\)\.import\("([^"]+)", \{ tags: \["([^"]+)"\] \}\)/g, (_m, registry, source, tag) => `aks-acr import ${source} -r ${registry} --image ${tag}`],
  [/registry\("([^"]+)"\)\.import\(\.\.\.\)/g, (_m, registry) => `aks-acr import <source image> -r ${registry}`],
  [/Pass the image to pull, e\.g\. check\("([^"]+)", \{ probe: true, image: "([^"]+)" \}\)/g, (_m, registry, image) => `Pass the image to pull with --image, e.g. aks-acr check ${registry} -n <cluster> -g <group> --probe --image ${image}`],
  [/Pass mode: "Force"/g, () => "Pass --force"],
  [/Pass overwrite: true to replace it, or context: "<another name>"/g, () => "Pass --overwrite-existing to replace it, or --context <another name>"],
  [/Pass tags: \["repo:tag"\], or omit tags/g, () => "Pass --image repo:tag, or leave --image out"],
  [/run the check with \{ probe: true \}/g, () => "run the check with --probe"],
  [/pass a longer timeoutMs/g, () => "pass a longer --timeout"],
  [/Pass e\.g\. timeoutMs: (\d+)000\b/g, (_m, seconds) => `Pass e.g. --timeout ${seconds}`],
  [/Pass \{ subscriptionId \} in the options/g, () => "Pass --subscription <id>"],
  [/, or \{ subscriptionId, resourceGroup, name \}/g, () => ""],
  [/Pass \{ resourceGroup: "<group>" \} in the options/g, () => "Pass -g <group>"],
  [/Pass \{ location: "<region>" \}/g, () => "Pass -l <region>"],
  [/Pass \{ sku: "Basic" \}, "Standard" or "Premium"/g, () => "Pass --sku Basic, Standard or Premium"],
  [/Pass e\.g\. attach: \["([^"]+)"\]/g, (_m, registry) => `Pass e.g. --attach-acr ${registry}`],
  [/\(pass \{ probe: true, image \}\)/g, () => "(pass --probe --image <image>)"],
  [/with credentials\(\) and try again/g, () => "with aks-acr credentials and try again"],
  [/use credentials\(\{ admin: true \}\)/g, () => "use aks-acr credentials --admin"],
  [/\(the cloud option\)/g, () => "(--endpoint, when it points at a fake)"],
];

/** `text` with every library call and option it names rewritten as the CLI command or flag. */
export function toCliWording(text: string): string {
  return RULES.reduce((out, [pattern, replace]) => out.replace(pattern, (...match: unknown[]) => replace(...(match.slice(0, -2) as string[]))), text);
}

/** The message the CLI prints for an error: the library's, with its fix in CLI wording. */
export function cliMessage(error: unknown): string {
  if (!isAksAcrError(error)) return error instanceof Error ? error.message : String(error);
  return toCliWording(error.message);
}

/** The error's fix in CLI wording, for `-o json` error output. */
export function cliFix(error: AksAcrError): string | undefined {
  return error.fix === undefined ? undefined : toCliWording(error.fix);
}
