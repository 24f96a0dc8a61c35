import { describe, expect, it } from "vitest";
import { formatSample, ratio, summarise } from "../../bench/stats.js";

describe("benchmark figures", () => {
  it("take the median of an odd and of an even number of runs, with the range", () => {
    expect(summarise([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(summarise([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
  });

  it("refuse to summarise no runs", () => {
    expect(() => summarise([])).toThrow(/no runs/);
  });

  it("print the spread, or the value once when every run agreed", () => {
    expect(formatSample({ median: 12.345, min: 11.2, max: 13.01, runs: 5 }, "ms")).toBe("12.3 ms (11.2–13.0, 5 runs)");
    expect(formatSample({ median: 3, min: 3, max: 3, runs: 5 })).toBe("3 (all 5 runs)");
  });

  it("print a ratio, or n/a against nothing", () => {
    expect(ratio(3, 11)).toBe("0.273×");
    expect(ratio(1, 0)).toBe("n/a");
  });
});
