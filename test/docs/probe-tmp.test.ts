import { mkdirSync, writeFileSync } from "node:fs";
import { pathToFileURL, fileURLToPath } from "node:url";
import { describe, it, expect, vi } from "vitest";
vi.mock("@azure/identity", () => ({ DefaultAzureCredential: class { getToken() { return Promise.resolve({ token: "x", expiresOnTimestamp: Date.now() + 1e6 }); } } }));
const dir = fileURLToPath(new URL("./.snip-probe/", import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(dir + "a.ts", `import { it, expect } from "vitest";\nimport { createFakeAzure } from "aks-acr/fakes";\nit("inner", () => { expect(createFakeAzure().subscriptionId).toMatch(/-/); });\n`);
describe("outer", async () => {
  await import(pathToFileURL(dir + "a.ts").href);
});
it("mock", async () => { const m = await import("@azure/identity"); expect(typeof m.DefaultAzureCredential).toBe("function"); expect(new (m.DefaultAzureCredential as any)().getToken).toBeDefined(); });
