/**
 * Runs `aks-acr …args` in this process through the same entry the bin uses (`runCli`), for tests
 * of parsing and output that need no process of their own: no build, no Node start-up per run.
 */
import { runCli } from "../../src/cli/run.js";
import type { CliRun } from "./bin.js";

export async function runInProcess(...args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["node", "aks-acr", ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}
