import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, mergeConfig } from "vitest/config";
import base from "../../vitest.config.js";

/**
 * The repository's vitest config with `msw` and `msw/node` taken from the msw installation at
 * MSW_DIR (another major than the repository's own), for running the fake's tests against it.
 */
const mswDir = process.env["MSW_DIR"];
if (!mswDir) throw new Error("Set MSW_DIR to the directory of the msw package to test against.");
const { exports } = JSON.parse(readFileSync(join(mswDir, "package.json"), "utf8")) as { exports: Record<string, { default: string }> };
const entry = (subpath: string): string => {
  const target = exports[subpath]?.default;
  if (!target) throw new Error(`msw at ${mswDir} exports no '${subpath}'.`);
  return join(mswDir, target);
};

export default mergeConfig(
  base,
  defineConfig({
    resolve: { alias: [{ find: /^msw$/, replacement: entry(".") }, { find: /^msw\/node$/, replacement: entry("./node") }] },
  }),
);
