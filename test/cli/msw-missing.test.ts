import { describe, expect, it } from "vitest";
import { mswMissing } from "../../src/cli/fakeWorld.js";
import { isAksAcrError } from "../../src/errors.js";

/** An installed aks-acr may have no msw beside it (an optional peer): `--fake` and `fake serve` say so. */
describe("the fake commands without msw installed", () => {
  it("turn Node's module-not-found for msw into a typed error that says what to install", () => {
    for (const [code, message] of [
      ["ERR_MODULE_NOT_FOUND", "Cannot find package 'msw' imported from /x/node_modules/aks-acr/dist/fakes.js"],
      ["ERR_MODULE_NOT_FOUND", "Cannot find package 'msw/node' imported from /x/dist/cli.js"],
      ["MODULE_NOT_FOUND", "Cannot find module 'msw'"],
    ]) {
      const error = mswMissing(Object.assign(new Error(message), { code }));
      expect(isAksAcrError(error) && error.code).toBe("InvalidInput");
      expect(error?.message).toMatch(/^Failed to start the fake Azure: .*msw.*npm install --save-dev msw@2/);
    }
  });

  it("leaves every other error alone, including a missing module that is not msw", () => {
    expect(mswMissing(Object.assign(new Error("Cannot find package 'mswx' imported from /x"), { code: "ERR_MODULE_NOT_FOUND" }))).toBeUndefined();
    expect(mswMissing(Object.assign(new Error("Cannot find package 'yaml' imported from /x"), { code: "ERR_MODULE_NOT_FOUND" }))).toBeUndefined();
    expect(mswMissing(new Error("Cannot find package 'msw'"))).toBeUndefined();
    expect(mswMissing(undefined)).toBeUndefined();
  });
});
