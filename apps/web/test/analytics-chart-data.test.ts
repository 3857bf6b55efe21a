import { describe, expect, it } from 'vitest';
import { dailyTicks, formatLatency, generationTimeline, markedPoints, MAX_MARKED_POINTS, paramsSummary, routeLabels, timeAxisRange, valueAxisMax } from '../src/features/analytics/chart-data';

const point = (timestamp: string, ok: number, failed = 0, p50: number | null = null, p95: number | null = null, p99: number | null = null) => ({
  timestamp,
  successful_generations: ok,
  failed_generations: failed,
  cancelled_generations: 0,
  p50_duration_ms: p50,
  p95_duration_ms: p95,
  p99_duration_ms: p99,
});

describe('generation timeline', () => {
  const now = Date.parse('2026-03-10T15:42:00Z');

  it('turns a one-day answer into every day of the period, zero counts and null percentiles elsewhere', () => {
    const rows = generationTimeline([point('2026-03-08T00:00:00+00:00', 3, 1, 900, 1500, 1800)], 'daily', 7, now);
    expect(rows.map((r) => r.at.toISOString().slice(0, 10))).toEqual(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
    expect(rows.map((r) => r.completed)).toEqual([0, 0, 0, 0, 3, 0, 0]);
    expect(rows.map((r) => r.failed)).toEqual([0, 0, 0, 0, 1, 0, 0]);
    expect(rows.map((r) => r.p95)).toEqual([null, null, null, null, 1500, null, null]);
    expect(rows[4]).toMatchObject({ p50: 900, p99: 1800 });
  });

  it('reads naive UTC timestamps too, and covers days × 24 hours up to the current hour when hourly', () => {
    const rows = generationTimeline([point('2026-03-10T14:00:00', 2)], 'hourly', 1, now);
    expect(rows).toHaveLength(25);
    expect(rows[0]?.at.toISOString()).toBe('2026-03-09T15:00:00.000Z');
    expect(rows.at(-1)?.at.toISOString()).toBe('2026-03-10T15:00:00.000Z');
    expect(rows.filter((r) => r.completed > 0).map((r) => r.at.toISOString())).toEqual(['2026-03-10T14:00:00.000Z']);
  });

  it('keeps a point outside the window (a clock ahead of ours) in order instead of dropping it', () => {
    const rows = generationTimeline([point('2026-03-11T00:00:00Z', 1)], 'daily', 2, now);
    expect(rows.map((r) => [r.at.toISOString().slice(0, 10), r.completed])).toEqual([
      ['2026-03-09', 0],
      ['2026-03-10', 0],
      ['2026-03-11', 1],
    ]);
  });
});

describe('chart helpers', () => {
  it('marks every point of a short series and only isolated points of a long one', () => {
    expect(markedPoints([5])).toEqual([true]);
    expect(markedPoints([null, 2, null])).toEqual([false, true, false]);
    const long: (number | null)[] = Array.from({ length: MAX_MARKED_POINTS + 10 }, () => null);
    long[3] = 7; // alone: a line cannot draw it
    long[10] = 1;
    long[11] = 2; // a segment: the line shows it
    const marks = markedPoints(long);
    expect(marks.flatMap((m, i) => (m ? [i] : []))).toEqual([3]);
  });

  it('pads a time axis by half an interval on both sides, so a single instant gets a width', () => {
    const d = new Date('2026-03-08T00:00:00Z');
    expect(timeAxisRange([d], 'daily')).toEqual({ min: new Date('2026-03-07T12:00:00Z'), max: new Date('2026-03-08T12:00:00Z') });
    expect(timeAxisRange([d, d], 'hourly')).toEqual({ min: new Date('2026-03-07T23:30:00Z'), max: new Date('2026-03-08T00:30:00Z') });
    expect(timeAxisRange([new Date('2026-03-09T00:00:00Z'), d], 'daily')).toEqual({ min: new Date('2026-03-07T12:00:00Z'), max: new Date('2026-03-09T12:00:00Z') });
    expect(timeAxisRange([], 'daily')).toEqual({});
  });

  it('gives an all-zero value axis a height and lets real values scale it', () => {
    expect(valueAxisMax([0, 0, null])).toBe(1);
    expect(valueAxisMax([])).toBe(1);
    expect(valueAxisMax([0, 0.3])).toBeUndefined();
  });

  it('keeps a decimal on small latencies so a 0.3 ms percentile does not read as 0 ms', () => {
    expect(formatLatency(0.34)).toBe('0.3 ms');
    expect(formatLatency(2)).toBe('2 ms');
    expect(formatLatency(87.4)).toBe('87 ms');
    expect(formatLatency(1500)).toBe('1.5 s');
    expect(formatLatency(null)).toBe('—');
  });

  it('ticks a daily axis on its days, thinned from today backwards when there are many', () => {
    const days = Array.from({ length: 30 }, (_v, i) => new Date(Date.UTC(2026, 2, 1 + i)));
    expect(dailyTicks(days.slice(0, 7))).toEqual(days.slice(0, 7));
    const ticks = dailyTicks(days);
    expect(ticks.length).toBeLessThanOrEqual(10);
    expect(ticks.at(-1)).toEqual(days[29]);
    expect(ticks.map((d) => d.getUTCDate())).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
  });
});

describe('route labels', () => {
  it('keeps method and route when they are unique, and tells groups of one route apart by their parameters', () => {
    const labels = routeLabels([
      { method: 'GET', route: '/api/v1/content/unified', query_params_normalized: { page_size: 25 } },
      { method: 'GET', route: '/api/v1/images/{id}', query_params_normalized: { thumbnail: 'small' } },
      { method: 'GET', route: '/api/v1/images/{id}', query_params_normalized: { thumbnail: 'medium' } },
      { method: 'GET', route: '/api/v1/images/{id}', query_params_normalized: null },
      { method: 'POST', route: '/api/v1/images/{id}', query_params_normalized: null },
    ]);
    expect(labels).toEqual([
      'GET /api/v1/content/unified',
      'GET /api/v1/images/{id} ?thumbnail=small',
      'GET /api/v1/images/{id} ?thumbnail=medium',
      'GET /api/v1/images/{id}',
      'POST /api/v1/images/{id}',
    ]);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('numbers labels that are still equal, so no two bars share a band', () => {
    const same = { method: 'GET', route: '/x', query_params_normalized: { a: 1 } };
    expect(routeLabels([same, same, same])).toEqual(['GET /x ?a=1', 'GET /x ?a=1 (2)', 'GET /x ?a=1 (3)']);
  });

  it('summarises parameters with sorted keys and cuts long ones', () => {
    expect(paramsSummary({ b: 2, a: 'x' })).toBe('?a=x&b=2');
    expect(paramsSummary({})).toBe('');
    expect(paramsSummary(null)).toBe('');
    expect(paramsSummary({ tags: ['a', 'b'] })).toBe('?tags=["a","b"]');
    const long = paramsSummary({ search_term: 'x'.repeat(100) });
    expect(long.length).toBe(48);
    expect(long.endsWith('…')).toBe(true);
  });
});
