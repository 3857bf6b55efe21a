import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Queryable } from '../db/database.ts';
import type { TypedApp } from '../platform/http/app.ts';
import type { Runtime } from '../platform/runtime.ts';

/**
 * Route analytics: the API records one event per `/api/` request into a buffer (a Redis stream in
 * distributed mode, memory in embedded mode); the `transfer-route-analytics` job moves them into
 * `route_analytics` and then deletes what it wrote, so nothing is read twice (the original re-read
 * the same oldest 1000 entries forever). Each event keeps its buffer id as `stream_id`, which is
 * unique in the table: a crash between insert and delete re-inserts nothing.
 */

export interface RouteEvent {
  /** The matched route template (`/api/v1/generation-jobs/:job_id`), never the concrete path (§7.33). */
  route: string;
  method: string;
  user_id: string | null;
  timestamp: string;
  duration_ms: number;
  status_code: number;
  query_params: Record<string, unknown>;
  query_params_normalized: Record<string, unknown>;
  request_size_bytes: number | null;
  response_size_bytes: number | null;
  error_type: string | null;
}

export interface BufferedEvent {
  id: string;
  event: RouteEvent;
}

export interface RouteEventBuffer {
  push(event: RouteEvent): Promise<void>;
  read(max: number): Promise<BufferedEvent[]>;
  ack(ids: readonly string[]): Promise<void>;
  size(): Promise<number>;
}

const MAX_BUFFERED = 100_000;

class MemoryRouteBuffer implements RouteEventBuffer {
  private readonly items: BufferedEvent[] = [];
  private seq = 0;
  private readonly epoch = Date.now().toString(36);

  async push(event: RouteEvent): Promise<void> {
    this.items.push({ id: `mem-${this.epoch}-${++this.seq}`, event });
    if (this.items.length > MAX_BUFFERED) this.items.splice(0, this.items.length - MAX_BUFFERED);
  }

  async read(max: number): Promise<BufferedEvent[]> {
    return this.items.slice(0, max);
  }

  async ack(ids: readonly string[]): Promise<void> {
    const done = new Set(ids);
    for (let i = this.items.length - 1; i >= 0; i--) if (done.has((this.items[i] as BufferedEvent).id)) this.items.splice(i, 1);
  }

  async size(): Promise<number> {
    return this.items.length;
  }
}

class RedisRouteBuffer implements RouteEventBuffer {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  async push(event: RouteEvent): Promise<void> {
    await this.redis.xadd(this.key, 'MAXLEN', '~', String(MAX_BUFFERED), '*', 'e', JSON.stringify(event));
  }

  async read(max: number): Promise<BufferedEvent[]> {
    const entries = await this.redis.xrange(this.key, '-', '+', 'COUNT', max);
    const out: BufferedEvent[] = [];
    for (const [id, fields] of entries) {
      const i = fields.indexOf('e');
      try {
        out.push({ id, event: JSON.parse(fields[i + 1] ?? 'null') as RouteEvent });
      } catch {
        out.push({ id, event: null as unknown as RouteEvent });
      }
    }
    return out;
  }

  async ack(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.redis.xdel(this.key, ...ids);
  }

  async size(): Promise<number> {
    return this.redis.xlen(this.key);
  }
}

const buffers = new WeakMap<Runtime, RouteEventBuffer>();

/** The process's buffer: shared by the API hook and the transfer job of the same runtime. */
export function routeEventBuffer(runtime: Runtime): RouteEventBuffer {
  let buffer = buffers.get(runtime);
  if (!buffer) {
    buffer = runtime.redis
      ? new RedisRouteBuffer(runtime.redis, `${runtime.config.values.redis.namespace}:route_analytics:stream`)
      : new MemoryRouteBuffer();
    buffers.set(runtime, buffer);
  }
  return buffer;
}

const PAGING_KEYS = new Set(['page', 'page_size', 'skip', 'offset', 'limit', 'cursor']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function actingUser(request: FastifyRequest): string | null {
  const actor = (request as { actor?: { id?: string } | null }).actor;
  if (actor?.id) return actor.id;
  for (const source of [request.query, request.params, request.body]) {
    const v = (source as Record<string, unknown> | undefined)?.user_id;
    if (typeof v === 'string' && UUID.test(v)) return v.toLowerCase();
  }
  const header = request.headers['x-user-id'];
  return typeof header === 'string' && UUID.test(header) ? header.toLowerCase() : null;
}

function flatQuery(query: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) out[k] = Array.isArray(v) && v.length === 1 ? v[0] : v;
  return out;
}

