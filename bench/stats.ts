/** A figure measured several times: its median and the range the runs spanned. */
export interface Sample {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarise(values: readonly number[]): Sample {
  if (values.length === 0) throw new Error("Failed to summarise a benchmark figure: no runs were measured. Run the scenario at least once.");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, runs: sorted.length };
}

/** Runs `measure` `runs` times, one after the other, and summarises what it returned. */
export async function repeat(runs: number, measure: (run: number) => Promise<number> | number): Promise<Sample> {
  const values: number[] = [];
  for (let run = 0; run < runs; run++) values.push(await measure(run));
  return summarise(values);
}

/** Digits that keep three significant figures at most, so tables stay readable. */
export function round(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/** "12.3 ms (11.8–13.0, 5 runs)"; a figure that did not vary prints once. */
export function formatSample(sample: Sample, unit = ""): string {
  const suffix = unit ? ` ${unit}` : "";
  if (sample.runs === 1) return `${round(sample.median)}${suffix} (1 run)`;
  if (sample.min === sample.max) return `${round(sample.median)}${suffix} (all ${sample.runs} runs)`;
  return `${round(sample.median)}${suffix} (${round(sample.min)}–${round(sample.max)}, ${sample.runs} runs)`;
}

/** "0.42×"; undefined when there is nothing to compare with. */
export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return "n/a";
  return `${round(value / baseline)}×`;
}
