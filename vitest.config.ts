import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    // A proxy makes core-rest-pipeline use a proxy agent, and msw then sees the proxy's URL.
    env: { HTTPS_PROXY: "", HTTP_PROXY: "", https_proxy: "", http_proxy: "", NO_PROXY: "", AZURE_SUBSCRIPTION_ID: "" },
    testTimeout: 20_000,
    pool: "forks",
  },
});
