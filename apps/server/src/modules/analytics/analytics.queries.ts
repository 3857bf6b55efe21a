import type { Queryable } from '../../db/database.ts';

/**
 * Analytics reads. Hourly tables answer "per hour" questions (averages of hourly values, peak
 * hours, cache planning); anything that needs a percentile over more than one hour is computed
 * with percentile_cont over the raw events, never by averaging hourly percentiles.
 */

/** `n` decimals, NULL stays NULL. */
const r2 = (expr: string) => `round((${expr})::numeric, 2)::float8`;
const rInt = (expr: string) => `round((${expr})::numeric)::int`;
const since = (param: string) => `now() - make_interval(days => ${param}::int)`;
/** Start of the UTC day `days - 1` days ago: "the last N calendar days". */
const sinceDays = (param: string) => `(date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ${param}::int - 1)) AT TIME ZONE 'UTC'`;

// ---------------------------------------------------------------------------------------------
// Route analytics

export interface RouteGroupRow {
  route: string;
  method: string;
  query_params_normalized: Record<string, unknown> | null;
  avg_hourly_requests: number;
  avg_p95_latency_ms: number;
  avg_unique_users: number;
  success_rate: number;
  total_requests: number;
}

/** Per (route, method, normalised params) over the window: averages of the hourly rows. */
export async function routeGroups(db: Queryable, days: number): Promise<RouteGroupRow[]> {
  const res = await db.query<RouteGroupRow>(
    `SELECT route, method, query_params_normalized,
            ${r2('avg(total_requests)')} AS avg_hourly_requests,
            ${r2('coalesce(avg(p95_duration_ms), 0)')} AS avg_p95_latency_ms,
            ${r2('coalesce(avg(unique_users), 0)')} AS avg_unique_users,
            ${r2("coalesce(avg(successful_requests::float8 / nullif(total_requests, 0)), 0)")} AS success_rate,
            sum(total_requests)::int AS total_requests
       FROM route_analytics_hourly
      WHERE "timestamp" >= ${since('$1')}
      GROUP BY route, method, query_params_normalized
     HAVING avg(total_requests) > 0
      ORDER BY route, method`,
    [days],
  );
  return res.rows;
}

export interface RouteTrendRow {
  timestamp: string;
  total_requests: number;
  successful_requests: number;
  client_errors: number;
  server_errors: number;
  avg_duration_ms: number | null;
  p50_duration_ms: number | null;
  p95_duration_ms: number | null;
  p99_duration_ms: number | null;
  unique_users: number;
}

/** One route's requests per hour or per UTC day, percentiles exact over the raw events. */
export async function routeTrends(db: Queryable, route: string, days: number, unit: 'hour' | 'day'): Promise<RouteTrendRow[]> {
  const start = unit === 'day' ? sinceDays('$2') : since('$2');
  const res = await db.query<RouteTrendRow>(
    `SELECT date_trunc('${unit}', "timestamp" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "timestamp",
            count(*)::int AS total_requests,
            count(*) FILTER (WHERE status_code BETWEEN 200 AND 299)::int AS successful_requests,
            count(*) FILTER (WHERE status_code BETWEEN 400 AND 499)::int AS client_errors,
            count(*) FILTER (WHERE status_code >= 500)::int AS server_errors,
            ${rInt('avg(duration_ms)')} AS avg_duration_ms,
            ${rInt('percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms)')} AS p50_duration_ms,
            ${rInt('percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)')} AS p95_duration_ms,
            ${rInt('percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms)')} AS p99_duration_ms,
            count(DISTINCT user_id)::int AS unique_users
       FROM route_analytics
      WHERE route = $1 AND "timestamp" >= ${start}
      GROUP BY 1
      ORDER BY 1`,
    [route, days],
  );
  return res.rows;
}

export interface RoutePeakRow {
  route: string;
  hour_of_day: number;
  avg_requests: number;
  avg_p95_latency_ms: number | null;
  avg_unique_users: number | null;
  data_points: number;
}

/**
 * Average traffic per (route, UTC hour of day). The hourly rows of one route and hour (several
 * methods or parameter sets) are first added up; their p95 is the highest of them.
 */
