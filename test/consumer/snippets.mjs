// Writes the ```ts blocks of a guide, as written, into a consumer project's test directory, one file per
// `<!-- snippet: name -->` marker, so the project runs them exactly as a reader would paste them.
// Usage: node snippets.mjs <guide.md> <out-dir> [skipped snippet names…]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [guide, outDir, ...skipped] = process.argv.slice(2);
const lines = readFileSync(guide, "utf8").split("\n");
mkdirSync(outDir, { recursive: true });
const written = [];
for (let i = 0; i < lines.length; i++) {
  if (lines[i] !== "```ts") continue;
  const name = /<!-- snippet: ([\w-]+) -->/.exec(lines[i - 1] ?? "")?.[1];
  const end = lines.findIndex((line, j) => j > i && line.startsWith("```"));
  if (!name || end < 0) throw new Error(`${guide}:${i + 1}: a \`\`\`ts block without a snippet marker or a closing fence`);
  if (!skipped.includes(name)) {
    writeFileSync(join(outDir, `${name}.test.ts`), `${lines.slice(i + 1, end).join("\n")}\n`);
    written.push(name);
  }
  i = end;
}
console.log(written.join(" "));
