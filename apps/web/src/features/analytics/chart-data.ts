/**
 * Data shaping for the analytics charts, kept pure so it is unit-tested. The API sends only the
 * intervals that had events, so a period with one active day is a one-point series: a line chart
 * draws nothing for it (a line needs two points) and a time axis over one instant has no width.
 * The timeline below fills every interval of the period, and the charts mark points that no line
 * would show.
 */
import type { GenerationTrendPoint } from '../../api/analytics';
import { formatDuration, parseApiDate } from '../../lib/format';

export type Interval = 'hourly' | 'daily';

/** The fields of the API's trend point the timeline reads. */
type TrendPoint = Pick<
  GenerationTrendPoint,
  'timestamp' | 'successful_generations' | 'failed_generations' | 'cancelled_generations' | 'p50_duration_ms' | 'p95_duration_ms' | 'p99_duration_ms'
>;

export interface TimelineRow {
  at: Date;
  completed: number;
  failed: number;
  cancelled: number;
  /** Duration percentiles of the interval's completions; null when nothing completed in it. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function intervalMs(interval: Interval): number {
  return interval === 'daily' ? DAY_MS : HOUR_MS;
}

/** Start of the UTC day or hour holding `t`. */
function floorTo(t: number, interval: Interval): number {
  const step = intervalMs(interval);
  return Math.floor(t / step) * step;
}

function emptyRow(t: number): TimelineRow {
  return { at: new Date(t), completed: 0, failed: 0, cancelled: 0, p50: null, p95: null, p99: null };
}

function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * One row per interval of the period the server covers (daily: the last `days` UTC days including
 * today; hourly: the hours from `days` × 24 h ago up to the current hour): counts 0 and
 * percentiles null where the API sent no point. Points outside that window are kept, in order.
 */
export function generationTimeline(points: readonly TrendPoint[], interval: Interval, days: number, now = Date.now()): TimelineRow[] {
  const step = intervalMs(interval);
  const end = floorTo(now, interval);
  const start = interval === 'daily' ? end - (Math.max(1, days) - 1) * DAY_MS : floorTo(now - Math.max(1, days) * DAY_MS, interval);
  const rows = new Map<number, TimelineRow>();
  for (let t = start; t <= end; t += step) rows.set(t, emptyRow(t));
  for (const p of points) {
    const d = parseApiDate(p.timestamp);
    if (!d) continue;
    const t = floorTo(d.getTime(), interval);
    const row = rows.get(t) ?? emptyRow(t);
    row.completed += p.successful_generations;
    row.failed += p.failed_generations;
    row.cancelled += p.cancelled_generations;
    row.p50 = finiteOrNull(p.p50_duration_ms) ?? row.p50;
    row.p95 = finiteOrNull(p.p95_duration_ms) ?? row.p95;
    row.p99 = finiteOrNull(p.p99_duration_ms) ?? row.p99;
    rows.set(t, row);
  }
  return [...rows.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Series longer than this draw lines only (marks would crowd), apart from isolated points. */
export const MAX_MARKED_POINTS = 31;

/**
 * Which points get a mark: all of them in a short series; in a long one, the points a line cannot
 * show (a value with no value on either side, e.g. the only day with completions).
 */
export function markedPoints(values: readonly (number | null)[]): boolean[] {
  const present = (i: number) => i >= 0 && i < values.length && values[i] !== null && values[i] !== undefined;
  return values.map((_v, i) => present(i) && (values.length <= MAX_MARKED_POINTS || (!present(i - 1) && !present(i + 1))));
}

/**
 * The x-axis range of a time series: half an interval beyond the first and last points, so their
 * marks and tick labels are not cut at the plot's edges, and a single instant (a zero-width
 * domain) still gets an axis with the point in its middle.
 */
export function timeAxisRange(dates: readonly Date[], interval: Interval): { min?: Date; max?: Date } {
  if (dates.length === 0) return {};
  const times = dates.map((d) => d.getTime());
  const half = intervalMs(interval) / 2;
  return { min: new Date(Math.min(...times) - half), max: new Date(Math.max(...times) + half) };
}

/**
 * Upper bound for a value axis: when no value is above zero the axis would be [0, 0] and draw
 * nothing (not even its ticks), so it spans [0, 1]; otherwise automatic.
 */
export function valueAxisMax(values: readonly (number | null | undefined)[]): number | undefined {
  return values.some((v) => typeof v === 'number' && Number.isFinite(v) && v > 0) ? undefined : 1;
}

/** A latency or duration in ms, with a decimal below 10 ms so small percentiles do not read as 0. */
export function formatLatency(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${(Math.round(ms * 10) / 10).toString()} ms`;
  return formatDuration(ms);
}

/** Tick positions for a daily axis: the days themselves, every k-th one so at most `max` show. */
export function dailyTicks(dates: readonly Date[], max = 10): Date[] {
  if (dates.length <= max) return [...dates];
  const step = Math.ceil(dates.length / max);
  // Counted back from the last day, so today always has its tick.
  return dates.filter((_d, i) => (dates.length - 1 - i) % step === 0);
}

export interface RouteKey {
  method: string;
  route: string;
  query_params_normalized?: Record<string, unknown> | null;
}

/** `?a=1&b=x` from a route group's normalised parameters (keys sorted), or '' when it has none. */
export function paramsSummary(params: Record<string, unknown> | null | undefined, maxLength = 48): string {
  if (!params) return '';
  const parts = Object.keys(params)
    .sort()
    .map((k) => `${k}=${typeof params[k] === 'object' ? JSON.stringify(params[k]) : String(params[k])}`);
  if (parts.length === 0) return '';
  const text = `?${parts.join('&')}`;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * One label per route group for the chart's band axis, which merges equal labels into one band
 * (their bars overlap). Groups share method and route when they differ only in parameters (e.g.
 * thumbnail sizes), so those get their parameters appended, and any label still repeated a number.
 */
export function routeLabels(routes: readonly RouteKey[]): string[] {
  const base = routes.map((r) => `${r.method} ${r.route}`);
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);
  const withParams = routes.map((r, i) => {
    const b = base[i] as string;
    const p = (count.get(b) ?? 0) > 1 ? paramsSummary(r.query_params_normalized) : '';
    return p ? `${b} ${p}` : b;
  });
  const seen = new Map<string, number>();
  return withParams.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}
