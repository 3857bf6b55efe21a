import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../gallery/stats.ts';

describe('percentile', () => {
  it('interpolates linearly between the nearest ranks', () => {
    const s = [10, 20, 30, 40];
    expect(percentile(s, 0)).toBe(10);
    expect(percentile(s, 100)).toBe(40);
    expect(percentile(s, 50)).toBe(25);
    // rank 0.95 · 3 = 2.85 → 30 + 0.85 · 10
    expect(percentile(s, 95)).toBeCloseTo(38.5, 10);
  });

  it('matches the textbook values on 1..100', () => {
    const s = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(s, 50)).toBeCloseTo(50.5, 10);
    expect(percentile(s, 95)).toBeCloseTo(95.05, 10);
    expect(percentile(s, 99)).toBeCloseTo(99.01, 10);
  });

  it('returns the only value of a one-sample series', () => {
    expect(percentile([7], 99)).toBe(7);
  });

  it('refuses an empty series and percentiles outside 0..100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1, 2], 101)).toThrow(RangeError);
    expect(() => percentile([1, 2], -1)).toThrow(RangeError);
    expect(() => percentile([1, 2], Number.NaN)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts unsorted samples and reports min, mean, percentiles and max', () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s).toEqual({ count: 5, min: 1, mean: 3, p50: 3, p95: 4.8, p99: expect.closeTo(4.96, 10), max: 5 });
  });

  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses no samples', () => {
    expect(() => summarize([])).toThrow(RangeError);
  });
});
