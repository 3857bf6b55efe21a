import type { Queryable } from '../../src/db/database.ts';

/** Rows of the analytics tables, inserted directly (the pipelines that fill them are tested elsewhere). */

/** An ISO timestamp `daysAgo` days before today's UTC midnight, at `hour`:`minute` UTC. */
export function utcAt(daysAgo: number, hour: number, minute = 0): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - daysAgo);
  d.setUTCHours(hour, minute);
  return d.toISOString();
}

export async function insertRouteEvent(
  db: Queryable,
  e: { route: string; method?: string; at: string; durationMs: number; status?: number; userId?: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO route_analytics (route, method, user_id, "timestamp", duration_ms, status_code, query_params, query_params_normalized)
     VALUES ($1, $2, $3, $4, $5, $6, '{}', '{}')`,
    [e.route, e.method ?? 'GET', e.userId ?? null, e.at, e.durationMs, e.status ?? 200],
  );
}

export async function insertRouteHourly(
  db: Queryable,
  h: { route: string; method?: string; at: string; requests: number; successful?: number; p95: number; users: number; params?: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `INSERT INTO route_analytics_hourly ("timestamp", route, method, query_params_normalized, total_requests, successful_requests,
       avg_duration_ms, p50_duration_ms, p95_duration_ms, p99_duration_ms, unique_users)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7, $7, $8)`,
    [h.at, h.route, h.method ?? 'GET', JSON.stringify(h.params ?? {}), h.requests, h.successful ?? h.requests, h.p95, h.users],
  );
}

export async function insertGenerationEvent(
  db: Queryable,
  e: {
    type: 'request' | 'completion' | 'cancellation';
    userId: string;
    at: string;
    durationMs?: number | null;
    success?: boolean | null;
    errorType?: string | null;
    errorMessage?: string | null;
    checkpoint?: string | null;
    batchSize?: number | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO generation_events (event_type, user_id, "timestamp", generation_type, duration_ms, success, error_type, error_message, model_checkpoint, batch_size)
     VALUES ($1, $2, $3, 'image', $4, $5, $6, $7, $8, $9)`,
    [e.type, e.userId, e.at, e.durationMs ?? null, e.success ?? null, e.errorType ?? null, e.errorMessage ?? null, e.checkpoint ?? null, e.batchSize ?? null],
  );
}

export async function insertGenerationHourly(
  db: Queryable,
  h: { at: string; requests: number; successful: number; failed?: number; p95?: number | null; users?: number; avgQueue?: number | null; maxQueue?: number | null; images?: number },
): Promise<void> {
  await db.query(
    `INSERT INTO generation_metrics_hourly ("timestamp", total_requests, successful_generations, failed_generations, cancelled_generations,
       avg_duration_ms, p50_duration_ms, p95_duration_ms, p99_duration_ms, unique_users, avg_queue_length, max_queue_length, total_images_generated)
     VALUES ($1, $2, $3, $4, 0, $5, $5, $5, $5, $6, $7, $8, $9)`,
    [h.at, h.requests, h.successful, h.failed ?? 0, h.p95 ?? null, h.users ?? 0, h.avgQueue ?? null, h.maxQueue ?? null, h.images ?? h.successful],
  );
}
