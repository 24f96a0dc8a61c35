import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import type { AksAcrError } from "../../src/errors.js";
import { isAksAcrError } from "../../src/errors.js";

/** A token shaped like a JWT, so redaction of both "Bearer …" and "eyJ…" is exercised. */
export const FAKE_TOKEN = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXNlY3JldA";

export const SUB = "00000000-0000-0000-0000-000000000000";
export const ARM = "https://management.azure.com";

/** A credential that always returns {@link FAKE_TOKEN} and counts its calls. */
export function fixedCredential(): TokenCredential & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async getToken(scopes): Promise<AccessToken> {
      calls.push(Array.isArray(scopes) ? scopes.join(" ") : String(scopes));
      return { token: FAKE_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

/** An msw server for one test file; unhandled requests fail the test instead of reaching the internet. */
export function useServer(): ReturnType<typeof setupServer> {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** Lets pending I/O and promise callbacks run (setImmediate is not faked) until `condition` holds. */
export async function until(condition: () => boolean, rounds = 200): Promise<void> {
  for (let i = 0; i < rounds && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error("condition not reached");
}

/** Fakes only the clocks the library waits on, leaving the I/O scheduling msw needs alone. */
export const FAKE_CLOCKS: Parameters<typeof vi.useFakeTimers>[0] = { toFake: ["setTimeout", "clearTimeout", "Date"] };

/** The AksAcrError `promise` rejects with; fails when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<AksAcrError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isAksAcrError(error)) throw new Error(`expected an AksAcrError, got ${String(error)}`);
  return error;
}
