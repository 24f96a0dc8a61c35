import { describe, expect, it } from "vitest";
import { createReport, wrap, type CheckResult } from "../../src/check/report.js";

const pass = (id: CheckResult["id"], title: string): CheckResult => ({ id, title, status: "pass", finding: `${title} is fine.` });

describe("check report", () => {
  it("is ok when nothing fails, even with warnings and skipped checks", () => {
    const report = createReport("aks", "myacr", [
      pass("cluster", "Cluster"),
      { id: "network", title: "Network", status: "warn", finding: "Public access is disabled.", fix: "Add a private endpoint." },
      { id: "image", title: "Image", status: "skipped", finding: "No image was given." },
    ]);
    expect(report.ok).toBe(true);
  });

  it("is not ok when one check fails", () => {
    const report = createReport("aks", "myacr", [pass("cluster", "Cluster"), { id: "pullRole", title: "Pull role", status: "fail", finding: "No role.", fix: "Attach." }]);
    expect(report.ok).toBe(false);
    expect(report.get("pullRole")?.status).toBe("fail");
  });

  it("orders checks by the fixed check order whatever order they finished in", () => {
    const report = createReport("aks", "myacr", [pass("probe", "Probe"), pass("registry", "Registry"), pass("cluster", "Cluster")]);
    expect(report.checks.map((c) => c.id)).toEqual(["cluster", "registry", "probe"]);
  });

  it("prints aligned columns, wraps long findings and lists fixes below", () => {
    const long = "word ".repeat(40).trim();
    const report = createReport("aks", "myacr", [
      pass("cluster", "Cluster"),
      { id: "pullRole", title: "Pull role assignment", status: "fail", finding: long, fix: 'integration({ resourceGroup: "rg", name: "aks" }).attach("myacr")' },
    ]);
    const lines = report.toString().split("\n");
    const header = lines.find((l) => l.startsWith("STATUS")) ?? "";
    const findingColumn = header.indexOf("FINDING");
    const passLine = lines.find((l) => l.startsWith("PASS")) ?? "";
    expect(passLine.indexOf("Cluster is fine.")).toBe(findingColumn);
    const failIndex = lines.findIndex((l) => l.startsWith("FAIL"));
    expect(lines[failIndex + 1]?.slice(0, findingColumn).trim()).toBe("");
    expect(lines[failIndex + 1]?.slice(findingColumn)).toMatch(/^word/);
    expect(lines).toContain('  1. Pull role assignment: integration({ resourceGroup: "rg", name: "aks" }).attach("myacr")');
    expect(report.toString()).toContain("NOT OK: 1 check failed");
  });

  it("wraps at spaces within the width", () => {
    expect(wrap("aa bb cc dd", 5)).toEqual(["aa bb", "cc dd"]);
    expect(wrap("averyveryverylongword x", 5)).toEqual(["averyveryverylongword", "x"]);
  });
});
