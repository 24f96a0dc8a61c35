import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", fakes: "fakes/index.ts", cli: "src/cli/main.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts", fakes: "fakes/index.ts" } },
  // The CLI (the `bin`) runs as ES modules: `require` needs only the library, so the CommonJS build leaves it out.
  esbuildOptions(options, { format }) {
    if (format === "cjs" && options.entryPoints && !Array.isArray(options.entryPoints)) {
      const { cli: _cli, ...library } = options.entryPoints as Record<string, string>;
      options.entryPoints = library;
    }
  },
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: true,
  // Heavy dependencies stay external and are loaded lazily where the code allows it.
  external: ["msw", "@kubernetes/client-node", "@azure/identity"],
});
