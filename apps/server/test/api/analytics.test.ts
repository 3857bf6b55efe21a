import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { insertGenerationEvent, insertGenerationHourly, insertRouteEvent, insertRouteHourly, utcAt } from '../support/fixtures-analytics.ts';
import { percentileRanks } from '../../src/modules/analytics/analytics.service.ts';

const TZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;
const keys = (o: object) => Object.keys(o).sort();

describe.each(availableEngines())('analytics API on %s', (engine) => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await createTestSystem(engine);
  });
  afterAll(async () => {
    await sys?.close();
  });
  const db = () => sys.runtime.db;
  const get = async (url: string) => {
    const res = await sys.app.inject({ url });
    return { status: res.statusCode, body: res.json() };
  };

  it('with no data every generation endpoint answers 200 with zeros (not null) and empty lists', async () => {
    const overview = await get('/api/v1/analytics/generation/overview');
    expect(overview.status).toBe(200);
    expect(keys(overview.body)).toEqual([
      'avg_duration_ms', 'cancelled_generations', 'failed_generations', 'hours_with_data', 'latest_data_timestamp', 'lookback_days',
      'p50_duration_ms', 'p95_duration_ms', 'p99_duration_ms', 'success_rate_pct', 'successful_generations', 'total_images_generated', 'total_requests',
    ]);
    expect(overview.body).toMatchObject({ lookback_days: 7, total_requests: 0, success_rate_pct: 0, total_images_generated: 0, hours_with_data: 0, avg_duration_ms: null, latest_data_timestamp: null });
    expect((await get('/api/v1/analytics/generation/trends')).body).toEqual({ interval: 'hourly', lookback_days: 7, total_data_points: 0, data_points: [] });
    expect((await get('/api/v1/analytics/generation/models')).body).toEqual({ lookback_days: 30, total_models: 0, models: [] });
    expect((await get('/api/v1/analytics/generation/failures')).body).toEqual({ lookback_days: 7, total_error_types: 0, error_types: [], failure_trends: [] });
    expect((await get('/api/v1/analytics/generation/peak-hours')).body).toEqual({ lookback_days: 30, total_hours_analyzed: 0, peak_hours: [] });
    const user = randomUUID();
    const u = await get(`/api/v1/analytics/generation/users/${user}`);
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ user_id: user, lookback_days: 30, total_requests: 0, success_rate_pct: 0, recent_activity: [], failure_breakdown: [], last_generation_at: null });
  });

  it('generation overview: exact percentiles over raw events (not averages of hourly percentiles), §7.33 zeros stay 0', async () => {
    const a = randomUUID();
    const b = randomUUID();
    // Two hours: 100,200 then 300,400. Exact p95 over all four = 385; the mean of the hourly p95s would be 295.
    for (const [at, d, user] of [[utcAt(1, 3, 10), 100, a], [utcAt(1, 3, 20), 200, a], [utcAt(1, 4, 10), 300, b], [utcAt(1, 4, 20), 400, b]] as const) {
      await insertGenerationEvent(db(), { type: 'request', userId: user, at });
      await insertGenerationEvent(db(), { type: 'completion', userId: user, at, durationMs: d, success: true, batchSize: 2, checkpoint: 'sdxl.safetensors' });
    }
    await insertGenerationEvent(db(), { type: 'request', userId: a, at: utcAt(1, 5) });
    await insertGenerationEvent(db(), { type: 'completion', userId: a, at: utcAt(1, 5, 1), durationMs: 0, success: false, errorType: 'timeout', errorMessage: 'ComfyUI took too long', checkpoint: 'sd15.ckpt' });
    await insertGenerationEvent(db(), { type: 'request', userId: b, at: utcAt(0, 0, 1) });
    await insertGenerationEvent(db(), { type: 'cancellation', userId: b, at: utcAt(0, 0, 2) });
    // Outside the 7-day window.
    await insertGenerationEvent(db(), { type: 'completion', userId: a, at: utcAt(20, 1), durationMs: 99999, success: true });

    const { status, body } = await get('/api/v1/analytics/generation/overview');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      total_requests: 6,
      successful_generations: 4,
      failed_generations: 1,
      cancelled_generations: 1,
      success_rate_pct: 66.67,
      total_images_generated: 8,
      hours_with_data: 4,
    });
    // Durations over the five completions: 0,100,200,300,400.
    expect(body.avg_duration_ms).toBe(200);
    expect(body.p50_duration_ms).toBe(200);
    expect(body.p95_duration_ms).toBe(380);
    expect(body.p99_duration_ms).toBe(396);
    expect(body.latest_data_timestamp).toMatch(TZ);

    // A window where the only completion took 0 ms reports 0, not null (§7.33).
    const zero = randomUUID();
    await insertGenerationEvent(db(), { type: 'completion', userId: zero, at: utcAt(0, 0, 5), durationMs: 0, success: true });
    const z = await get(`/api/v1/analytics/generation/users/${zero}`);
    expect(z.body).toMatchObject({ avg_duration_ms: 0, p50_duration_ms: 0, p95_duration_ms: 0, successful_generations: 1, total_requests: 0, success_rate_pct: 0 });
  });

  it('§7.15: per-user analytics with events is 200 with ISO timestamps, recent activity and failure breakdown', async () => {
    const user = randomUUID();
    for (let i = 0; i < 25; i++) {
      await insertGenerationEvent(db(), { type: 'request', userId: user, at: utcAt(2, 1, i) });
      await insertGenerationEvent(db(), {
        type: 'completion', userId: user, at: utcAt(2, 1, i + 1), durationMs: 1000 + i, success: i % 5 !== 0,
        errorType: i % 5 === 0 ? (i % 10 === 0 ? 'oom' : 'timeout') : null,
      });
    }
    const { status, body } = await get(`/api/v1/analytics/generation/users/${user}?days=30`);
    expect(status).toBe(200);
    expect(keys(body)).toEqual([
      'avg_duration_ms', 'cancelled_generations', 'failed_generations', 'failure_breakdown', 'first_generation_at', 'last_generation_at',
      'lookback_days', 'p50_duration_ms', 'p95_duration_ms', 'recent_activity', 'success_rate_pct', 'successful_generations', 'total_requests', 'user_id',
    ]);
    expect(body).toMatchObject({ total_requests: 25, successful_generations: 20, failed_generations: 5, success_rate_pct: 80, avg_duration_ms: 1012, p50_duration_ms: 1012 });
    expect(body.first_generation_at).toMatch(TZ);
    expect(body.last_generation_at).toMatch(TZ);
    expect(Date.parse(body.last_generation_at)).toBe(Date.parse(utcAt(2, 1, 25)));
    expect(body.recent_activity).toHaveLength(20);
    expect(keys(body.recent_activity[0])).toEqual(['duration_ms', 'error_type', 'event_type', 'generation_type', 'success', 'timestamp']);
    expect(body.recent_activity[0]).toMatchObject({ event_type: 'completion', duration_ms: 1024, success: true, generation_type: 'image' });
    expect(body.recent_activity[0].timestamp).toMatch(TZ);
    expect(body.failure_breakdown).toEqual([{ error_type: 'oom', count: 3 }, { error_type: 'timeout', count: 2 }]);
    expect((await get('/api/v1/analytics/generation/users/not-a-uuid')).status).toBe(422);
  });

  it('generation trends: hourly from the rollup, daily from events with exact percentiles; models, failures, peak hours', async () => {
    await insertGenerationHourly(db(), { at: utcAt(1, 3), requests: 2, successful: 2, p95: 195, users: 1, avgQueue: 1.5, maxQueue: 3 });
    await insertGenerationHourly(db(), { at: utcAt(1, 4), requests: 2, successful: 1, failed: 0, p95: 395, users: 1, avgQueue: 0, maxQueue: 0 });
    await insertGenerationHourly(db(), { at: utcAt(2, 4), requests: 4, successful: 0, p95: null, users: 2 });

    const hourly = await get('/api/v1/analytics/generation/trends?days=7&interval=hourly');
    expect(hourly.status).toBe(200);
    expect(hourly.body).toMatchObject({ interval: 'hourly', lookback_days: 7, total_data_points: 3 });
    const p = hourly.body.data_points;
    expect(keys(p[0])).toEqual([
      'avg_duration_ms', 'avg_queue_length', 'cancelled_generations', 'failed_generations', 'max_queue_length', 'p50_duration_ms', 'p95_duration_ms',
      'p99_duration_ms', 'success_rate', 'successful_generations', 'timestamp', 'total_images_generated', 'total_requests', 'unique_users',
    ]);
    expect(p.map((x: { timestamp: string }) => Date.parse(x.timestamp))).toEqual([utcAt(2, 4), utcAt(1, 3), utcAt(1, 4)].map(Date.parse));
    expect(p[2]).toMatchObject({ avg_queue_length: 0, max_queue_length: 0, success_rate: 50, p95_duration_ms: 395 });
    expect(p[0]).toMatchObject({ success_rate: 0, p95_duration_ms: null });

    const daily = await get('/api/v1/analytics/generation/trends?days=7&interval=daily');
    expect(daily.status).toBe(200);
    const day1 = daily.body.data_points.find((x: { timestamp: string }) => Date.parse(x.timestamp) === Date.parse(utcAt(1, 0)));
    expect(day1).toMatchObject({ total_requests: 5, successful_generations: 4, failed_generations: 1, p95_duration_ms: 380, avg_queue_length: 0.75, max_queue_length: 3 });
    expect(day1.timestamp).toMatch(TZ);

    const models = await get('/api/v1/analytics/generation/models');
    expect(models.status).toBe(200);
    expect(models.body.total_models).toBe(2);
    expect(models.body.models[0]).toMatchObject({ model_checkpoint: 'sdxl.safetensors', total_generations: 4, successful_generations: 4, failed_generations: 0, success_rate_pct: 100, p50_duration_ms: 250 });
    expect(models.body.models[1]).toMatchObject({ model_checkpoint: 'sd15.ckpt', total_generations: 1, success_rate_pct: 0, avg_duration_ms: 0 });
    expect(models.body.models[0].last_used_at).toMatch(TZ);

    const failures = await get('/api/v1/analytics/generation/failures?days=7');
    expect(failures.status).toBe(200);
    expect(failures.body.error_types).toEqual(
      expect.arrayContaining([{ error_type: 'timeout', count: 3, avg_duration_ms: expect.any(Number), sample_messages: ['ComfyUI took too long'] }]),
    );
    const f1 = failures.body.failure_trends.find((t: { date: string }) => t.date === utcAt(1, 0).slice(0, 10));
    expect(f1).toEqual({ date: utcAt(1, 0).slice(0, 10), total_completions: 5, failures: 1, failure_rate: 20 });

    const peaks = await get('/api/v1/analytics/generation/peak-hours?days=7');
    expect(peaks.status).toBe(200);
    expect(peaks.body.total_hours_analyzed).toBe(3);
    expect(peaks.body.peak_hours[0]).toEqual({ hour_of_day: 4, avg_requests: 3, avg_queue_length: 0, avg_max_queue_length: 0, avg_p95_duration_ms: 395, avg_unique_users: 1.5, data_points: 2 });
    expect(peaks.body.peak_hours[1]).toMatchObject({ hour_of_day: 3, avg_requests: 2, avg_queue_length: 1.5 });
    expect((await get('/api/v1/analytics/generation/peak-hours?days=6')).status).toBe(422);
    expect((await get('/api/v1/analytics/generation/trends?interval=weekly')).status).toBe(422);
    expect((await get('/api/v1/analytics/generation/overview?days=91')).status).toBe(422);
  });

  it('route performance trends: per hour and per day from raw events, exact percentiles, zero latency is 0', async () => {
    const route = '/api/v1/content/:content_id';
    for (const [at, d, status] of [[utcAt(1, 3, 1), 100, 200], [utcAt(1, 3, 2), 200, 404], [utcAt(1, 4, 1), 300, 200], [utcAt(1, 4, 2), 400, 500]] as const) {
      await insertRouteEvent(db(), { route, at, durationMs: d, status, userId: null });
    }
    await insertRouteEvent(db(), { route: '/api/v1/other', at: utcAt(1, 3), durationMs: 5 });
    await insertRouteEvent(db(), { route: '/api/v1/fast', at: utcAt(1, 3), durationMs: 0 });

    const hourly = await get(`/api/v1/analytics/routes/performance-trends?route=${encodeURIComponent(route)}`);
    expect(hourly.status).toBe(200);
    expect(keys(hourly.body)).toEqual(['data_points', 'granularity', 'lookback_days', 'route', 'trends']);
    expect(hourly.body).toMatchObject({ route, granularity: 'hourly', lookback_days: 7, data_points: 2 });
    const [h3, h4] = hourly.body.trends;
    expect(keys(h3)).toEqual([
      'avg_duration_ms', 'client_errors', 'p50_duration_ms', 'p95_duration_ms', 'p99_duration_ms', 'server_errors', 'success_rate', 'successful_requests',
      'timestamp', 'total_requests', 'unique_users',
    ]);
    expect(Date.parse(h3.timestamp)).toBe(Date.parse(utcAt(1, 3)));
    expect(h3).toMatchObject({ total_requests: 2, successful_requests: 1, client_errors: 1, server_errors: 0, avg_duration_ms: 150, p50_duration_ms: 150, success_rate: 0.5, unique_users: 0 });
    expect(h4).toMatchObject({ server_errors: 1, p95_duration_ms: 395 });

    const daily = await get(`/api/v1/analytics/routes/performance-trends?route=${encodeURIComponent(route)}&granularity=daily&days=3`);
    expect(daily.body.data_points).toBe(1);
    expect(daily.body.trends[0]).toMatchObject({ total_requests: 4, p50_duration_ms: 250, p95_duration_ms: 385, p99_duration_ms: 397 });
    const fast = await get('/api/v1/analytics/routes/performance-trends?route=/api/v1/fast');
    expect(fast.body.trends[0]).toMatchObject({ avg_duration_ms: 0, p50_duration_ms: 0, p95_duration_ms: 0, success_rate: 1 });
    expect((await get('/api/v1/analytics/routes/performance-trends')).status).toBe(422);
    expect((await get(`/api/v1/analytics/routes/performance-trends?route=x&granularity=weekly`)).status).toBe(422);
  });

  it('route cache priorities (absolute thresholds and relative percentile ranks) and peak hours from the hourly rollup', async () => {
    const hot = '/api/v1/content/unified';
    const warm = '/api/v1/tags/hierarchy';
    const cold = '/api/v1/health';
    for (const hour of [1, 2]) {
      await insertRouteHourly(db(), { route: hot, at: utcAt(1, hour), requests: 100, successful: 90, p95: 500, users: 40 });
      await insertRouteHourly(db(), { route: warm, at: utcAt(1, hour), requests: 20, p95: 150, users: 5 });
      await insertRouteHourly(db(), { route: cold, at: utcAt(1, hour), requests: 5, p95: 10, users: 1 });
    }
    await insertRouteHourly(db(), { route: hot, at: utcAt(8, 2), requests: 1, p95: 1, users: 1, params: { page_size: '10' } });

    const abs = await get('/api/v1/analytics/routes/cache-priorities');
    expect(abs.status).toBe(200);
    expect(keys(abs.body)).toEqual(['lookback_days', 'routes', 'system', 'total_routes']);
    expect(abs.body).toMatchObject({ system: 'absolute', lookback_days: 7, total_routes: 2 });
    const [first, second] = abs.body.routes;
    expect(keys(first)).toEqual([
      'avg_hourly_requests', 'avg_p95_latency_ms', 'avg_unique_users', 'cache_priority_score', 'method', 'query_params_normalized', 'route',
      'success_rate', 'total_requests',
    ]);
    expect(first).toMatchObject({ route: hot, method: 'GET', avg_hourly_requests: 100, avg_p95_latency_ms: 500, avg_unique_users: 40, success_rate: 0.9, total_requests: 200, query_params_normalized: {} });
    expect(first.cache_priority_score).toBe(100 * 10 + 5 + 4);
    expect(second.route).toBe(warm);
    expect((await get('/api/v1/analytics/routes/cache-priorities?n=1')).body.routes).toHaveLength(1);
    expect((await get('/api/v1/analytics/routes/cache-priorities?min_requests=0&min_latency=0')).body.total_routes).toBe(3);

    const rel = await get('/api/v1/analytics/routes/cache-priorities?system=relative');
    expect(rel.body.system).toBe('relative');
    expect(rel.body.total_routes).toBe(3);
    expect(rel.body.routes[0]).toMatchObject({ route: hot, popularity_percentile: 100, latency_percentile: 100, user_percentile: 100, priority_score: 100 });
    expect(rel.body.routes[2]).toMatchObject({ route: cold, popularity_percentile: 33.33, priority_score: 33.33 });
    expect(rel.body.routes[0]).not.toHaveProperty('cache_priority_score');
    expect((await get('/api/v1/analytics/routes/cache-priorities?system=fancy')).status).toBe(422);

    const peaks = await get('/api/v1/analytics/routes/peak-hours?days=7');
    expect(peaks.status).toBe(200);
    expect(keys(peaks.body)).toEqual(['lookback_days', 'min_requests_threshold', 'peak_hours', 'route', 'total_patterns']);
    expect(peaks.body).toMatchObject({ route: null, lookback_days: 7, min_requests_threshold: 50 });
    expect(peaks.body.peak_hours.map((p: { route: string; hour_of_day: number }) => `${p.route}@${p.hour_of_day}`).sort()).toEqual([`${hot}@1`, `${hot}@2`]);
    expect(peaks.body.peak_hours[0]).toMatchObject({ avg_requests: 100, avg_p95_latency_ms: 500, avg_unique_users: 40, data_points: 1 });
    const one = await get(`/api/v1/analytics/routes/peak-hours?days=7&route=${encodeURIComponent(cold)}`);
    expect(one.body.total_patterns).toBe(2);
    expect(one.body.peak_hours.every((p: { route: string }) => p.route === cold)).toBe(true);
    expect((await get('/api/v1/analytics/routes/peak-hours?days=6')).status).toBe(422);
  });

  it('percentile ranks count ties fully', () => {
    expect(percentileRanks([10, 20, 20, 40])).toEqual([25, 75, 75, 100]);
    expect(percentileRanks([5])).toEqual([100]);
  });
});
