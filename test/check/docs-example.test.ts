import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/check/index.js";
import { seedClusterAndRegistry, useFakeAzure } from "./harness.js";

const DOC = fileURLToPath(new URL("../../docs/check-example.md", import.meta.url));
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const DIGEST = /sha256:[0-9a-f]{64}/g;

const { azure, fresh } = useFakeAzure();

/** The report in the doc, with ids and digests (which differ per run) masked. */
function masked(text: string): string {
  return text.replace(GUID, "<guid>").replace(DIGEST, "<digest>");
}

function reportInDoc(doc: string): string {
  const block = /```text\n([\s\S]*?)\n```/.exec(doc)?.[1];
  if (block === undefined) throw new Error(`${DOC} has no \`\`\`text block`);
  return block;
}

describe("docs/check-example.md", () => {
  it("shows the report a real run prints for a registry that is not attached", async () => {
    seedClusterAndRegistry(azure);
    const report = await runCheck(fresh(), { resourceGroup: "rg", name: "aks" }, "myacr", { image: "nginx:v1" });
    const printed = report.toString();
    const doc = readFileSync(DOC, "utf8");
    // UPDATE_CHECK_EXAMPLE=1 npx vitest run test/check/docs-example.test.ts rewrites the block from this run.
    if (process.env["UPDATE_CHECK_EXAMPLE"]) writeFileSync(DOC, doc.replace(reportInDoc(doc), printed));
    else expect(masked(reportInDoc(doc))).toBe(masked(printed));
  });
});