/** Records every `/api/` request (route template, method, user, duration, status) into the buffer. */
export async function registerRouteAnalytics(app: TypedApp, runtime: Runtime): Promise<void> {
  const buffer = routeEventBuffer(runtime);
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const template = request.routeOptions?.url;
    if (!template || !template.startsWith('/api/')) return;
    const query = flatQuery(request.query);
    const normalized = Object.fromEntries(Object.entries(query).filter(([k]) => !PAGING_KEYS.has(k)));
    const status = reply.statusCode;
    const size = (v: unknown) => (v === undefined || v === null || v === '' ? null : Number(v) || null);
    const event: RouteEvent = {
      route: template,
      method: request.method,
      user_id: actingUser(request),
      timestamp: new Date().toISOString(),
      duration_ms: Math.max(0, Math.round(reply.elapsedTime)),
      status_code: status,
      query_params: query,
      query_params_normalized: normalized,
      request_size_bytes: size(request.headers['content-length']),
      response_size_bytes: size(reply.getHeader('content-length')),
      error_type: status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : null,
    };
    buffer.push(event).catch((err: unknown) => runtime.logger.debug({ err }, 'route analytics event dropped'));
  });
}

/** Inserts a batch; rows whose user no longer exists keep a null user (no FK failure loses the batch). */
export async function insertRouteEvents(db: Queryable, batch: readonly BufferedEvent[]): Promise<number> {
  const rows = batch
    .filter((b) => b.event && typeof b.event.route === 'string')
    .map((b) => ({ stream_id: b.id, ...b.event, user_id: b.event.user_id && UUID.test(b.event.user_id) ? b.event.user_id : null }));
  if (rows.length === 0) return 0;
  const res = await db.query(
    `INSERT INTO route_analytics (stream_id, route, method, user_id, "timestamp", duration_ms, status_code, query_params,
       query_params_normalized, request_size_bytes, response_size_bytes, error_type, created_at)
     SELECT x.stream_id, x.route, left(x.method, 10), u.id, x."timestamp", greatest(x.duration_ms, 0),
            least(greatest(x.status_code, 100), 599), x.query_params, x.query_params_normalized,
            x.request_size_bytes, x.response_size_bytes, x.error_type, x."timestamp"
       FROM jsonb_to_recordset($1::jsonb) AS x(stream_id text, route text, method text, user_id uuid, "timestamp" timestamptz,
            duration_ms int, status_code int, query_params jsonb, query_params_normalized jsonb,
            request_size_bytes int, response_size_bytes int, error_type text)
       LEFT JOIN users u ON u.id = x.user_id
     ON CONFLICT (stream_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  return res.rowCount;
}

/** Moves everything buffered into PostgreSQL, batch by batch, deleting each batch once written. */
export async function transferRouteAnalytics(runtime: Runtime, batchSize = 1000): Promise<{ transferred: number; batches: number }> {
  const buffer = routeEventBuffer(runtime);
  let transferred = 0;
  let batches = 0;
  for (;;) {
    const batch = await buffer.read(batchSize);
    if (batch.length === 0) break;
    transferred += await insertRouteEvents(runtime.db, batch);
    await buffer.ack(batch.map((b) => b.id));
    batches++;
    if (batch.length < batchSize) break;
  }
  return { transferred, batches };
}

/** Upserts the hourly rollup of the full hour before `reference` (re-running an hour replaces it). */
export async function aggregateRouteAnalyticsHourly(db: Queryable, reference = new Date()): Promise<number> {
  const res = await db.query(
    `WITH bounds AS (
       SELECT date_trunc('hour', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '1 hour' AS lo,
              date_trunc('hour', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hi
     )
     INSERT INTO route_analytics_hourly ("timestamp", route, method, query_params_normalized, total_requests, successful_requests,
       client_errors, server_errors, avg_duration_ms, p50_duration_ms, p95_duration_ms, p99_duration_ms, unique_users,
       avg_request_size_bytes, avg_response_size_bytes)
     SELECT b.lo, r.route, r.method, coalesce(r.query_params_normalized, '{}'::jsonb), count(*)::int,
            count(*) FILTER (WHERE r.status_code BETWEEN 200 AND 299)::int,
            count(*) FILTER (WHERE r.status_code BETWEEN 400 AND 499)::int,
            count(*) FILTER (WHERE r.status_code >= 500)::int,
            avg(r.duration_ms)::int,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY r.duration_ms)::int,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY r.duration_ms)::int,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY r.duration_ms)::int,
            count(DISTINCT r.user_id)::int,
            avg(r.request_size_bytes)::int, avg(r.response_size_bytes)::int
       FROM route_analytics r, bounds b
      WHERE r."timestamp" >= b.lo AND r."timestamp" < b.hi
      GROUP BY b.lo, r.route, r.method, coalesce(r.query_params_normalized, '{}'::jsonb)
     ON CONFLICT ("timestamp", route, method, query_params_normalized) DO UPDATE SET
       total_requests = EXCLUDED.total_requests, successful_requests = EXCLUDED.successful_requests,
       client_errors = EXCLUDED.client_errors, server_errors = EXCLUDED.server_errors,
       avg_duration_ms = EXCLUDED.avg_duration_ms, p50_duration_ms = EXCLUDED.p50_duration_ms,
       p95_duration_ms = EXCLUDED.p95_duration_ms, p99_duration_ms = EXCLUDED.p99_duration_ms,
       unique_users = EXCLUDED.unique_users, avg_request_size_bytes = EXCLUDED.avg_request_size_bytes,
       avg_response_size_bytes = EXCLUDED.avg_response_size_bytes`,
    [reference.toISOString()],
  );
  return res.rowCount;
}

/** Upserts the hourly generation metrics of the full hour before `reference`, from generation_events. */
export async function aggregateGenerationMetricsHourly(db: Queryable, reference = new Date()): Promise<number> {
  const hi = Math.floor(reference.getTime() / 3_600_000) * 3_600_000;
  return aggregateGenerationMetrics(db, new Date(hi - 3_600_000), new Date(hi));
}

/**
 * Upserts one generation_metrics_hourly row per UTC hour that has events in [from, to) (re-running
 * an hour replaces its row). The scheduler runs it for the previous hour; the seed for its history.
 */
export async function aggregateGenerationMetrics(db: Queryable, from: Date, to: Date): Promise<number> {
  const res = await db.query(
    `WITH ev AS (
       SELECT date_trunc('hour', e."timestamp" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, e.*
         FROM generation_events e WHERE e."timestamp" >= $1::timestamptz AND e."timestamp" < $2::timestamptz
     )
     INSERT INTO generation_metrics_hourly ("timestamp", total_requests, successful_generations, failed_generations,
       cancelled_generations, avg_duration_ms, p50_duration_ms, p95_duration_ms, p99_duration_ms, unique_users, total_images_generated)
     SELECT hour,
            count(*) FILTER (WHERE event_type = 'request')::int,
            count(*) FILTER (WHERE event_type = 'completion' AND success)::int,
            count(*) FILTER (WHERE event_type = 'completion' AND NOT success)::int,
            count(*) FILTER (WHERE event_type = 'cancellation')::int,
            (avg(duration_ms) FILTER (WHERE event_type = 'completion'))::int,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE event_type = 'completion'))::int,
            (percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE event_type = 'completion'))::int,
            (percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE event_type = 'completion'))::int,
            count(DISTINCT user_id)::int,
            coalesce(sum(coalesce(batch_size, 1)) FILTER (WHERE event_type = 'completion' AND success), 0)::int
       FROM ev
      GROUP BY hour
     ON CONFLICT ("timestamp") DO UPDATE SET
       total_requests = EXCLUDED.total_requests, successful_generations = EXCLUDED.successful_generations,
       failed_generations = EXCLUDED.failed_generations, cancelled_generations = EXCLUDED.cancelled_generations,
       avg_duration_ms = EXCLUDED.avg_duration_ms, p50_duration_ms = EXCLUDED.p50_duration_ms,
       p95_duration_ms = EXCLUDED.p95_duration_ms, p99_duration_ms = EXCLUDED.p99_duration_ms,
       unique_users = EXCLUDED.unique_users, total_images_generated = EXCLUDED.total_images_generated`,
    [from.toISOString(), to.toISOString()],
  );
  return res.rowCount;
}
