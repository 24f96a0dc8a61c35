import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Examples import the package by name, as its users do; in tests that name means the sources.
  resolve: {
    alias: [
      { find: /^aks-acr\/fakes$/, replacement: fileURLToPath(new URL("./fakes/index.ts", import.meta.url)) },
      { find: /^aks-acr$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    // A proxy makes core-rest-pipeline use a proxy agent, and msw then sees the proxy's URL.
    env: { HTTPS_PROXY: "", HTTP_PROXY: "", ALL_PROXY: "", https_proxy: "", http_proxy: "", all_proxy: "", NO_PROXY: "", no_proxy: "", AZURE_SUBSCRIPTION_ID: "" },
    testTimeout: 20_000,
    pool: "forks",
  },
});
