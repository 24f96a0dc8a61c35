import type { SetupServer } from "msw/node";
import { beforeEach } from "vitest";
import type { FakeAzure } from "../../fakes/index.js";
import type { Context } from "../../src/context.js";
import { serveFakeAzure } from "../helpers/fake-azure.js";

export { rejection } from "../helpers/fake-azure.js";

/** A body the library sent, read off the wire. */
export interface SentRequest {
  method: string;
  url: string;
  body: unknown;
}

/** A fresh fake Azure and a context pointed at it for every test; msw serves it in-process. */
export interface Harness {
  readonly azure: FakeAzure;
  readonly ctx: Context;
  /** Requests as sent, with their JSON bodies (the journal has no bodies). */
  readonly sent: SentRequest[];
  /** The msw server, for handlers in front of the fake. */
  readonly server: SetupServer;
}

export function useFakeAzure(): Harness {
  const served = serveFakeAzure({ context: { retryOptions: { maxRetries: 0 } } });
  const sent: SentRequest[] = [];
  served.server.events.on("request:start", ({ request }) => {
    const copy = request.clone();
    void copy.text().then((text) => {
      sent.push({ method: request.method, url: request.url, body: text === "" ? undefined : parseBody(text) });
    });
  });
  beforeEach(() => {
    sent.length = 0;
  });
  return Object.assign(served, { sent });
}

/** JSON bodies parsed; form bodies (a registry's token exchange) kept as text. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The journal entries of one method whose URL path matches. */
export function journal(azure: FakeAzure, method: string, path: RegExp): { method: string; url: string; status: number }[] {
  return azure.requests.filter((r: { method: string; url: string }) => r.method === method && path.test(new URL(r.url).pathname));
}

/** The manifest digest a fake registry's `repository:tag` points at, read from the fake's state. */
export function tagDigest(azure: FakeAzure, registryName: string, repository: string, tag: string): string | undefined {
  const registry = azure.state.registries().find((r) => r.name.toLowerCase() === registryName.toLowerCase());
  return registry?.repositories.get(repository)?.tags.get(tag);
}
