import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = new URL("../..", import.meta.url).pathname;

// The package imports itself by name (exports self-reference), so these resolve through package.json's
// exports map exactly as a consumer's `import` / `require` would.
async function node(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, args, { cwd: root });
  return stdout.trim();
}

describe("the built package", () => {
  beforeAll(async () => {
    if (!existsSync(`${root}dist/index.js`) || !existsSync(`${root}dist/fakes.cjs`)) {
      await run("npx", ["tsup"], { cwd: root });
    }
  }, 180_000);

  it("loads both entries with import", async () => {
    const out = await node([
      "--input-type=module",
      "-e",
      `const lib = await import("aks-acr"); const fakes = await import("aks-acr/fakes");
       console.log(JSON.stringify([typeof lib.integration, typeof lib.createClient, typeof lib.isAksAcrError, typeof fakes.createFakeAzure]));`,
    ]);
    expect(JSON.parse(out)).toEqual(["function", "function", "function", "function"]);
  });

  it("loads both entries with require", async () => {
    const out = await node([
      "-e",
      `const lib = require("aks-acr"); const fakes = require("aks-acr/fakes");
       console.log(JSON.stringify([typeof lib.integration, typeof lib.registry, typeof lib.cluster, typeof fakes.createFakeAzure]));`,
    ]);
    expect(JSON.parse(out)).toEqual(["function", "function", "function", "function"]);
  });

  it("does not load the Kubernetes client or @azure/identity until a call needs them", async () => {
    // A resolve hook sees every module the import pulls in, ESM and CJS alike.
    const hook = `export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      if (/client-node|@azure[\\/]identity/.test(result.url)) process.stdout.write("HEAVY " + result.url + "\\n");
      return result;
    }`;
    const out = await node([
      "--input-type=module",
      "-e",
      `import { register } from "node:module";
       register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}));
       await import("aks-acr");
       console.log("loaded");`,
    ]);
    expect(out).toBe("loaded");
  });
});
