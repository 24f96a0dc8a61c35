/**
 * The code blocks of the guides, as files that can be imported and typechecked. A guide marks each
 * runnable block with `<!-- snippet: name -->` on the line before its ```ts fence; a ```ts block
 * without a marker is an error, so no TypeScript in a guide escapes the tests.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Snippet {
  /** The guide it comes from, relative to the repository root. */
  doc: string;
  name: string;
  code: string;
  /** 1-based line of the fence in the guide, for messages. */
  line: number;
}

const FENCE = /^```ts\s*$/;
const MARKER = /^<!--\s*snippet:\s*([a-z0-9-]+)\s*-->\s*$/;

/** The marked ```ts blocks of a guide, in order; throws on an unmarked block or a duplicate name. */
export function readSnippets(doc: string): Snippet[] {
  const lines = readFileSync(join(ROOT, doc), "utf8").split("\n");
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE.test(lines[i] ?? "")) continue;
    const name = MARKER.exec(lines[i - 1] ?? "")?.[1];
    if (!name) throw new Error(`${doc}:${i + 1}: a \`\`\`ts block has no <!-- snippet: name --> marker on the line before it.`);
    if (snippets.some((s) => s.name === name)) throw new Error(`${doc}:${i + 1}: snippet name '${name}' is used twice.`);
    const end = lines.findIndex((line, j) => j > i && line.startsWith("```"));
    if (end < 0) throw new Error(`${doc}:${i + 1}: the \`\`\`ts block is never closed.`);
    snippets.push({ doc, name, code: `${lines.slice(i + 1, end).join("\n")}\n`, line: i + 1 });
    i = end;
  }
  return snippets;
}

/**
 * Writes snippets under the repository (so the vitest aliases and node_modules resolve for them) in a
 * directory of this process's own; returns each file path by snippet, and a function that removes them.
 */
export function writeSnippets(snippets: readonly Snippet[]): { files: Map<Snippet, string>; remove(): void } {
  const dir = join(ROOT, "test", "docs", `.snippets-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const files = new Map<Snippet, string>();
  for (const snippet of snippets) {
    const file = join(dir, `${snippet.doc.replace(/\W+/g, "_")}__${snippet.name}.ts`);
    writeFileSync(file, snippet.code);
    files.set(snippet, file);
  }
  return { files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * TypeScript's errors in the given files, compiled with the project's settings and the package names
 * mapped to the sources (`aks-acr` → src/index.ts), as `file:line: message`.
 */
export function typeErrors(files: readonly string[]): string[] {
  const configPath = join(ROOT, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    paths: { "aks-acr": [join(ROOT, "src/index.ts")], "aks-acr/fakes": [join(ROOT, "fakes/index.ts")] },
  };
  const program = ts.createProgram({ rootNames: [...files], options });
  const wanted = new Set(files.map((f) => f.replace(/\\/g, "/")));
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && wanted.has(d.file.fileName))
    .map((d) => {
      const { line } = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0 };
      return `${d.file?.fileName ?? "?"}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}
