import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { KNOWN_DIFFERENCES } from "./knownDifferences.js";
import { exchanges, replay } from "./replayExchange.js";
import { REPLAYS } from "./seeds.js";

const DOC = new URL("../../../docs/fake-known-differences.md", import.meta.url);

describe("replaying each recorded exchange against the fake", () => {
  it("has a seeding and a known-differences entry for every exchange recording, and nothing else", () => {
    expect(Object.keys(REPLAYS).sort()).toEqual([...exchanges].sort());
    expect(Object.keys(KNOWN_DIFFERENCES).sort()).toEqual([...exchanges].sort());
  });

  for (const file of exchanges) {
    it(`${file}: status, client-read headers and body keys match, except the listed differences`, async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      const found = await replay(file);
      warn.mockRestore();
      expect(found).toEqual(KNOWN_DIFFERENCES[file] ?? []);
    });
  }

  it("lists every remaining difference, one by one, in docs/fake-known-differences.md", () => {
    const doc = readFileSync(DOC, "utf8");
    const missing = Object.entries(KNOWN_DIFFERENCES).flatMap(([file, lines]) => lines.filter((line) => !doc.includes(`\`${file}\`: ${line}`)).map((line) => `${file}: ${line}`));
    expect(missing).toEqual([]);
  });
});
