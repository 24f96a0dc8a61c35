import { createClient, type AzureClient } from "../client.js";
import type { ClientOptions } from "../options.js";
import { createFake, seedDemo, startInProcessFake, type FakeAzure } from "./fakeWorld.js";
import { createReporter, type ProgressStream, type Reporter } from "./progress.js";

export type OutputFormat = "table" | "json";

/** The options every command accepts (declared on the program). */
export interface GlobalOptions {
  output: OutputFormat;
  subscription?: string;
  fake?: boolean;
  verbose?: boolean;
}

/** Where the CLI writes: results on stdout, progress and errors on stderr. */
export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
}

/** What a command runs with: a client (to Azure or to the demo fake) and its output channels. */
export interface Session {
  readonly client: AzureClient;
  readonly output: OutputFormat;
  /** Step lines and progress, on stderr so that stdout holds only the result. */
  readonly progress: Reporter;
  /** Writes the result: as JSON with `--output json`, else the text `table()` makes. */
  result(value: unknown, table: () => string): void;
  close(): void;
}

export async function openSession(globals: GlobalOptions, io: CliIo): Promise<Session> {
  const subscription: ClientOptions = globals.subscription ? { subscriptionId: globals.subscription } : {};
  const fake = globals.fake ? await startInProcessFake(await demoFake()) : undefined;
  const client = createClient({ ...fake?.clientOptions, ...subscription, userAgentPrefix: "aks-acr-cli" });
  return {
    client,
    output: globals.output,
    progress: createReporter(io.stderr),
    result(value, table) {
      io.stdout.write(`${globals.output === "json" ? JSON.stringify(value, null, 2) : table()}\n`);
    },
    close: () => fake?.close(),
  };
}

async function demoFake(): Promise<FakeAzure> {
  const azure = await createFake();
  seedDemo(azure);
  return azure;
}
