/**
 * Every ```ts block of the guides runs here, as written, against the fake Azure, and typechecks
 * against the current API: a guide that drifts from the code fails this file.
 *
 * docs/getting-started.md is written for real Azure (DefaultAzureCredential, AZURE_SUBSCRIPTION_ID),
 * so `@azure/identity` is replaced by a DefaultAzureCredential that signs in to the fake, and each
 * snippet starts from the world getting-started-worlds.ts describes for it. The blocks of
 * docs/testing-with-the-fake.md are vitest suites themselves; each runs as a suite of this file.
 */
import type { GetTokenOptions } from "@azure/core-auth";
import { format } from "node:util";
import { pathToFileURL } from "node:url";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeAzure, type FakeAzure } from "../../fakes/index.js";
import { drive } from "../cluster/harness.js";
import { GETTING_STARTED } from "./getting-started-worlds.js";
import { readSnippets, typeErrors, writeSnippets } from "./snippets.js";

const signedIn = vi.hoisted(() => ({ azure: undefined as { credential(): { getToken(scopes: string | string[], options?: unknown): Promise<unknown> } } | undefined }));

// Outside getting-started.md's tests the real DefaultAzureCredential runs: the guide on testing signs it in through the fake's token endpoint.
vi.mock("@azure/identity", async (importOriginal) => {
  const identity = await importOriginal<typeof import("@azure/identity")>();
  return {
    ...identity,
    DefaultAzureCredential: class extends identity.DefaultAzureCredential {
      override getToken(scopes: string | string[], options?: GetTokenOptions): Promise<import("@azure/core-auth").AccessToken> {
        if (!signedIn.azure) return super.getToken(scopes, options);
        return signedIn.azure.credential().getToken(scopes, options) as Promise<import("@azure/core-auth").AccessToken>;
      }
    },
  };
});

const gettingStarted = readSnippets("docs/getting-started.md");
const testingWithTheFake = readSnippets("docs/testing-with-the-fake.md");
const written = writeSnippets([...gettingStarted, ...testingWithTheFake]);
const urlOf = (snippet: (typeof gettingStarted)[number]): string => pathToFileURL(written.files.get(snippet) ?? "").href;

afterAll(() => written.remove());

it("every snippet of the guides typechecks against the current API", () => {
  expect(typeErrors([...written.files.values()])).toEqual([]);
}, 120_000);

describe("docs/getting-started.md", () => {
  const server = setupServer();
  let azure: FakeAzure;

  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    azure = createFakeAzure();
    signedIn.azure = azure;
    server.resetHandlers(...azure.handlers);
    process.env["AZURE_SUBSCRIPTION_ID"] = azure.subscriptionId;
    azure.seed.resourceGroup({ name: "rg", location: "westeurope" });
  });
  afterEach(() => {
    vi.useRealTimers();
    signedIn.azure = undefined;
    process.env["AZURE_SUBSCRIPTION_ID"] = "";
    process.exitCode = undefined;
  });
  afterAll(() => server.close());

  it("has a starting world for each snippet, and a snippet for each world", () => {
    expect(gettingStarted.map((s) => s.name).sort()).toEqual(Object.keys(GETTING_STARTED).sort());
  });

  for (const snippet of gettingStarted) {
    it(`${snippet.name} (line ${snippet.line}) runs as written`, async () => {
      const world = GETTING_STARTED[snippet.name];
      if (!world) throw new Error(`docs/getting-started.md: snippet '${snippet.name}' has no world in getting-started-worlds.ts.`);
      world.setup(azure);
      const printed: string[] = [];
      const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
      try {
        await drive(import(urlOf(snippet)));
      } finally {
        log.mockRestore();
      }
      world.verify(azure, printed);
    });
  }
});

describe("docs/testing-with-the-fake.md", () => {
  it("has snippets", () => expect(testingWithTheFake.length).toBeGreaterThan(0));
  for (const snippet of testingWithTheFake) {
    describe(`${snippet.name} (line ${snippet.line})`, async () => {
      await import(urlOf(snippet));
    });
  }
});
