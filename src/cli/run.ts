import { CommanderError } from "commander";
import { setLogLevel } from "@azure/logger";
import { EXIT, type ExitCode } from "./exitCodes.js";
import { buildProgram } from "./program.js";
import { createRunner } from "./runner.js";
import type { CliIo, GlobalOptions } from "./session.js";

/** Commander's codes for output that is not a failure. */
const NOT_FAILURES = new Set(["commander.helpDisplayed", "commander.version"]);

/** Runs `aks-acr` with these arguments (`argv` as in `process.argv`) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const runner = createRunner(io);
  const program = buildProgram(runner);
  program.hook("preAction", (_program, action) => {
    if (action.optsWithGlobals<GlobalOptions>().verbose) setLogLevel("info");
  });
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) return NOT_FAILURES.has(error.code) ? EXIT.ok : EXIT.badInput;
    throw error;
  }
  return runner.exitCode;
}
