/**
 * A fake Azure as a standalone emulator, in the spirit of Azurite and LocalStack: one world served
 * over loopback HTTPS (or HTTP) until stopped, seeded from a document or by a callback, with its CA
 * written to a file for `REQUESTS_CA_BUNDLE` / `NODE_EXTRA_CA_CERTS`. What `aks-acr fake serve` runs.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFakeAzure, type FakeAzure } from "../azure.js";
import type { ListenOptions, ListeningFake } from "../listen.js";
import { createLoopbackCertificate } from "../tls.js";
import { applySeedDocument } from "./applySeed.js";
import type { SeedDocument } from "./seedDocument.js";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port to listen on. @default 0 (any free port) */
  port?: number;
  /** Loopback address to listen on. @default "127.0.0.1" */
  host?: ListenOptions["host"];
  /** `true`: make a CA and serving certificate now; or PEMs to serve with. @default plain HTTP */
  tls?:
    | true
    | {
        /** PEM serving certificate. */
        cert: string;
        /** PEM private key of the certificate. */
        key: string;
        /** PEM of the CA that signed `cert`, put into the kubeconfigs the fake hands out. @default none: kubeconfigs then skip TLS verification */
        ca?: string;
      };
  /** Where `tls: true` writes the CA certificate. @default `ca.pem` in a new temporary directory (removed by `close()`) */
  caFile?: string;
  /** The world to serve (its `tenantId` / `subscriptionId` become the fake's); `POST /_fake/reset` returns to it. */
  seed?: {
    /** The parsed, validated seed document. */
    document: SeedDocument;
    /** Where it came from (a file name), for error messages. */
    source: string;
  };
  /** Fills the world when there is no seed document (the CLI's demo world); also run after each reset. */
  populate?: (azure: FakeAzure) => void;
  /** Default tenant when the seed document does not give one. @default a random GUID */
  tenantId?: string;
  /** Default subscription when the seed document does not give one. @default a random GUID */
  subscriptionId?: string;
}

/** A running emulator; `close()` stops it and removes the CA file it made. */
export interface Emulator {
  /** The world it serves. */
  readonly azure: FakeAzure;
  /** Where it listens. */
  readonly server: ListeningFake;
  /** The CA certificate's file, when serving HTTPS with a certificate made at start. */
  readonly caFile: string | undefined;
  /** Stops serving (dropping open connections) and removes the CA file it made. */
  close(): Promise<void>;
}

/** Creates a fake Azure, seeds it and serves it on loopback: what `aks-acr fake serve` does. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const document = options.seed?.document;
  const tenantId = document?.tenantId ?? options.tenantId;
  const subscriptionId = document?.subscriptionId ?? options.subscriptionId;
  const azure = createFakeAzure({ ...(tenantId && { tenantId }), ...(subscriptionId && { subscriptionId }) });
  const populate = (): void => {
    if (options.seed) applySeedDocument(azure, options.seed.document, options.seed.source);
    else options.populate?.(azure);
  };
  populate();
  const made = options.tls === true ? await createLoopbackCertificate() : undefined;
  const tls = made ?? (options.tls === true ? undefined : options.tls);
  let caFile: string | undefined;
  let madeDir: string | undefined;
  if (made) {
    caFile = options.caFile ?? join((madeDir = await mkdtemp(join(tmpdir(), "aks-acr-fake-"))), "ca.pem");
    await writeFile(caFile, made.ca, { mode: 0o644 });
  }
  const reset = (): void => {
    azure.reset();
    populate();
  };
  let server: ListeningFake;
  try {
    server = await azure.listen({
      ...(options.port !== undefined && { port: options.port }),
      ...(options.host && { host: options.host }),
      ...(tls && { tls: { cert: tls.cert, key: tls.key, ...(tls.ca && { ca: tls.ca }) } }),
      admin: { reset },
    });
  } catch (error) {
    if (madeDir) await rm(madeDir, { recursive: true, force: true });
    throw error;
  }
  return {
    azure,
    server,
    caFile,
    async close() {
      await server.close();
      if (madeDir) await rm(madeDir, { recursive: true, force: true });
    },
  };
}
