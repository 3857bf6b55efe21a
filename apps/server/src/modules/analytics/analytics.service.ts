import type { Runtime } from '../../platform/runtime.ts';
import { isoTz } from '../../platform/http/serialize.ts';
import * as q from './analytics.queries.ts';
import type { RouteGroupRow } from './analytics.queries.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;
/** a ÷ b × 100 to 2 decimals; 0 when there is nothing to divide (never null: §7.33). */
const pct = (a: number, b: number) => (b > 0 ? round2((a / b) * 100) : 0);
const num = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** Absolute cache-priority score: popularity dominates, latency and audience break ties. */
export function absoluteScore(g: Pick<RouteGroupRow, 'avg_hourly_requests' | 'avg_p95_latency_ms' | 'avg_unique_users'>): number {
  return round2(g.avg_hourly_requests * 10 + g.avg_p95_latency_ms / 100 + Math.min(g.avg_unique_users / 10, 10));
}

/** Percentile rank of each value: share of values ≤ it (ties count fully), 0–100. */
export function percentileRanks(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return values.map((v) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    return round2((lo / n) * 100);
  });
}

export function rankAbsolute(groups: readonly RouteGroupRow[], n: number, minRequests: number, minLatency: number) {
  return groups
    .filter((g) => g.avg_hourly_requests >= minRequests && g.avg_p95_latency_ms >= minLatency)
    .map((g) => ({ ...g, cache_priority_score: absoluteScore(g) }))
    .sort((a, b) => b.cache_priority_score - a.cache_priority_score || a.route.localeCompare(b.route))
    .slice(0, n);
}

export function rankRelative(groups: readonly RouteGroupRow[], n: number) {
  const pop = percentileRanks(groups.map((g) => g.avg_hourly_requests));
  const lat = percentileRanks(groups.map((g) => g.avg_p95_latency_ms));
  const usr = percentileRanks(groups.map((g) => g.avg_unique_users));
  return groups
    .map((g, i) => ({
      ...g,
      popularity_percentile: pop[i] as number,
      latency_percentile: lat[i] as number,
      user_percentile: usr[i] as number,
      priority_score: round2(0.4 * (lat[i] as number) + 0.4 * (pop[i] as number) + 0.2 * (usr[i] as number)),
    }))
    .sort((a, b) => b.priority_score - a.priority_score || a.route.localeCompare(b.route))
    .slice(0, n);
}

/**
 * Read side of route and generation analytics (the pipelines that fill the tables live in
 * jobs/route-analytics.ts and the generation worker). Zero values are 0; null means "no data".
 */
export class AnalyticsService {
  constructor(private readonly runtime: Runtime) {}

  private get db() {
    return this.runtime.db;
  }

  async cachePriorities(opts: { n: number; days: number; system: 'absolute' | 'relative'; minRequests: number; minLatency: number }) {
    const groups = (await q.routeGroups(this.db, opts.days)).map((g) => ({
      ...g,
      avg_hourly_requests: Number(g.avg_hourly_requests),
      avg_p95_latency_ms: Number(g.avg_p95_latency_ms),
      avg_unique_users: Number(g.avg_unique_users),
      success_rate: Number(g.success_rate),
    }));
    const routes = opts.system === 'absolute' ? rankAbsolute(groups, opts.n, opts.minRequests, opts.minLatency) : rankRelative(groups, opts.n);
    return { system: opts.system, lookback_days: opts.days, routes, total_routes: routes.length };
  }

  async performanceTrends(route: string, days: number, granularity: 'hourly' | 'daily') {
    const rows = await q.routeTrends(this.db, route, days, granularity === 'daily' ? 'day' : 'hour');
    const trends = rows.map((r) => ({
      timestamp: isoTz(r.timestamp) as string,
      total_requests: r.total_requests,
      successful_requests: r.successful_requests,
      client_errors: r.client_errors,
      server_errors: r.server_errors,
      avg_duration_ms: num(r.avg_duration_ms),
      p50_duration_ms: num(r.p50_duration_ms),
      p95_duration_ms: num(r.p95_duration_ms),
      p99_duration_ms: num(r.p99_duration_ms),
      unique_users: r.unique_users,
      success_rate: r.total_requests > 0 ? round2(r.successful_requests / r.total_requests) : null,
    }));
    return { route, granularity, lookback_days: days, data_points: trends.length, trends };
  }

  async routePeakHours(route: string | null, days: number, minRequests: number) {
    const rows = await q.routePeakHours(this.db, days, route, minRequests);
    const peak_hours = rows.map((r) => ({
      route: r.route,
      hour_of_day: r.hour_of_day,
      avg_requests: Number(r.avg_requests),
      avg_p95_latency_ms: num(r.avg_p95_latency_ms),
      avg_unique_users: num(r.avg_unique_users),
      data_points: r.data_points,
    }));
    return { route, lookback_days: days, min_requests_threshold: minRequests, total_patterns: peak_hours.length, peak_hours };
  }

