import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";
import type { FakeAzure } from "../../fakes/index.js";
import { createContext } from "../../src/context.js";
import { isAksAcrError } from "../../src/errors.js";
import type { AksAcrError } from "../../src/errors.js";
import type { Context } from "../../src/context.js";


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
}

export function useFakeAzure(): Harness {
  const server = setupServer();
  const state: { azure?: FakeAzure; ctx?: Context } = {};
  const sent: SentRequest[] = [];
  server.events.on("request:start", ({ request }) => {
    const copy = request.clone();
    void copy.text().then((text) => {
      sent.push({ method: request.method, url: request.url, body: text === "" ? undefined : (JSON.parse(text) as unknown) });
    });
  });

  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    const azure = createFakeAzure();
    state.azure = azure;
    state.ctx = createContext({ credential: azure.credential(), subscriptionId: azure.subscriptionId, retry: { maxRetries: 0 } });
    server.resetHandlers(...azure.handlers);
    sent.length = 0;
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  return {
    get azure() {
      return state.azure as FakeAzure;
    },
    get ctx() {
      return state.ctx as Context;
    },
    sent,
  };
}

/** The journal entries of one method whose URL path matches. */
export function journal(azure: FakeAzure, method: string, path: RegExp): { method: string; url: string; status: number }[] {
  return azure.requests.filter((r: { method: string; url: string }) => r.method === method && path.test(new URL(r.url).pathname));
}

/** The AksAcrError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<AksAcrError> {
  try {
    await promise;
  } catch (error) {
    if (isAksAcrError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** The manifest digest a fake registry's `repository:tag` points at, read from the fake's state. */
export function tagDigest(azure: FakeAzure, registryName: string, repository: string, tag: string): string | undefined {
  const registry = azure.state.registries().find((r) => r.name.toLowerCase() === registryName.toLowerCase());
  return registry?.repositories.get(repository)?.tags.get(tag);
}
