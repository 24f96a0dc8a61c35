import type { Command } from "commander";
import { isAksAcrError } from "../errors.js";
import { EXIT, exitCodeOf, type ExitCode } from "./exitCodes.js";
import { openSession, type CliIo, type GlobalOptions, type Session } from "./session.js";

/** Runs command actions and remembers the exit code of the last one. */
export interface Runner {
  readonly io: CliIo;
  exitCode: ExitCode;
  /** Opens a session from the command's global options, runs `body`, reports a failure. */
  run(command: Command, body: (session: Session) => Promise<ExitCode | void>): Promise<void>;
}

export function createRunner(io: CliIo): Runner {
  const runner: Runner = {
    io,
    exitCode: EXIT.ok,
    async run(command, body) {
      const globals = command.optsWithGlobals<GlobalOptions>();
      let session: Session | undefined;
      try {
        session = await openSession(globals, io);
        runner.exitCode = (await body(session)) ?? EXIT.ok;
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

/** The error's message on stderr (never a token: AksAcrError messages are redacted) and, with json output, `{ error }` on stdout. */
export function reportError(error: unknown, globals: Pick<GlobalOptions, "output" | "verbose">, io: CliIo): void {
  const code = isAksAcrError(error) ? error.code : "Unexpected";
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${isAksAcrError(error) ? "" : "Failed: "}${message}\n`);
  if (globals.verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  if (globals.output === "json") io.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
}
