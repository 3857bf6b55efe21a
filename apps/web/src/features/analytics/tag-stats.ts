/**
 * Statistics of tag cardinalities. Percentiles use linear interpolation between closest ranks on
 * the ascending sort, so p50 ≤ p90 ≤ p99 always holds (the original reported a p90 below the median).
 */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

export interface Bucket {
  label: string;
  count: number;
}

/** Log-10 buckets (1–9, 10–99, …), or 10 linear ones when the data spans under one order of magnitude. */
export function histogram(values: number[]): Bucket[] {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return [];
  const min = Math.min(...positive);
  const max = Math.max(...positive);
  if (max / min < 10) {
    const width = Math.max(1, Math.ceil((max - min + 1) / 10));
    const buckets: Bucket[] = [];
    for (let lo = min; lo <= max; lo += width) {
      const label = width === 1 ? lo.toLocaleString() : `${lo.toLocaleString()}–${(lo + width - 1).toLocaleString()}`;
      buckets.push({ label, count: positive.filter((v) => v >= lo && v < lo + width).length });
    }
    return buckets;
  }
  const top = Math.floor(Math.log10(max));
  const buckets: Bucket[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= top; e += 1) {
    const lo = 10 ** e;
    const hi = 10 ** (e + 1);
    buckets.push({ label: `${lo.toLocaleString()}–${(hi - 1).toLocaleString()}`, count: positive.filter((v) => v >= lo && v < hi).length });
  }
  return buckets;
}