export async function routePeakHours(db: Queryable, days: number, route: string | null, minRequests: number): Promise<RoutePeakRow[]> {
  const res = await db.query<RoutePeakRow>(
    `WITH per_hour AS (
       SELECT route, "timestamp", sum(total_requests) AS requests, max(p95_duration_ms) AS p95, sum(unique_users) AS users
         FROM route_analytics_hourly
        WHERE "timestamp" >= ${since('$1')} AND ($2::text IS NULL OR route = $2)
        GROUP BY route, "timestamp"
     )
     SELECT route, extract(hour FROM "timestamp" AT TIME ZONE 'UTC')::int AS hour_of_day,
            ${r2('avg(requests)')} AS avg_requests,
            ${r2('avg(p95)')} AS avg_p95_latency_ms,
            ${r2('avg(users)')} AS avg_unique_users,
            count(*)::int AS data_points
       FROM per_hour
      GROUP BY route, 2
     HAVING $2::text IS NOT NULL OR avg(requests) >= $3
      ORDER BY avg(requests) DESC, route, 2`,
    [days, route, minRequests],
  );
  return res.rows;
}

// ---------------------------------------------------------------------------------------------
// Generation analytics

export interface GenerationTotalsRow {
  total_requests: number;
  successful_generations: number;
  failed_generations: number;
  cancelled_generations: number;
  avg_duration_ms: number | null;
  p50_duration_ms: number | null;
  p95_duration_ms: number | null;
  p99_duration_ms: number | null;
  total_images_generated: number;
  hours_with_data: number;
  latest_data_timestamp: string | null;
  first_event_at: string | null;
}

/** Totals of the raw events since `days` ago, optionally of one user. Durations are over completions. */
export async function generationTotals(db: Queryable, days: number, userId: string | null): Promise<GenerationTotalsRow> {
  const res = await db.query<GenerationTotalsRow>(
    `SELECT count(*) FILTER (WHERE event_type = 'request')::int AS total_requests,
            count(*) FILTER (WHERE event_type = 'completion' AND success)::int AS successful_generations,
            count(*) FILTER (WHERE event_type = 'completion' AND NOT success)::int AS failed_generations,
            count(*) FILTER (WHERE event_type = 'cancellation')::int AS cancelled_generations,
            ${r2("avg(duration_ms) FILTER (WHERE event_type = 'completion')")} AS avg_duration_ms,
            ${r2("percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE event_type = 'completion')")} AS p50_duration_ms,
            ${r2("percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE event_type = 'completion')")} AS p95_duration_ms,
            ${r2("percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE event_type = 'completion')")} AS p99_duration_ms,
            coalesce(sum(coalesce(batch_size, 1)) FILTER (WHERE event_type = 'completion' AND success), 0)::int AS total_images_generated,
            count(DISTINCT date_trunc('hour', "timestamp" AT TIME ZONE 'UTC'))::int AS hours_with_data,
            max("timestamp") AS latest_data_timestamp,
            min("timestamp") AS first_event_at
       FROM generation_events
      WHERE "timestamp" >= ${since('$1')} AND ($2::uuid IS NULL OR user_id = $2::uuid)`,
    [days, userId],
  );
  return res.rows[0] as GenerationTotalsRow;
}

export interface GenerationPointRow {
  timestamp: string;
  total_requests: number;
  successful_generations: number;
  failed_generations: number;
  cancelled_generations: number;
  avg_duration_ms: number | null;
  p50_duration_ms: number | null;
  p95_duration_ms: number | null;
  p99_duration_ms: number | null;
  unique_users: number | null;
  avg_queue_length: number | null;
  max_queue_length: number | null;
  total_images_generated: number;
}

/** The hourly rollup rows as they are (each hour's percentiles are exact for that hour). */
export async function generationHourly(db: Queryable, days: number): Promise<GenerationPointRow[]> {
  const res = await db.query<GenerationPointRow>(
    `SELECT "timestamp", total_requests, successful_generations, failed_generations, cancelled_generations,
            avg_duration_ms, p50_duration_ms, p95_duration_ms, p99_duration_ms, unique_users,
            avg_queue_length, max_queue_length, coalesce(total_images_generated, 0) AS total_images_generated
       FROM generation_metrics_hourly
      WHERE "timestamp" >= ${since('$1')}
      ORDER BY "timestamp"`,
    [days],
  );
  return res.rows;
}

