import { describe, expect, it } from 'vitest';
import {
  HOUR_OF_DAY_SHAPE,
  REQUEST_KINDS,
  ROUTE_HOURLY_COLUMNS,
  ROUTE_RAW_COLUMNS,
  generateRouteTraffic,
  percentileCont,
  rint,
  type TrafficOptions,
} from '../../../src/db/seed/traffic.ts';

/** One COPY csv line back into fields ('' unquoted = NULL → null). */
function parseCsv(line: string): Array<string | null> {
  const out: Array<string | null> = [];
  let i = 0;
  const text = line.replace(/\n$/, '');
  while (i <= text.length) {
    if (text[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else v += text[i++];
      }
      out.push(v);
      i++;
    } else {
      const end = text.indexOf(',', i);
      const v = text.slice(i, end === -1 ? text.length : end);
      out.push(v === '' ? null : v);
      i = end === -1 ? text.length + 1 : end + 1;
    }
  }
  return out;
}

function rows(lines: string[], columns: string[]): Array<Record<string, string | null>> {
  return lines.map((l) => {
    const f = parseCsv(l);
    expect(f.length).toBe(columns.length);
    return Object.fromEntries(columns.map((c, i) => [c, f[i] ?? null]));
  });
}

function run(options: TrafficOptions) {
  const hourly: string[] = [];
  const raw: string[] = [];
  const summary = generateRouteTraffic(options, { hourly: (l) => hourly.push(l), raw: (l) => raw.push(l) });
  return { summary, hourly, raw };
}

