import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { SEEDED_TABLES, anchorDate, isSeeded, seedDatabase, type SeedReport } from '../../src/db/seed/seed.ts';
import { REQUEST_KINDS } from '../../src/db/seed/traffic.ts';
import { aggregateGenerationMetrics, aggregateRouteAnalyticsHourly } from '../../src/jobs/route-analytics.ts';
import { refreshStatistics } from '../../src/modules/stats/stats.service.ts';
import { availableEngines, openTestDatabase } from '../support/test-databases.ts';

const ADMIN = '121e194b-4caa-4b81-ad4f-86ca3919d5b9';
const ITEMS = 300;

/** A digest per table over the seeded columns (stats tables without their refresh time). */
async function digests(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of SEEDED_TABLES) {
    const cols =
      table === 'tag_cardinality_stats'
        ? 'tag_id, source_type, cardinality'
        : table === 'gen_source_stats'
          ? 'user_id, source_type, count'
          : '*';
    const res = await db.query<{ d: string }>(
      `SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS d FROM (SELECT ${cols} FROM ${table}) r`,
    );
    out[table] = res.rows[0]?.d ?? '';
  }
  return out;
}

describe.each(availableEngines())('demo seed on %s', (engine) => {
  let db: Database;
  let storageDir: string;
  let report: SeedReport;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    storageDir = mkdtempSync(path.join(os.tmpdir(), 'gn-seed-test-'));
    expect(await isSeeded(db)).toBe(false);
    report = await seedDatabase(db, { items: ITEMS, randomSeed: 42, storageDir, adminUserId: ADMIN });
  });

  afterAll(async () => {
    await db?.close();
    if (storageDir) rmSync(storageDir, { recursive: true, force: true });
  });

  it('reports the rows it wrote', async () => {
    expect(report.rows.content_items + report.rows.content_items_auto).toBe(ITEMS);
    expect(report.rows.content_items).toBeGreaterThan(0);
    expect(report.rows.content_items_auto).toBeGreaterThan(report.rows.content_items as number);
    for (const table of SEEDED_TABLES) expect(report.rows[table], table).toBeGreaterThan(0);
    const live = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM content_tags');
    expect(report.rows.content_tags).toBe(live.rows[0]?.n);
    expect((report.rows.content_tags as number) / ITEMS).toBeGreaterThanOrEqual(5);
  });

  it('creates the admin with notifications on, plus demo users', async () => {
    const admin = await db.query<{ username: string; preferences: { notifications_enabled: boolean } }>(
      'SELECT username, preferences FROM users WHERE id = $1',
      [ADMIN],
    );
    expect(admin.rows[0]?.username).toBe('admin');
    expect(admin.rows[0]?.preferences.notifications_enabled).toBe(true);
    const owned = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM content_items_all WHERE creator_id = $1', [ADMIN]);
    expect(owned.rows[0]?.n).toBeGreaterThan(0);
  });

  it('loads the ontology as a polyhierarchy: ≥120 tags, ≥4 roots, depth ≥3, multi-parent tags', async () => {
    const counts = await db.query<{ tags: number; roots: number; multi: number }>(
      `SELECT (SELECT count(*)::int FROM tags) AS tags,
              (SELECT count(*)::int FROM tags t WHERE NOT EXISTS (SELECT 1 FROM tag_parents p WHERE p.tag_id = t.id)) AS roots,
              (SELECT count(*)::int FROM (SELECT tag_id FROM tag_parents GROUP BY tag_id HAVING count(*) > 1) m) AS multi`,
    );
    expect(counts.rows[0]?.tags).toBeGreaterThanOrEqual(120);
    expect(counts.rows[0]?.roots).toBeGreaterThanOrEqual(4);
    expect(counts.rows[0]?.multi).toBeGreaterThanOrEqual(2);
    const depth = await db.query<{ depth: number }>(
      `WITH RECURSIVE walk(id, depth) AS (
         SELECT t.id, 0 FROM tags t WHERE NOT EXISTS (SELECT 1 FROM tag_parents p WHERE p.tag_id = t.id)
         UNION ALL
         SELECT p.tag_id, w.depth + 1 FROM tag_parents p JOIN walk w ON p.parent_id = w.id WHERE w.depth < 20)
       SELECT max(depth)::int AS depth FROM walk`,
    );
    expect(depth.rows[0]?.depth).toBeGreaterThanOrEqual(3);
  });

  it('keeps tag_ids equal to content_tags and leaves the sync trigger enabled', async () => {
    const off = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM content_items_all c
        WHERE c.tag_ids IS DISTINCT FROM ARRAY(SELECT ct.tag_id FROM content_tags ct
                                               WHERE ct.content_id = c.id AND ct.source_type = c.source_type ORDER BY ct.tag_id)`,
    );
    expect(off.rows[0]?.n).toBe(0);
    const trig = await db.query<{ enabled: string }>(
      `SELECT tgenabled AS enabled FROM pg_trigger WHERE tgname = 'content_tags_sync_insert'`,
    );
    expect(trig.rows[0]?.enabled).toBe('O');
    const untagged = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM content_items_all WHERE cardinality(tag_ids) = 0`);
    expect(untagged.rows[0]?.n).toBe(0);
  });

  it('writes real pictures for the items, under relative paths', async () => {
    const rows = await db.query<{ content_data: string; path_thumb: string; path_thumbs_alt_res: Record<string, string> }>(
      'SELECT content_data, path_thumb, path_thumbs_alt_res FROM content_items_all ORDER BY id LIMIT 5',
    );
    const distinct = new Set<string>();
    for (const row of rows.rows) {
      expect(path.isAbsolute(row.content_data)).toBe(false);
      expect(row.content_data).not.toContain('..');
      const png = readFileSync(path.join(storageDir, row.content_data));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      const webp = readFileSync(path.join(storageDir, row.path_thumb));
      expect(webp.subarray(8, 12).toString('latin1')).toBe('WEBP');
      const meta = await sharp(webp).metadata();
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(256);
      expect(row.path_thumbs_alt_res['256']).toBe(row.path_thumb);
      distinct.add(png.toString('base64'));
    }
    expect(distinct.size).toBe(rows.rows.length);
  });

  it('fills the statistics tables with exact counts', async () => {
    const mismatched = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT tag_id, source_type, count(*)::int AS c FROM content_tags GROUP BY 1, 2
       ) l FULL JOIN tag_cardinality_stats s USING (tag_id, source_type)
       WHERE l.c IS DISTINCT FROM s.cardinality`,
    );
    expect(mismatched.rows[0]?.n).toBe(0);
    const community = await db.query<{ source_type: string; count: number }>(
      'SELECT source_type, count FROM gen_source_stats WHERE user_id IS NULL ORDER BY source_type',
    );
    expect(community.rows).toEqual([
      { source_type: 'auto', count: report.rows.content_items_auto },
      { source_type: 'items', count: report.rows.content_items },
    ]);
  });

  it('refreshStatistics follows changes and drops rows that no longer occur', async () => {
    const victim = await db.query<{ id: number; source_type: string; creator_id: string }>(
      `SELECT id, source_type, creator_id FROM content_items_all
        WHERE creator_id <> $1 ORDER BY id LIMIT 1`,
      [ADMIN],
    );
    const v = victim.rows[0];
    if (!v) throw new Error('no content');
    await db.query(`DELETE FROM content_items_all WHERE creator_id = $1 AND source_type = $2`, [v.creator_id, v.source_type]);
    const result = await refreshStatistics(db);
    expect(result.tagCardinalityRows).toBeGreaterThan(0);
    expect(result.genSourceRows).toBeGreaterThanOrEqual(2);
    const gone = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM gen_source_stats WHERE user_id = $1 AND source_type = $2',
      [v.creator_id, v.source_type],
    );
    expect(gone.rows[0]?.n).toBe(0);
    const exact = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT creator_id AS user_id, source_type, count(*)::int AS c FROM content_items_all GROUP BY 1, 2
         UNION ALL SELECT NULL, source_type, count(*)::int FROM content_items_all GROUP BY 2
       ) l FULL JOIN gen_source_stats g ON g.user_id IS NOT DISTINCT FROM l.user_id AND g.source_type = l.source_type
       WHERE l.c IS DISTINCT FROM g.count`,
    );
    expect(exact.rows[0]?.n).toBe(0);
    const tags = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT tag_id, source_type, count(*)::int AS c FROM content_tags GROUP BY 1, 2) l
       FULL JOIN tag_cardinality_stats s USING (tag_id, source_type) WHERE l.c IS DISTINCT FROM s.cardinality`,
    );
    expect(tags.rows[0]?.n).toBe(0);
  });

  it('dates nothing after the anchor', async () => {
    const anchor = anchorDate(42).toISOString();
    const late = await db.query<{ what: string; n: number }>(
      `SELECT what, n FROM (
         SELECT 'content' AS what, count(*)::int AS n FROM content_items_all WHERE created_at AT TIME ZONE 'UTC' > $1::timestamptz
         UNION ALL SELECT 'jobs', count(*)::int FROM generation_jobs
                    WHERE greatest(created_at, updated_at, started_at, completed_at) AT TIME ZONE 'UTC' > $1::timestamptz
         UNION ALL SELECT 'notifications', count(*)::int FROM user_notifications
                    WHERE greatest(created_at, read_at) AT TIME ZONE 'UTC' > $1::timestamptz
         UNION ALL SELECT 'recommendations', count(*)::int FROM recommendations
                    WHERE greatest(created_at, served_at) AT TIME ZONE 'UTC' > $1::timestamptz
         UNION ALL SELECT 'interactions', count(*)::int FROM user_interactions WHERE created_at AT TIME ZONE 'UTC' > $1::timestamptz
         UNION ALL SELECT 'generation_events', count(*)::int FROM generation_events WHERE "timestamp" > $1::timestamptz
         UNION ALL SELECT 'route_analytics', count(*)::int FROM route_analytics WHERE "timestamp" > $1::timestamptz
         UNION ALL SELECT 'route_analytics_hourly', count(*)::int FROM route_analytics_hourly WHERE "timestamp" >= $1::timestamptz
       ) x WHERE n > 0`,
      [anchor],
    );
    expect(late.rows).toEqual([]);
  });

  it('writes the analytics events of every job, as the live pipeline does, and their hourly rollup', async () => {
    const mismatches = await db.query<{ id: number; status: string }>(
      `SELECT j.id, j.status FROM generation_jobs j
        WHERE NOT EXISTS (SELECT 1 FROM generation_events e WHERE e.job_id = j.id AND e.event_type = 'request' AND e."timestamp" = j.created_at AT TIME ZONE 'UTC')
           OR (j.status = 'completed') IS DISTINCT FROM EXISTS (
                SELECT 1 FROM generation_events e WHERE e.job_id = j.id AND e.event_type = 'completion' AND e.success
                   AND e."timestamp" = j.completed_at AT TIME ZONE 'UTC'
                   AND e.duration_ms = extract(epoch FROM j.completed_at - j.started_at) * 1000
                   AND e.queue_wait_time_ms = extract(epoch FROM j.started_at - j.created_at) * 1000)
           OR (j.status = 'failed') IS DISTINCT FROM EXISTS (
                SELECT 1 FROM generation_events e WHERE e.job_id = j.id AND e.event_type = 'completion' AND NOT e.success
                   AND e.error_message = j.error_message AND e.error_type IS NOT NULL AND e."timestamp" = j.completed_at AT TIME ZONE 'UTC')
           OR (j.status = 'cancelled') IS DISTINCT FROM EXISTS (
                SELECT 1 FROM generation_events e WHERE e.job_id = j.id AND e.event_type = 'cancellation')
           OR (SELECT count(*) FROM generation_events e WHERE e.job_id = j.id) <> CASE j.status WHEN 'pending' THEN 1 ELSE 2 END`,
    );
    expect(mismatches.rows).toEqual([]);
    const durations = await db.query<{ short: number }>(
      `SELECT count(*) FILTER (WHERE duration_ms < 15000)::int AS short FROM generation_events WHERE event_type = 'completion' AND success`,
    );
    expect(durations.rows[0]?.short).toBe(0);
    // The rollup the scheduler runs, over every hour again, changes nothing.
    const snapshot = async () =>
      (await db.query('SELECT "timestamp", total_requests, successful_generations, failed_generations, cancelled_generations, avg_duration_ms, p50_duration_ms, p95_duration_ms, p99_duration_ms, unique_users, total_images_generated FROM generation_metrics_hourly ORDER BY "timestamp"')).rows;
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(10);
    const hours = await aggregateGenerationMetrics(db, new Date(0), new Date(Date.now() + 86_400_000));
    expect(hours).toBe(before.length);
    expect(await snapshot()).toEqual(before);
  });

  it('writes a month of route analytics: real routes, consistent counts, p50 ≤ p95 ≤ p99, the rollup of the raw events', async () => {
    const anchor = anchorDate(42).getTime();
    const summary = await db.query<{ hours: number; first: number; last: number; bad: number; routes: string[] }>(
      `SELECT count(DISTINCT "timestamp")::int AS hours,
              (extract(epoch FROM min("timestamp")) * 1000)::float8 AS first, (extract(epoch FROM max("timestamp")) * 1000)::float8 AS last,
              count(*) FILTER (WHERE total_requests <= 0 OR successful_requests + client_errors + server_errors <> total_requests
                               OR NOT (p50_duration_ms <= p95_duration_ms AND p95_duration_ms <= p99_duration_ms)
                               OR unique_users > total_requests OR avg_duration_ms IS NULL)::int AS bad,
              array_agg(DISTINCT method || ' ' || route ORDER BY method || ' ' || route) AS routes
         FROM route_analytics_hourly`,
    );
    const s = summary.rows[0]!;
    expect(s.hours).toBe(720);
    expect(s.first).toBe(anchor - 720 * 3_600_000);
    expect(s.last).toBe(anchor - 3_600_000);
    expect(s.bad).toBe(0);
    expect(s.routes).toEqual([...new Set(REQUEST_KINDS.map((k) => `${k.method} ${k.route}`))].sort());
    // Raw events for the last three days only.
    const raw = await db.query<{ first: number; n: number }>(`SELECT (extract(epoch FROM min("timestamp")) * 1000)::float8 AS first, count(*)::int AS n FROM route_analytics`);
    expect(raw.rows[0]!.first).toBeGreaterThanOrEqual(anchor - 72 * 3_600_000);
    expect(raw.rows[0]!.n).toBeGreaterThan(1000);
    // Re-running the hourly rollup over seeded hours finds exactly the seeded rows.
    for (const hour of [anchor - 3_600_000, anchor - 50 * 3_600_000]) {
      const snapshot = async () =>
        (await db.query('SELECT * FROM route_analytics_hourly WHERE "timestamp" = $1 ORDER BY route, method, query_params_normalized::text', [new Date(hour).toISOString()])).rows;
      const before = await snapshot();
      expect(before.length).toBeGreaterThan(5);
      expect(await aggregateRouteAnalyticsHourly(db, new Date(hour + 3_600_000 + 5 * 60_000))).toBe(before.length);
      expect(await snapshot()).toEqual(before);
    }
  });

  it('is idempotent: a second call adds nothing', async () => {
    expect(await isSeeded(db)).toBe(true);
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM content_items_all');
    const again = await seedDatabase(db, { items: ITEMS, randomSeed: 7, storageDir, adminUserId: ADMIN });
    expect(again.rows.content_items_all ?? again.rows.content_items! + again.rows.content_items_auto!).toBe(before.rows[0]?.n);
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM content_items_all');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});

describe.each(availableEngines())('demo seed determinism on %s', (engine) => {
  it('gives equal rows for the same seed and anchor on two fresh databases, different rows for another seed or anchor', async () => {
    const run = async (seed: number, anchor?: string, now?: number) => {
      const db = await openTestDatabase(engine);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gn-seed-det-'));
      try {
        await seedDatabase(db, { items: 120, randomSeed: seed, anchor, now, storageDir: dir, adminUserId: ADMIN, images: false });
        const undated = await db.query<{ d: string }>(
          `SELECT md5(string_agg(concat_ws('|', id, title, prompt, creator_id, tag_ids), ',' ORDER BY id)) AS d FROM content_items_all`,
        );
        const out: Record<string, string> = { ...(await digests(db)), undated: undated.rows[0]?.d ?? '' };
        return out;
      } finally {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const a = await run(42);
    const b = await run(42);
    expect(b).toEqual(a);
    const c = await run(43);
    expect(c.content_items_auto).not.toBe(a.content_items_auto);
    // "now" is the start of the seed's UTC day: the same rows as that date given explicitly, whatever the hour.
    const d = await run(42, 'now', Date.parse('2026-06-15T17:45:00Z'));
    const e = await run(42, '2026-06-15', Date.parse('2026-06-15T03:00:00Z'));
    expect(e).toEqual(d);
    expect(d.content_items_auto).not.toBe(a.content_items_auto);
    expect(d.route_analytics_hourly).not.toBe(a.route_analytics_hourly);
    // Another anchor moves the dates, not what was made or by whom.
    expect(d.undated).toBe(a.undated);
  }, 300_000);
});
