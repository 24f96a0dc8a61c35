import type { Command } from "commander";
import { isAksAcrError } from "../errors.js";
import { cliFix, cliMessage } from "./cliWording.js";
import { EXIT, exitCodeOf, type ExitCode } from "./exitCodes.js";
import { globalsOf, type GlobalOptions } from "./globalOptions.js";
import { openSession, type CliIo, type Session } from "./session.js";

/** Runs command actions and remembers the exit code of the last one. */
export interface Runner {
  readonly io: CliIo;
  exitCode: ExitCode;
  /**
   * The one way a command runs: validates the global options (`-o`, `--query`, `--endpoint`, `--fake`,
   * `--subscription`), opens a session on them (no request is sent until `body` makes one), runs
   * `body`, waits for its output and reports a failure with fixes in CLI wording and the exit code.
   */
  run(command: Command, body: (session: Session) => Promise<ExitCode | void>): Promise<void>;
}

export function createRunner(io: CliIo): Runner {
  const runner: Runner = {
    io,
    exitCode: EXIT.ok,
    async run(command, body) {
      let globals: Pick<GlobalOptions, "output" | "verbose"> = command.optsWithGlobals<GlobalOptions>();
      let session: Session | undefined;
      try {
        globals = globalsOf(command);
        session = await openSession(globals as GlobalOptions, io);
        runner.exitCode = (await body(session)) ?? EXIT.ok;
        await session.written();
      } catch (error) {
        runner.exitCode = exitCodeOf(error);
        reportError(error, globals, io);
      } finally {
        session?.close();
      }
    },
  };
  return runner;
}

/** Output formats whose stdout is a document, so a failure is one there too. */
const DOCUMENT_OUTPUTS = new Set(["json", "jsonc", "yaml"]);

/**
 * The error's message on stderr, its fix worded as CLI flags (never a token: AksAcrError messages are
 * redacted) and, with json or yaml output, `{ error: { code, message, fix } }` as JSON on stdout.
 */
export function reportError(error: unknown, globals: Pick<GlobalOptions, "output" | "verbose">, io: CliIo): void {
  const code = isAksAcrError(error) ? error.code : "Unexpected";
  const message = cliMessage(error);
  io.stderr.write(`${isAksAcrError(error) ? "" : "Failed: "}${message}\n`);
  if (globals.verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  if (DOCUMENT_OUTPUTS.has(globals.output)) {
    const fix = isAksAcrError(error) ? cliFix(error) : undefined;
    io.stdout.write(`${JSON.stringify({ error: { code, message, ...(fix !== undefined && { fix }) } }, null, 2)}\n`);
  }
}
