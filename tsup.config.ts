import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", fakes: "fakes/index.ts", cli: "src/cli/main.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts", fakes: "fakes/index.ts" } },
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: true,
  // Heavy dependencies stay external and are loaded lazily where the code allows it.
  external: ["msw", "@kubernetes/client-node", "@azure/identity"],
});
