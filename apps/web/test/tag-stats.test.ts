import { describe, expect, it } from 'vitest';
import { histogram, percentile } from '../src/features/analytics/tag-stats';

describe('tag cardinality statistics', () => {
  it('interpolates percentiles so the 90th is never below the median', () => {
    const values = [48065, 47983, 53700, 40000, 50000, 61000, 45000];
    const p50 = percentile(values, 50) as number;
    const p90 = percentile(values, 90) as number;
    expect(p50).toBe(48065);
    expect(p90).toBeGreaterThanOrEqual(p50);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([], 50)).toBeNull();
  });

  it('uses log-10 buckets across magnitudes and linear ones within one', () => {
    expect(histogram([1, 5, 20, 300, 301]).map((b) => b.count)).toEqual([2, 1, 2]);
    const linear = histogram([100, 120, 150, 199]);
    expect(linear.reduce((a, b) => a + b.count, 0)).toBe(4);
    expect(linear.length).toBeGreaterThan(1);
  });
});

describe('tag histogram of a single tag', () => {
  it('has one bucket labelled with the value itself, so the chart shows one bar', () => {
    expect(histogram([53700])).toEqual([{ label: (53700).toLocaleString(), count: 1 }]);
    expect(histogram([0])).toEqual([]);
  });
});
