import { createClient, type AzureClient } from "../client.js";
import type { ClientOptions } from "../options.js";
import { endpointCloud, endpointCredential, endpointHttpClient, endpointSubscription } from "./endpoint.js";
import { createFake, seedDemo, startInProcessFake, type FakeAzure } from "./fakeWorld.js";
import type { GlobalOptions, OutputFormat } from "./globalOptions.js";
import { formatOutput } from "./output.js";
import { createReporter, type ProgressStream, type Reporter } from "./progress.js";

export type { GlobalOptions, OutputFormat } from "./globalOptions.js";

/** Where the CLI writes: results on stdout, progress and errors on stderr. */
export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
}

/** What the requests of a run reach: real Azure, the in-process `--fake`, or a running fake at `--endpoint`. */
export type Target = "azure" | "fake" | "endpoint";

/** What a command runs with: a client (to Azure or to a fake) and its output channels. */
export interface Session {
  readonly client: AzureClient;
  readonly target: Target;
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  /** Step lines and progress, on stderr so that stdout holds only the result. */
  readonly progress: Reporter;
  /** Writes the result as `-o` and `--query` ask; `table()` makes the text of `-o table` without a query. */
  result(value: unknown, table: () => string): Promise<void>;
  /** Resolves when every result is written (the runner waits for it, so an un-awaited `result` is not lost). */
  written(): Promise<void>;
  close(): void;
}

/** Opens a session without sending any request: the first request is the command's own. */
export async function openSession(globals: GlobalOptions, io: CliIo): Promise<Session> {
  const userAgentOptions = { userAgentPrefix: "aks-acr-cli" };
  const subscription: ClientOptions = globals.subscription ? { subscriptionId: globals.subscription } : {};
  const fake = globals.fake ? await startInProcessFake(await demoFake()) : undefined;
  const target: Target = fake ? "fake" : globals.endpoint ? "endpoint" : "azure";
  const client = globals.endpoint
    ? endpointClient(globals.endpoint, { ...subscription, userAgentOptions })
    : createClient({ ...fake?.clientOptions, ...subscription, userAgentOptions });
  const writes: Promise<void>[] = [];
  return {
    client,
    target,
    globals,
    output: globals.output,
    progress: createReporter(io.stderr),
    result(value, table) {
      const color = io.stdout.isTTY === true && !process.env["NO_COLOR"];
      const write = formatOutput(value, { output: globals.output, ...(globals.query !== undefined && { query: globals.query }), color }, table).then((text) => {
        if (text !== undefined) io.stdout.write(`${text}\n`);
      });
      writes.push(write);
      return write;
    },
    written: () => Promise.all(writes).then(() => undefined),
    close: () => fake?.close(),
  };
}

/** A client of the endpoint; without --subscription, its only subscription, looked up at the first call. */
function endpointClient(endpoint: string, options: ClientOptions): AzureClient {
  const credential = endpointCredential(endpoint);
  const base: ClientOptions = { ...options, credential, cloud: endpointCloud(endpoint), httpClient: endpointHttpClient(endpoint) };
  if (base.subscriptionId) return createClient(base);
  let client: Promise<AzureClient> | undefined;
  const ready = (): Promise<AzureClient> => (client ??= endpointSubscription(endpoint, credential).then((subscriptionId) => createClient({ ...base, subscriptionId })));
  return deferred(ready);
}

/**
 * An AzureClient whose every call waits for `ready()`. What a call returns stands in for the real
 * result: awaiting it gives the result (for calls that return a promise), and calling a method on it
 * calls that method of the result (for entry points such as `integration(ref)`, which return an API).
 */
function deferred(ready: () => Promise<AzureClient>): AzureClient {
  type Members = Record<PropertyKey, (...args: unknown[]) => unknown>;
  return new Proxy({} as AzureClient, {
    get: (_client, name) =>
      (...args: unknown[]) => {
        const result = (): Promise<unknown> => ready().then((client) => (client as unknown as Members)[name]?.(...args));
        return new Proxy(
          {},
          {
            get: (_result, member) =>
              member === "then"
                ? (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) => result().then(onFulfilled, onRejected)
                : async (...memberArgs: unknown[]) => ((await result()) as Members)[member]?.(...memberArgs),
          },
        );
      },
  });
}

async function demoFake(): Promise<FakeAzure> {
  const azure = await createFake();
  seedDemo(azure);
  return azure;
}