const ANCHOR = Date.UTC(2026, 10, 29);
const USERS = Array.from({ length: 13 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const num = (v: string | null) => Number(v);

describe('percentile and rounding helpers (PostgreSQL semantics)', () => {
  it('percentile_cont interpolates between neighbouring rows', () => {
    expect(percentileCont([5], 0.95)).toBe(5);
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileCont([100, 200, 300, 400], 0.95)).toBeCloseTo(385, 10);
    expect(percentileCont([0, 10], 0.99)).toBeCloseTo(9.9, 10);
  });
  it('rint rounds halves to even, numeric casts away from zero', () => {
    expect([0.5, 1.5, 2.5, 2.4999, 2.5001, 3].map(rint)).toEqual([0, 2, 2, 2, 3, 3]);
  });
});

describe('route traffic', () => {
  const base = { randomSeed: 42, anchorMs: ANCHOR, userIds: USERS };
  const a = run(base);
  const hourly = rows(a.hourly, ROUTE_HOURLY_COLUMNS);
  const raw = rows(a.raw, ROUTE_RAW_COLUMNS);

  it('is the same for the same seed and anchor; another anchor moves the hours with it', () => {
    const again = run(base);
    expect(again.hourly).toEqual(a.hourly);
    expect(again.raw).toEqual(a.raw);
    const shifted = run({ ...base, anchorMs: ANCHOR - 3 * 86_400_000 });
    const moveBack = (line: string) => line.replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, (iso) => new Date(Date.parse(iso) + 3 * 86_400_000).toISOString());
    // Weekday factors differ with the calendar, so the counts may too; the layout of hours does not.
    expect(new Set(shifted.hourly.map((l) => moveBack(l).split(',')[0]))).toEqual(new Set(a.hourly.map((l) => l.split(',')[0])));
    const other = run({ ...base, randomSeed: 43 });
    expect(other.hourly).not.toEqual(a.hourly);
  });

  it('covers every hour of the 30 days before the anchor, with raw events for the last 3 days only', () => {
    const hours = new Set(hourly.map((r) => Date.parse(r.timestamp as string)));
    expect(hours.size).toBe(720);
    expect(Math.min(...hours)).toBe(ANCHOR - 720 * 3_600_000);
    expect(Math.max(...hours)).toBe(ANCHOR - 3_600_000);
    const rawTimes = raw.map((r) => Date.parse(r.timestamp as string));
    expect(Math.min(...rawTimes)).toBeGreaterThanOrEqual(ANCHOR - 72 * 3_600_000);
    expect(Math.max(...rawTimes)).toBeLessThan(ANCHOR);
    expect(a.summary.rawRows).toBe(raw.length);
    expect(a.summary.hourlyRows).toBe(hourly.length);
  });

  it('hourly rows are consistent: counts > 0 and add up, p50 ≤ p95 ≤ p99, one row per (hour, route, method, params)', () => {
    const keys = new Set<string>();
    for (const r of hourly) {
      const total = num(r.total_requests);
      expect(total).toBeGreaterThan(0);
      // No 3xx are simulated: every request is a success, a client error or a server error.
      expect(num(r.successful_requests) + num(r.client_errors) + num(r.server_errors)).toBe(total);
      expect(num(r.p50_duration_ms)).toBeLessThanOrEqual(num(r.p95_duration_ms));
      expect(num(r.p95_duration_ms)).toBeLessThanOrEqual(num(r.p99_duration_ms));
      expect(num(r.unique_users)).toBeLessThanOrEqual(total);
      expect(Date.parse(r.created_at as string)).toBe(Date.parse(r.timestamp as string) + 65 * 60_000);
      const key = `${r.timestamp} ${r.method} ${r.route} ${JSON.stringify(JSON.parse(r.query_params_normalized as string), Object.keys(JSON.parse(r.query_params_normalized as string)).sort())}`;
      expect(keys.has(key), key).toBe(false);
      keys.add(key);
    }
    const total = hourly.reduce((s, r) => s + num(r.total_requests), 0);
    expect(total).toBe(a.summary.requests);
  });

  it('hourly rows of the raw hours are exactly the rollup of their raw events', () => {
    const byGroup = new Map<string, number[]>();
    for (const r of raw) {
      const hour = new Date(Math.floor(Date.parse(r.timestamp as string) / 3_600_000) * 3_600_000).toISOString();
      const key = `${hour}|${r.method}|${r.route}|${r.query_params_normalized}`;
      (byGroup.get(key) ?? byGroup.set(key, []).get(key)!).push(num(r.duration_ms));
      // Paging keys are kept in query_params and dropped from the normalised ones.
      const q = JSON.parse(r.query_params as string);
      const n = JSON.parse(r.query_params_normalized as string);
      for (const k of ['page', 'page_size', 'skip', 'limit', 'offset', 'cursor']) expect(n).not.toHaveProperty(k);
      expect(q).toMatchObject(n);
      expect(r.error_type).toBe(num(r.status_code) >= 500 ? 'server_error' : num(r.status_code) >= 400 ? 'client_error' : null);
    }
    let compared = 0;
    for (const h of hourly) {
      const key = `${new Date(h.timestamp as string).toISOString()}|${h.method}|${h.route}|${h.query_params_normalized}`;
      const durations = byGroup.get(key);
      if (Date.parse(h.timestamp as string) < ANCHOR - 72 * 3_600_000) {
        expect(durations).toBeUndefined();
        continue;
      }
      expect(durations, key).toBeDefined();
      const sorted = [...(durations as number[])].sort((x, y) => x - y);
      expect(num(h.total_requests)).toBe(sorted.length);
      expect(num(h.avg_duration_ms)).toBe(Math.round(sorted.reduce((s, d) => s + d, 0) / sorted.length));
      expect(num(h.p50_duration_ms)).toBe(rint(percentileCont(sorted, 0.5)));
      expect(num(h.p99_duration_ms)).toBe(rint(percentileCont(sorted, 0.99)));
      byGroup.delete(key);
      compared++;
    }
    expect(byGroup.size).toBe(0);
    expect(compared).toBeGreaterThan(72 * 10);
  });

  it('has a daily rhythm and latency percentiles that differ by route', () => {
    const perHourOfDay = new Array<number>(24).fill(0);
    for (const r of hourly) perHourOfDay[new Date(r.timestamp as string).getUTCHours()]! += num(r.total_requests);
    expect(Math.max(...perHourOfDay)).toBeGreaterThan(3 * Math.min(...perHourOfDay));
    expect(HOUR_OF_DAY_SHAPE.reduce((s, v) => s + v, 0) / 24).toBeCloseTo(1, 10);
    const p95 = (route: string) => {
      const rs = hourly.filter((r) => r.route === route);
      return rs.reduce((s, r) => s + num(r.p95_duration_ms), 0) / rs.length;
    };
    expect(p95('/api/v1/content/unified')).toBeGreaterThan(5 * p95('/api/v1/auth/config'));
  });

  it('scales with the number of users, sub-linearly', () => {
    const many = Array.from({ length: 1501 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const small = run({ ...base, hours: 48, rawHours: 0 });
    const big = run({ randomSeed: 42, anchorMs: ANCHOR, userIds: many, hours: 48, rawHours: 0 });
    expect(big.summary.requests).toBeGreaterThan(4 * small.summary.requests);
    expect(big.summary.requests).toBeLessThan(10 * small.summary.requests);
    expect(small.raw).toEqual([]);
  });

  it('names each route kind once per (method, route, params)', () => {
    const seen = new Set<string>();
    for (const k of REQUEST_KINDS) {
      const key = `${k.method} ${k.route} ${JSON.stringify(k.params ?? {})}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      expect(k.route.startsWith('/api/v1/')).toBe(true);
    }
  });
});
