import { readdirSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { it, vi } from "vitest";
it("dump", async () => {
  const { replay } = await import("./replayExchange.js");
  const files = readdirSync(new URL("../../../../shared/arm-recordings/", import.meta.url)).filter((f) => f.endsWith(".json") && !f.startsWith("sequence-"));
  const out: Record<string, string[]> = {};
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  for (const f of files) { try { out[f] = await replay(f); } catch (e) { out[f] = [String(e)]; } }
  writeFileSync("/tmp/replay-diffs.json", JSON.stringify(out, null, 1));
});