/** Per UTC day over the last `days` calendar days: counts and percentiles from raw events, queue lengths from the rollup. */
export async function generationDaily(db: Queryable, days: number): Promise<GenerationPointRow[]> {
  const res = await db.query<GenerationPointRow>(
    `WITH ev AS (
       SELECT date_trunc('day', "timestamp" AT TIME ZONE 'UTC') AS day, * FROM generation_events WHERE "timestamp" >= ${sinceDays('$1')}
     ), q AS (
       SELECT date_trunc('day', "timestamp" AT TIME ZONE 'UTC') AS day, avg(avg_queue_length) AS avg_q, max(max_queue_length) AS max_q
         FROM generation_metrics_hourly WHERE "timestamp" >= ${sinceDays('$1')} GROUP BY 1
     ), e AS (
       SELECT day,
              count(*) FILTER (WHERE event_type = 'request')::int AS total_requests,
              count(*) FILTER (WHERE event_type = 'completion' AND success)::int AS successful_generations,
              count(*) FILTER (WHERE event_type = 'completion' AND NOT success)::int AS failed_generations,
              count(*) FILTER (WHERE event_type = 'cancellation')::int AS cancelled_generations,
              ${r2("avg(duration_ms) FILTER (WHERE event_type = 'completion')")} AS avg_duration_ms,
              ${r2("percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE event_type = 'completion')")} AS p50_duration_ms,
              ${r2("percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE event_type = 'completion')")} AS p95_duration_ms,
              ${r2("percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE event_type = 'completion')")} AS p99_duration_ms,
              count(DISTINCT user_id)::int AS unique_users,
              coalesce(sum(coalesce(batch_size, 1)) FILTER (WHERE event_type = 'completion' AND success), 0)::int AS total_images_generated
         FROM ev GROUP BY day
     )
     SELECT coalesce(e.day, q.day) AT TIME ZONE 'UTC' AS "timestamp",
            coalesce(e.total_requests, 0) AS total_requests, coalesce(e.successful_generations, 0) AS successful_generations,
            coalesce(e.failed_generations, 0) AS failed_generations, coalesce(e.cancelled_generations, 0) AS cancelled_generations,
            e.avg_duration_ms, e.p50_duration_ms, e.p95_duration_ms, e.p99_duration_ms, coalesce(e.unique_users, 0) AS unique_users,
            ${r2('q.avg_q')} AS avg_queue_length, q.max_q AS max_queue_length, coalesce(e.total_images_generated, 0) AS total_images_generated
       FROM e FULL JOIN q ON q.day = e.day
      ORDER BY 1`,
    [days],
  );
  return res.rows;
}

export interface ActivityRow {
  timestamp: string;
  event_type: string;
  duration_ms: number | null;
  success: boolean | null;
  error_type: string | null;
  generation_type: string | null;
}

export async function recentCompletions(db: Queryable, userId: string, days: number, limit: number): Promise<ActivityRow[]> {
  const res = await db.query<ActivityRow>(
    `SELECT "timestamp", event_type, duration_ms, success, error_type, generation_type
       FROM generation_events
      WHERE user_id = $1 AND event_type = 'completion' AND "timestamp" >= ${since('$2')}
      ORDER BY "timestamp" DESC, id DESC
      LIMIT $3`,
    [userId, days, limit],
  );
  return res.rows;
}