  async generationOverview(days: number) {
    const t = await q.generationTotals(this.db, days, null);
    return {
      lookback_days: days,
      total_requests: t.total_requests,
      successful_generations: t.successful_generations,
      failed_generations: t.failed_generations,
      cancelled_generations: t.cancelled_generations,
      success_rate_pct: pct(t.successful_generations, t.total_requests),
      avg_duration_ms: num(t.avg_duration_ms),
      p50_duration_ms: num(t.p50_duration_ms),
      p95_duration_ms: num(t.p95_duration_ms),
      p99_duration_ms: num(t.p99_duration_ms),
      total_images_generated: t.total_images_generated,
      hours_with_data: t.hours_with_data,
      latest_data_timestamp: isoTz(t.latest_data_timestamp),
    };
  }

  /** Hourly points are the rollup rows; daily points are computed from the raw events (exact percentiles). */
  async generationTrends(days: number, interval: 'hourly' | 'daily') {
    const rows = interval === 'daily' ? await q.generationDaily(this.db, days) : await q.generationHourly(this.db, days);
    const data_points = rows.map((r) => ({
      timestamp: isoTz(r.timestamp) as string,
      total_requests: r.total_requests,
      successful_generations: r.successful_generations,
      failed_generations: r.failed_generations,
      cancelled_generations: r.cancelled_generations,
      avg_duration_ms: num(r.avg_duration_ms),
      p50_duration_ms: num(r.p50_duration_ms),
      p95_duration_ms: num(r.p95_duration_ms),
      p99_duration_ms: num(r.p99_duration_ms),
      unique_users: num(r.unique_users),
      avg_queue_length: num(r.avg_queue_length),
      max_queue_length: num(r.max_queue_length),
      total_images_generated: r.total_images_generated,
      success_rate: r.total_requests > 0 ? pct(r.successful_generations, r.total_requests) : null,
    }));
    return { interval, lookback_days: days, total_data_points: data_points.length, data_points };
  }

  /** One user's generation history; a user without events (or unknown) gets zeros (§7.15: never a 500). */
  async userGeneration(userId: string, days: number) {
    const [t, recent, failures] = await Promise.all([
      q.generationTotals(this.db, days, userId),
      q.recentCompletions(this.db, userId, days, 20),
      q.failureBreakdown(this.db, userId, days),
    ]);
    return {
      user_id: userId,
      lookback_days: days,
      total_requests: t.total_requests,
      successful_generations: t.successful_generations,
      failed_generations: t.failed_generations,
      cancelled_generations: t.cancelled_generations,
      success_rate_pct: pct(t.successful_generations, t.total_requests),
      avg_duration_ms: num(t.avg_duration_ms),
      p50_duration_ms: num(t.p50_duration_ms),
      p95_duration_ms: num(t.p95_duration_ms),
      last_generation_at: isoTz(t.latest_data_timestamp),
      first_generation_at: isoTz(t.first_event_at),
      recent_activity: recent.map((r) => ({
        timestamp: isoTz(r.timestamp) as string,
        event_type: r.event_type,
        duration_ms: num(r.duration_ms),
        success: r.success,
        error_type: r.error_type,
        generation_type: r.generation_type,
      })),
      failure_breakdown: failures,
    };
  }

  async modelPerformance(days: number) {
    const rows = await q.modelPerformance(this.db, days);
    const models = rows.map((r) => ({
      model_checkpoint: r.model_checkpoint,
      total_generations: r.total_generations,
      successful_generations: r.successful_generations,
      failed_generations: r.failed_generations,
      success_rate_pct: pct(r.successful_generations, r.total_generations),
      avg_duration_ms: num(r.avg_duration_ms),
      p50_duration_ms: num(r.p50_duration_ms),
      p95_duration_ms: num(r.p95_duration_ms),
      last_used_at: isoTz(r.last_used_at),
    }));
    return { lookback_days: days, total_models: models.length, models };
  }

  async failures(days: number) {
    const [types, trends] = await Promise.all([q.errorTypes(this.db, days), q.failureTrends(this.db, days)]);
    return {
      lookback_days: days,
      total_error_types: types.length,
      error_types: types.map((t) => ({ error_type: t.error_type, count: t.count, avg_duration_ms: num(t.avg_duration_ms), sample_messages: t.sample_messages ?? [] })),
      failure_trends: trends.map((t) => ({ ...t, failure_rate: pct(t.failures, t.total_completions) })),
    };
  }

  async generationPeakHours(days: number) {
    const rows = await q.generationPeakHours(this.db, days);
    const peak_hours = rows.map((r) => ({
      hour_of_day: r.hour_of_day,
      avg_requests: Number(r.avg_requests),
      avg_queue_length: num(r.avg_queue_length),
      avg_max_queue_length: num(r.avg_max_queue_length),
      avg_p95_duration_ms: num(r.avg_p95_duration_ms),
      avg_unique_users: num(r.avg_unique_users),
      data_points: r.data_points,
    }));
    return { lookback_days: days, total_hours_analyzed: rows.reduce((s, r) => s + r.data_points, 0), peak_hours };
  }
}
