import { describe, expect, it } from "vitest";
import { Command } from "commander";
import { addGlobalOptions, globalsOf } from "../../src/cli/globalOptions.js";
import { formatOutput } from "../../src/cli/output.js";

const RESULT = {
  assignmentId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr/providers/Microsoft.Authorization/roleAssignments/a",
  created: true,
  role: { name: "AcrPull", id: "7f951dda" },
  registries: [
    { name: "myacr", loginServer: "myacr.azurecr.io", tags: ["a", "b"] },
    { name: "other", loginServer: "other.azurecr.io", tags: [] },
  ],
};
const table = (): string => "the command's own table";
const out = (output: Parameters<typeof formatOutput>[1]["output"], query?: string): Promise<string | undefined> =>
  formatOutput(RESULT, { output, ...(query !== undefined && { query }) }, table);

describe("-o and --query, as az prints them", () => {
  it("tsv gives a bare value a script can use", async () => {
    expect(await out("tsv", "assignmentId")).toBe(RESULT.assignmentId);
    expect(await out("tsv", "created")).toBe("true");
    expect(await out("tsv", "registries[].name")).toBe("myacr\nother");
    // Objects become tab-separated scalar fields; a list field is its length, as in az.
    expect(await out("tsv", "registries")).toBe("myacr\tmyacr.azurecr.io\t2\nother\tother.azurecr.io\t0");
  });

  it("json and jsonc are the (queried) result; yaml the same data", async () => {
    expect(JSON.parse((await out("json")) ?? "")).toEqual(RESULT);
    expect(JSON.parse((await out("json", "role")) ?? "")).toEqual(RESULT.role);
    expect(await out("jsonc", "role")).toBe(JSON.stringify(RESULT.role, null, 2));
    expect(await formatOutput(RESULT.role, { output: "jsonc", color: true }, table)).toContain('\x1b[94m"name"\x1b[0m: \x1b[32m"AcrPull"\x1b[0m');
    expect(await out("yaml", "role")).toBe("name: AcrPull\nid: 7f951dda");
  });

  it("table is the command's own without a query, and a generic table of the query's result with one", async () => {
    expect(await out("table")).toBe("the command's own table");
    expect(await out("table", "registries[].{name: name, server: loginServer}")).toMatch(/^Name\s+Server\nmyacr\s+myacr\.azurecr\.io\nother\s+other\.azurecr\.io$/);
  });

  it("none prints nothing", async () => {
    expect(await out("none")).toBeUndefined();
  });
});

describe("global options", () => {
  const parse = (...args: string[]): Command => {
    const program = addGlobalOptions(new Command("aks-acr").exitOverride());
    let leaf: Command | undefined;
    program.command("attach").argument("[registry]").action((_r, _f, command: Command) => void (leaf = command));
    program.parse(["node", "aks-acr", ...args]);
    if (!leaf) throw new Error("no action ran");
    return leaf;
  };

  it("are accepted after the subcommand, as az users type them", () => {
    expect(globalsOf(parse("attach", "myacr", "-o", "tsv", "--query", "id"), {})).toMatchObject({ output: "tsv", query: "id" });
  });

  it("take the endpoint from AKS_ACR_ENDPOINT, and --endpoint over it", () => {
    expect(globalsOf(parse("attach"), { AKS_ACR_ENDPOINT: "http://127.0.0.1:8080/" }).endpoint).toBe("http://127.0.0.1:8080");
    expect(globalsOf(parse("attach", "--endpoint", "http://127.0.0.1:9090"), { AKS_ACR_ENDPOINT: "http://127.0.0.1:8080" }).endpoint).toBe("http://127.0.0.1:9090");
    // --fake wins over the variable: a fresh in-process world was asked for.
    expect(globalsOf(parse("attach", "--fake"), { AKS_ACR_ENDPOINT: "http://127.0.0.1:8080" }).endpoint).toBeUndefined();
  });

  it("refuse a query that does not compile, as InvalidInput", () => {
    expect(() => globalsOf(parse("attach", "--query", "a[?"), {})).toThrow(expect.objectContaining({ code: "InvalidInput", message: expect.stringContaining("--query a[?") }));
  });
});
