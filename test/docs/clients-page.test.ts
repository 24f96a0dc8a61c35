/**
 * docs/using-the-fake-from-other-clients.md shows what `fake serve` prints and the seed format:
 * its az setup lines are exactly the ones `fake serve --tls --port 8443 --ca-file ./fake-ca.pem`
 * prints (and `npm run test:clients` runs), and its seed document example is one the fake accepts.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applySeedDocument, azSetupLines, createFakeAzure, parseSeedDocument } from "../../fakes/index.js";

const page = readFileSync(new URL("../../docs/using-the-fake-from-other-clients.md", import.meta.url), "utf8");
const blocks = [...page.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, body]) => ({ lang, body: body ?? "" }));

describe("docs/using-the-fake-from-other-clients.md", () => {
  it("shows the az setup lines fake serve prints, verbatim", () => {
    const lines = azSetupLines("https://127.0.0.1:8443", "./fake-ca.pem");
    const block = blocks.find((b) => b.body.includes("az cloud register"));
    expect(block?.body.trimEnd().split("\n")).toEqual(lines);
  });

  it("shows a seed document the fake accepts, with every section", () => {
    const example = blocks.find((b) => b.lang === "yaml" && b.body.includes("roleAssignments:"));
    const document = parseSeedDocument(example?.body ?? "", "the docs' example");
    expect(Object.keys(document).sort()).toEqual(["clusters", "principals", "registries", "resourceGroups", "roleAssignments", "subscriptionId", "subscriptions", "tenantId"]);
    const azure = createFakeAzure({ tenantId: document.tenantId, subscriptionId: document.subscriptionId });
    const summary = applySeedDocument(azure, document);
    expect(summary.roleAssignments).toHaveLength(1);
  });

  it("starts from the world the client tests start from", () => {
    const seed = readFileSync(new URL("../clients/world.yaml", import.meta.url), "utf8");
    const shown = blocks.find((b) => b.body.includes("cat > world.yaml"))?.body ?? "";
    expect(parseSeedDocument(/<<'EOF'\n([\s\S]*?)\nEOF/.exec(shown)?.[1] ?? "")).toEqual(parseSeedDocument(seed));
  });
});
