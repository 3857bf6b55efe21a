import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { seedDatabase } from '../../src/db/seed/seed.ts';
import { REQUEST_KINDS, type RequestKind } from '../../src/db/seed/traffic.ts';
import { routeEventBuffer } from '../../src/jobs/route-analytics.ts';

/**
 * A fresh demo seeded with `seed.anchor: now` (as `npm start` does) shows data on the analytics
 * page's default periods: ranked routes, route trends and generation statistics. 150 items with
 * seed 42 put a finished generation within the last 6 days of the anchor (offsets from the anchor
 * depend on the seed and item count only, not on the date the test runs).
 */

const ADMIN = '121e194b-4caa-4b81-ad4f-86ca3919d5b9';

describe.each(availableEngines())('analytics after a now-anchored demo seed on %s', (engine) => {
  let sys: TestSystem;
  let anchor: number;
  beforeAll(async () => {
    sys = await createTestSystem(engine);
    const before = Date.now();
    await seedDatabase(sys.runtime.db, { items: 150, randomSeed: 42, anchor: 'now', storageDir: sys.storageDir, adminUserId: ADMIN, images: false });
    anchor = Math.floor(before / 86_400_000) * 86_400_000;
  });
  afterAll(async () => {
    await sys?.close();
  });
  const get = async <T = any>(url: string): Promise<T> => {
    const res = await sys.app.inject({ url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };

  it('dates the data up to the start of today (UTC)', async () => {
    const res = await sys.runtime.db.query<{ content: number; route: number; events: number }>(
      `SELECT (SELECT extract(epoch FROM max(created_at) AT TIME ZONE 'UTC') * 1000 FROM content_items_all)::float8 AS content,
              (SELECT extract(epoch FROM max("timestamp")) * 1000 FROM route_analytics_hourly)::float8 AS route,
              (SELECT extract(epoch FROM max("timestamp")) * 1000 FROM generation_events)::float8 AS events`,
    );
    const row = res.rows[0]!;
    expect(row.content).toBeLessThanOrEqual(anchor);
    expect(row.content).toBeGreaterThan(anchor - 3 * 86_400_000);
    expect(row.route).toBe(anchor - 3_600_000);
    expect(row.events).toBeLessThanOrEqual(anchor);
    expect(row.events).toBeGreaterThan(anchor - 7 * 86_400_000);
  });

  it('ranks routes for the page default period (7 days) and the longer ones, in both systems', async () => {
    for (const days of [7, 14, 30]) {
      const abs = await get(`/api/v1/analytics/routes/cache-priorities?n=10&days=${days}&system=absolute&min_requests=0&min_latency=0`);
      expect(abs.routes.length, `${days} days`).toBe(10);
      for (const r of abs.routes) {
        expect(r.total_requests).toBeGreaterThan(0);
        expect(r.avg_hourly_requests).toBeGreaterThan(0);
        expect(r.success_rate).toBeGreaterThan(0);
        expect(r.success_rate).toBeLessThanOrEqual(1);
      }
      const scores = abs.routes.map((r: { cache_priority_score: number }) => r.cache_priority_score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      const rel = await get(`/api/v1/analytics/routes/cache-priorities?n=5&days=${days}&system=relative&min_requests=0&min_latency=0`);
      expect(rel.routes.length).toBe(5);
    }
  });

  it('route peak hours cover the day; route trends come from the raw events of the last days', async () => {
    const peaks = await get('/api/v1/analytics/routes/peak-hours?route=/api/v1/content/unified&days=7');
    expect(new Set(peaks.peak_hours.map((p: { hour_of_day: number }) => p.hour_of_day)).size).toBe(24);
    const trends = await get('/api/v1/analytics/routes/performance-trends?route=/api/v1/images/*&days=7&granularity=hourly');
    expect(trends.data_points).toBeGreaterThanOrEqual(48);
    for (const t of trends.trends) {
      expect(t.total_requests).toBeGreaterThan(0);
      expect(t.p50_duration_ms).toBeLessThanOrEqual(t.p95_duration_ms);
      expect(t.p95_duration_ms).toBeLessThanOrEqual(t.p99_duration_ms);
    }
  });

  it('has generation statistics for the default period (7 days) and longer ones, matching the seeded jobs', async () => {
    for (const days of [7, 30, 90]) {
      const o = await get(`/api/v1/analytics/generation/overview?days=${days}`);
      const jobs = await sys.runtime.db.query<{ n: number; done: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'completed' AND completed_at >= (now() AT TIME ZONE 'UTC') - make_interval(days => $1))::int AS done
           FROM generation_jobs WHERE created_at >= (now() AT TIME ZONE 'UTC') - make_interval(days => $1)`,
        [days],
      );
      expect(o.total_requests, `${days} days`).toBe(jobs.rows[0]!.n);
      expect(o.successful_generations).toBe(jobs.rows[0]!.done);
      expect(o.successful_generations).toBeGreaterThan(0);
      expect(o.p50_duration_ms).toBeLessThanOrEqual(o.p95_duration_ms);
      expect(o.p95_duration_ms).toBeLessThanOrEqual(o.p99_duration_ms);
      expect(o.p50_duration_ms).toBeGreaterThanOrEqual(15_000);
      // What the page draws for these periods: one point per calendar day (the last `days` UTC days,
      // so from a little later than the overview's rolling window).
      const t = await get(`/api/v1/analytics/generation/trends?days=${days}&interval=daily`);
      const daily = t.data_points.reduce((s: number, p: { successful_generations: number }) => s + p.successful_generations, 0);
      expect(daily).toBeGreaterThan(0);
      expect(daily).toBeLessThanOrEqual(o.successful_generations);
    }
    const models = await get('/api/v1/analytics/generation/models?days=90');
    expect(models.total_models).toBeGreaterThan(0);
    const hourly = await get('/api/v1/analytics/generation/peak-hours?days=90');
    expect(hourly.total_hours_analyzed).toBeGreaterThan(0);
  });

  it('the seeded routes are the templates, parameters and users live requests record', async () => {
    const buffer = routeEventBuffer(sys.runtime);
    await buffer.ack((await buffer.read(100_000)).map((b) => b.id));
    const sample: Record<string, string> = { content_id: '1', job_id: '1', user_id: ADMIN, tag_identifier: 'fox', category_id: randomUUID() };
    const urlOf = (kind: RequestKind, query: Record<string, unknown>) => {
      const path = kind.route.replace(/:(\w+)/g, (_, name: string) => sample[name] as string).replace('*', 'seed/pool/000.png');
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, String(one));
      return qs.size ? `${path}?${qs}` : path;
    };
    const { Prng } = await import('../../src/db/seed/prng.ts');
    const rng = new Prng(1);
    const sent: Array<Record<string, unknown>> = [];
    for (const kind of REQUEST_KINDS) {
      const normalized = kind.user === 'query' ? { user_id: ADMIN, ...kind.params } : { ...kind.params };
      const query = { ...normalized, ...kind.paging?.(rng) };
      sent.push(query);
      await sys.app.inject({
        method: kind.method,
        url: urlOf(kind, query),
        ...(kind.method === 'POST' ? { payload: kind.user === 'body' ? { user_id: ADMIN } : {} } : {}),
      });
    }
    let events = await buffer.read(1000);
    for (let i = 0; i < 50 && events.length < REQUEST_KINDS.length; i++) {
      await new Promise((r) => setTimeout(r, 20));
      events = await buffer.read(1000);
    }
    expect(events.length).toBe(REQUEST_KINDS.length);
    REQUEST_KINDS.forEach((kind, i) => {
      const e = events[i]!.event;
      const label = `${kind.method} ${kind.route} ${JSON.stringify(kind.params ?? {})}`;
      expect({ route: e.route, method: e.method }, label).toEqual({ route: kind.route, method: kind.method });
      expect(e.query_params_normalized, label).toEqual(kind.user === 'query' ? { user_id: ADMIN, ...kind.params } : { ...kind.params });
      expect(e.query_params, label).toEqual(sent[i]);
      expect(e.user_id, label).toBe(kind.user === 'none' ? null : ADMIN);
    });
  });
});
