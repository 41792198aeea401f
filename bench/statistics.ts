/** The few statistics the benchmarks report: medians over runs, percentiles over samples, ratios. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Linear-interpolated percentile (p in 0..100) of the values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  const highValue = sorted[high] as number;
  return lowValue + (highValue - lowValue) * (rank - low);
}

/** A figure measured over several runs: every run is kept so a reader can see the spread. */
export interface Sample {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function sampleOf(runs: readonly number[]): Sample {
  return {
    median: round(median(runs)),
    min: round(Math.min(...runs)),
    max: round(Math.max(...runs)),
    runs: runs.map((run) => round(run)), // not .map(round): the index would become the decimals
  };
}

/** Rounds to 3 significant decimals: enough for ms, µs and ratios, without float noise in the JSON. */
export function round(value: number, decimals = 3): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function ratio(value: number, baseline: number): number {
  return round(value / baseline);
}