export async function failureBreakdown(db: Queryable, userId: string, days: number): Promise<Array<{ error_type: string; count: number }>> {
  const res = await db.query<{ error_type: string; count: number }>(
    `SELECT coalesce(error_type, 'unknown') AS error_type, count(*)::int AS count
       FROM generation_events
      WHERE user_id = $1 AND event_type = 'completion' AND NOT success AND "timestamp" >= ${since('$2')}
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    [userId, days],
  );
  return res.rows;
}

export interface ModelRow {
  model_checkpoint: string;
  total_generations: number;
  successful_generations: number;
  failed_generations: number;
  avg_duration_ms: number | null;
  p50_duration_ms: number | null;
  p95_duration_ms: number | null;
  last_used_at: string | null;
}

export async function modelPerformance(db: Queryable, days: number): Promise<ModelRow[]> {
  const res = await db.query<ModelRow>(
    `SELECT model_checkpoint,
            count(*)::int AS total_generations,
            count(*) FILTER (WHERE success)::int AS successful_generations,
            count(*) FILTER (WHERE NOT success)::int AS failed_generations,
            ${r2('avg(duration_ms)')} AS avg_duration_ms,
            ${r2('percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms)')} AS p50_duration_ms,
            ${r2('percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)')} AS p95_duration_ms,
            max("timestamp") AS last_used_at
       FROM generation_events
      WHERE event_type = 'completion' AND model_checkpoint IS NOT NULL AND "timestamp" >= ${since('$1')}
      GROUP BY model_checkpoint
      ORDER BY 2 DESC, 1`,
    [days],
  );
  return res.rows;
}

export interface ErrorTypeRow {
  error_type: string;
  count: number;
  avg_duration_ms: number | null;
  sample_messages: string[] | null;
}

export async function errorTypes(db: Queryable, days: number): Promise<ErrorTypeRow[]> {
  const res = await db.query<ErrorTypeRow>(
    `WITH f AS (
       SELECT coalesce(error_type, 'unknown') AS error_type, error_message, duration_ms, "timestamp", id
         FROM generation_events
        WHERE event_type = 'completion' AND NOT success AND "timestamp" >= ${since('$1')}
     ), samples AS (
       SELECT error_type, array_agg(error_message ORDER BY last_seen DESC) AS msgs
         FROM (SELECT error_type, error_message, max("timestamp") AS last_seen,
                      row_number() OVER (PARTITION BY error_type ORDER BY max("timestamp") DESC) AS rn
                 FROM f WHERE error_message IS NOT NULL GROUP BY error_type, error_message) m
        WHERE rn <= 3
        GROUP BY error_type
     )
     SELECT f.error_type, count(*)::int AS count, ${r2('avg(f.duration_ms)')} AS avg_duration_ms, s.msgs AS sample_messages
       FROM f LEFT JOIN samples s ON s.error_type = f.error_type
      GROUP BY f.error_type, s.msgs
      ORDER BY 2 DESC, 1`,
    [days],
  );
  return res.rows;
}

export interface FailureTrendRow {
  date: string;
  total_completions: number;
  failures: number;
}

export async function failureTrends(db: Queryable, days: number): Promise<FailureTrendRow[]> {
  const res = await db.query<FailureTrendRow>(
    `SELECT to_char(date_trunc('day', "timestamp" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS date,
            count(*)::int AS total_completions,
            count(*) FILTER (WHERE NOT success)::int AS failures
       FROM generation_events
      WHERE event_type = 'completion' AND "timestamp" >= ${sinceDays('$1')}
      GROUP BY 1 ORDER BY 1`,
    [days],
  );
  return res.rows;
}

export interface GenerationPeakRow {
  hour_of_day: number;
  avg_requests: number;
  avg_queue_length: number | null;
  avg_max_queue_length: number | null;
  avg_p95_duration_ms: number | null;
  avg_unique_users: number | null;
  data_points: number;
}

export async function generationPeakHours(db: Queryable, days: number): Promise<GenerationPeakRow[]> {
  const res = await db.query<GenerationPeakRow>(
    `SELECT extract(hour FROM "timestamp" AT TIME ZONE 'UTC')::int AS hour_of_day,
            ${r2('avg(total_requests)')} AS avg_requests,
            ${r2('avg(avg_queue_length)')} AS avg_queue_length,
            ${r2('avg(max_queue_length)')} AS avg_max_queue_length,
            ${r2('avg(p95_duration_ms)')} AS avg_p95_duration_ms,
            ${r2('avg(unique_users)')} AS avg_unique_users,
            count(*)::int AS data_points
       FROM generation_metrics_hourly
      WHERE "timestamp" >= ${since('$1')}
      GROUP BY 1
      ORDER BY avg(total_requests) DESC, 1`,
    [days],
  );
  return res.rows;
}
