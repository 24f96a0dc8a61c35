import type { FakeAzure } from "../../fakes/index.js";
import type { Context } from "../../src/context.js";
import { fakeContext, serveFakeAzure } from "../helpers/fake-azure.js";

export { seedClusterAndRegistry } from "../helpers/fake-azure.js";

/** One fake Azure per test file, served by msw and reset for every test; `fresh()` returns a context for the default caller. */
export function useFakeAzure(): { azure: FakeAzure; fresh(): Context } {
  const { azure } = serveFakeAzure({ lifetime: "file" });
  return { azure, fresh: () => fakeContext(azure, { retryOptions: { maxRetries: 0 } }) };
}
