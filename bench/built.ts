import { pathToFileURL } from "node:url";
import { join } from "node:path";
import type * as Library from "../src/index.js";
import type * as Fakes from "../fakes/index.js";

/** The package as users get it: the built `dist/` entry points, typed by their sources. */
export interface Built {
  lib: typeof Library;
  fakes: typeof Fakes;
}

/**
 * Loads `dist/index.js` and `dist/fakes.js` of the project at `root`. The path is computed so the
 * bundler leaves the import alone and the benchmark measures the built output, not the sources.
 */
export async function loadBuilt(root: string): Promise<Built> {
  const entry = (name: string): string => pathToFileURL(join(root, "dist", name)).href;
  const lib = (await import(entry("index.js"))) as typeof Library;
  const fakes = (await import(entry("fakes.js"))) as typeof Fakes;
  return { lib, fakes };
}
