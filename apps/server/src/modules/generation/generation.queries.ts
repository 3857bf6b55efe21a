import type { Queryable } from '../../db/database.ts';
import type { NotificationRow } from '../notifications/notifications.queries.ts';

/** Parameterised SQL for generation jobs, their outputs and outcome notifications. */

export interface JobRow {
  id: number;
  user_id: string;
  job_type: string;
  prompt: string;
  params: Record<string, unknown>;
  status: string;
  content_id: number | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  error_message: string | null;
  updated_at: string;
  celery_task_id: string | null;
  negative_prompt: string | null;
  checkpoint_model: string | null;
  lora_models: Array<Record<string, unknown>>;
  width: number | null;
  height: number | null;
  batch_size: number;
  comfyui_prompt_id: string | null;
  attempt: number;
  heartbeat_at: string | null;
}

const JOB_COLUMNS = `id, user_id, job_type, prompt, params, status, content_id, created_at, started_at, completed_at,
  error_message, updated_at, celery_task_id, negative_prompt, checkpoint_model, lora_models, width, height,
  batch_size, comfyui_prompt_id, attempt, heartbeat_at`;

export interface NewJob {
  userId: string;
  jobType: string;
  prompt: string;
  params: Record<string, unknown>;
  negativePrompt: string | null;
  checkpointModel: string | null;
  loraModels: Array<Record<string, unknown>>;
  width: number | null;
  height: number | null;
  batchSize: number;
}

export async function findUser(db: Queryable, userId: string): Promise<{ id: string; is_active: boolean; preferences: Record<string, unknown> } | null> {
  const res = await db.query<{ id: string; is_active: boolean; preferences: Record<string, unknown> }>(
    'SELECT id, is_active, preferences FROM users WHERE id = $1',
    [userId],
  );
  return res.rows[0] ?? null;
}

/**
 * Inserts the job with its queue task id (`<queue kind>:<id>`) and its `request` analytics event
 * in one statement (one round trip per submission).
 */
export async function insertJob(db: Queryable, job: NewJob, queueKind: string): Promise<JobRow> {
  const res = await db.query<JobRow>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('generation_jobs', 'id'))::int AS id),
     j AS (
       INSERT INTO generation_jobs (id, user_id, job_type, prompt, params, negative_prompt, checkpoint_model, lora_models, width, height, batch_size, celery_task_id)
       SELECT n.id, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 || ':' || n.id FROM n
       RETURNING ${JOB_COLUMNS}
     ),
     e AS (
       INSERT INTO generation_events (event_type, job_id, user_id, generation_type, model_checkpoint, image_dimensions, batch_size)
       SELECT 'request', j.id, j.user_id, 'image', j.checkpoint_model,
              CASE WHEN j.width IS NOT NULL AND j.height IS NOT NULL THEN jsonb_build_object('width', j.width, 'height', j.height) END, j.batch_size
         FROM j
     )
     SELECT * FROM j`,
    [
      job.userId,
      job.jobType,
      job.prompt,
      JSON.stringify(job.params),
      job.negativePrompt,
      job.checkpointModel,
      JSON.stringify(job.loraModels),
      job.width,
      job.height,
      job.batchSize,
      queueKind,
    ],
  );
  return res.rows[0] as JobRow;
}

export async function findJob(db: Queryable, jobId: number): Promise<JobRow | null> {
  const res = await db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM generation_jobs WHERE id = $1`, [jobId]);
  return res.rows[0] ?? null;
}

/** The ids that exist (with `ownerId`: that belong to this user). */
export async function jobIdsExisting(db: Queryable, ids: readonly number[], ownerId: string | null = null): Promise<number[]> {
  const res = await db.query<{ id: number }>('SELECT id FROM generation_jobs WHERE id = ANY($1::int[]) AND ($2::uuid IS NULL OR user_id = $2::uuid)', [ids, ownerId]);
  return res.rows.map((r) => r.id);
}

export type JobOrder = 'created_desc' | 'created_asc' | 'started_asc' | 'completed_desc' | 'id';
const ORDERS: Record<JobOrder, string> = {
  created_desc: 'created_at DESC, id DESC',
  created_asc: 'created_at ASC, id ASC',
  started_asc: 'started_at ASC NULLS LAST, id ASC',
  completed_desc: 'completed_at DESC NULLS LAST, id DESC',
  id: 'id ASC',
};

export interface JobFilter {
  userId?: string;
  status?: string;
  jobType?: string;
  jobTypeIn?: readonly string[];
  createdWithinDays?: number;
  completedWithinDays?: number;
  createdAfter?: string;
  createdBefore?: string;
}

function where(filter: JobFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    clauses.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.userId !== undefined) add('user_id = ?', filter.userId);
  if (filter.status !== undefined) add('status = ?', filter.status);
  if (filter.jobType !== undefined) add('job_type = ?', filter.jobType);
  if (filter.jobTypeIn !== undefined) add('job_type = ANY(?::text[])', filter.jobTypeIn);
  if (filter.createdWithinDays !== undefined) add(`created_at >= utc_now() - make_interval(days => ?::int)`, filter.createdWithinDays);
  if (filter.completedWithinDays !== undefined) add(`completed_at >= utc_now() - make_interval(days => ?::int)`, filter.completedWithinDays);
  if (filter.createdAfter !== undefined) add('created_at >= ?::timestamp', filter.createdAfter);
  if (filter.createdBefore !== undefined) add('created_at <= ?::timestamp', filter.createdBefore);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export async function listJobs(db: Queryable, filter: JobFilter, order: JobOrder, skip: number, limit: number): Promise<JobRow[]> {
  const w = where(filter);
  const res = await db.query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM generation_jobs ${w.sql} ORDER BY ${ORDERS[order]} OFFSET $${w.params.length + 1} LIMIT $${w.params.length + 2}`,
    [...w.params, skip, limit],
  );
  return res.rows;
}

export async function countJobs(db: Queryable, filter: JobFilter): Promise<number> {
  const w = where(filter);
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM generation_jobs ${w.sql}`, w.params);
  return res.rows[0]?.n ?? 0;
}

export async function jobStats(
  db: Queryable,
  userId: string | null,
): Promise<{ total: number; byStatus: Record<string, number>; byType: Record<string, number>; avgSeconds: number | null }> {
  const params = userId ? [userId] : [];
  const filter = userId ? 'WHERE user_id = $1' : '';
  const status = await db.query<{ key: string; n: number }>(`SELECT status AS key, count(*)::int AS n FROM generation_jobs ${filter} GROUP BY status`, params);
  const type = await db.query<{ key: string; n: number }>(`SELECT job_type AS key, count(*)::int AS n FROM generation_jobs ${filter} GROUP BY job_type`, params);
  const avg = await db.query<{ s: number | null }>(
    `SELECT avg(extract(epoch FROM completed_at - started_at))::float8 AS s FROM generation_jobs
      ${filter ? `${filter} AND` : 'WHERE'} status = 'completed' AND started_at IS NOT NULL AND completed_at IS NOT NULL`,
    params,
  );
  const byStatus = Object.fromEntries(status.rows.map((r) => [r.key, r.n]));
  const byType = Object.fromEntries(type.rows.map((r) => [r.key, r.n]));
  const total = status.rows.reduce((a, r) => a + r.n, 0);
  return { total, byStatus, byType, avgSeconds: avg.rows[0]?.s ?? null };
}

export async function updatePendingParams(db: Queryable, jobId: number, params: Record<string, unknown>): Promise<JobRow | null> {
  const res = await db.query<JobRow>(`UPDATE generation_jobs SET params = $2 WHERE id = $1 AND status = 'pending' RETURNING ${JOB_COLUMNS}`, [
    jobId,
    JSON.stringify(params),
  ]);
  return res.rows[0] ?? null;
}

export async function deleteFinishedJob(db: Queryable, jobId: number): Promise<boolean> {
  const res = await db.query(`DELETE FROM generation_jobs WHERE id = $1 AND status NOT IN ('pending', 'running')`, [jobId]);
  return res.rowCount > 0;
}

/** Administrative status write (PUT /status): no transition rules, as the contract says. */
export async function setStatus(db: Queryable, jobId: number, status: string, errorMessage: string | null): Promise<JobRow | null> {
  const res = await db.query<JobRow>(
    `UPDATE generation_jobs SET
       status = $2::text,
       started_at = CASE WHEN $2::text = 'running' AND started_at IS NULL THEN utc_now() ELSE started_at END,
       completed_at = CASE WHEN $2::text IN ('completed', 'failed') AND completed_at IS NULL THEN utc_now() ELSE completed_at END,
       error_message = COALESCE($3::text, error_message)
     WHERE id = $1 RETURNING ${JOB_COLUMNS}`,
    [jobId, status, errorMessage],
  );
  return res.rows[0] ?? null;
}

export async function setResult(db: Queryable, jobId: number, contentId: number): Promise<JobRow | null> {
  const res = await db.query<JobRow>(
    `UPDATE generation_jobs SET content_id = $2, content_source_type = 'items' WHERE id = $1 RETURNING ${JOB_COLUMNS}`,
    [jobId, contentId],
  );
  return res.rows[0] ?? null;
}

export async function regularContentExists(db: Queryable, contentId: number): Promise<boolean> {
  const res = await db.query('SELECT 1 FROM content_items WHERE id = $1', [contentId]);
  return res.rows.length > 0;
}

/** Cancels a job that has not finished; null when it already had (the caller reports its status). */
export async function cancelJob(db: Queryable, jobId: number, errorMessage: string | null, setCompletedAt: boolean): Promise<JobRow | null> {
  const res = await db.query<JobRow>(
    `UPDATE generation_jobs SET status = 'cancelled', error_message = COALESCE($2::text, error_message),
       completed_at = CASE WHEN $3::boolean THEN utc_now() ELSE completed_at END, heartbeat_at = NULL
     WHERE id = $1 AND status IN ('pending', 'running') RETURNING ${JOB_COLUMNS}`,
    [jobId, errorMessage, setCompletedAt],
  );
  return res.rows[0] ?? null;
}

/** A failed or cancelled job back to pending for a new attempt (content stays unset). */
export async function resetForRetry(db: Queryable, jobId: number): Promise<JobRow | null> {
  const res = await db.query<JobRow>(
    `UPDATE generation_jobs SET status = 'pending', error_message = NULL, completed_at = NULL, started_at = NULL,
       comfyui_prompt_id = NULL, heartbeat_at = NULL, params = params || jsonb_build_object('attempt_base', attempt)
     WHERE id = $1 AND status IN ('failed', 'cancelled') AND content_id IS NULL RETURNING ${JOB_COLUMNS}`,
    [jobId],
  );
  return res.rows[0] ?? null;
}

/** Legacy `POST /queue/process`: marks the oldest pending jobs running without running them. */
export async function markOldestPendingRunning(db: Queryable, max: number): Promise<JobRow[]> {
  const res = await db.query<JobRow>(
    `UPDATE generation_jobs SET status = 'running', started_at = utc_now()
      WHERE id IN (SELECT id FROM generation_jobs WHERE status = 'pending' ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING ${JOB_COLUMNS}`,
    [max],
  );
  return res.rows.sort((a, b) => a.id - b.id);
}

// ---- worker side: claims and conditional writes keyed by (id, attempt) ----

/**
 * Takes a pending job for one attempt (attempt + 1). Null when another delivery got it first, or
 * the job is running, finished or cancelled: a duplicate or stale delivery does nothing.
 */
export async function claimJob(db: Queryable, jobId: number): Promise<JobRow | null> {
  const res = await db.query<JobRow>(
    `UPDATE generation_jobs SET status = 'running', attempt = attempt + 1, heartbeat_at = utc_now(),
       started_at = COALESCE(started_at, utc_now()), error_message = NULL
     WHERE id = $1 AND status = 'pending'
     RETURNING ${JOB_COLUMNS}`,
    [jobId],
  );
  return res.rows[0] ?? null;
}

/** A running attempt whose worker stopped beating goes back to pending (conditional on the attempt). */
export async function releaseStale(db: Queryable, jobId: number, attempt: number, staleAfterMs: number, note: string): Promise<boolean> {
  const res = await db.query(
    `UPDATE generation_jobs SET status = 'pending', heartbeat_at = NULL, error_message = $4
      WHERE id = $1 AND attempt = $2 AND status = 'running'
        AND (heartbeat_at IS NULL OR heartbeat_at <= utc_now() - make_interval(secs => $3::float8 / 1000))`,
    [jobId, attempt, staleAfterMs, note],
  );
  return res.rowCount > 0;
}

/** Refreshes the heartbeat; false when the attempt no longer owns the job (cancelled or taken over). */
export async function heartbeat(db: Queryable, jobId: number, attempt: number): Promise<boolean> {
  const res = await db.query(`UPDATE generation_jobs SET heartbeat_at = utc_now() WHERE id = $1 AND attempt = $2 AND status = 'running'`, [jobId, attempt]);
  return res.rowCount > 0;
}

export async function recordPromptId(db: Queryable, jobId: number, attempt: number, promptId: string): Promise<boolean> {
  const res = await db.query(`UPDATE generation_jobs SET comfyui_prompt_id = $3, heartbeat_at = utc_now() WHERE id = $1 AND attempt = $2 AND status = 'running'`, [
    jobId,
    attempt,
    promptId,
  ]);
  return res.rowCount > 0;
}

/** generation_events keeps milliseconds in int4 columns (the original's schema): longer spans are stored as the column's maximum (~24.8 days). */
const INT4_MAX = 2_147_483_647;
function msForColumn(ms: number | null | undefined): number | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return null;
  return Math.min(INT4_MAX, Math.max(0, Math.round(ms)));
}

/** Outcome notifications go to users who have not opted out (`notifications_enabled: false`); `u` is the users row. */
const WANTS_NOTIFICATIONS = `COALESCE(u.preferences -> 'notifications_enabled', 'true'::jsonb) <> 'false'::jsonb`;
const NOTIFICATION_COLUMNS = 'id, user_id, title, message, notification_type, read_status, related_job_id, related_content_id, created_at, read_at';

/**
 * Completes an attempt: the conditional job update (status running, this attempt), its one
 * notification (unless the user opted out) and its analytics event, in one statement. Null when
 * the attempt no longer owns the job; then nothing is written.
 */
export async function completeAttempt(
  db: Queryable,
  jobId: number,
  attempt: number,
  contentId: number,
  params: Record<string, unknown>,
  event: { durationMs: number; queueWaitMs: number | null; images: number },
): Promise<{ job: JobRow; notification: NotificationRow | null } | null> {
  const res = await db.query<JobRow & { notification: NotificationRow | null }>(
    `WITH j AS (
       UPDATE generation_jobs SET status = 'completed', content_id = $3, content_source_type = 'items', completed_at = utc_now(),
         params = $4, error_message = NULL, heartbeat_at = NULL
       WHERE id = $1 AND attempt = $2 AND status = 'running' RETURNING ${JOB_COLUMNS}
     ), n AS (
       INSERT INTO user_notifications (user_id, title, message, notification_type, related_job_id, related_content_id, related_content_source_type)
       SELECT u.id, 'Generation Complete', 'Your image generation has completed successfully!', 'job_completed', j.id, j.content_id, 'items'
         FROM j JOIN users u ON u.id = j.user_id
        WHERE ${WANTS_NOTIFICATIONS}
       RETURNING ${NOTIFICATION_COLUMNS}
     ), e AS (
       INSERT INTO generation_events (event_type, job_id, user_id, generation_type, duration_ms, success, queue_wait_time_ms, generation_time_ms,
         model_checkpoint, image_dimensions, batch_size)
       SELECT 'completion', j.id, j.user_id, 'image', $5::int, true, $6::int, $5::int, j.checkpoint_model,
              CASE WHEN j.width IS NOT NULL AND j.height IS NOT NULL THEN jsonb_build_object('width', j.width, 'height', j.height) END, $7::int
         FROM j
     )
     SELECT j.*, (SELECT to_jsonb(n) FROM n) AS notification FROM j`,
    [jobId, attempt, contentId, JSON.stringify(params), msForColumn(event.durationMs), msForColumn(event.queueWaitMs), event.images],
  );
  const row = res.rows[0];
  if (!row) return null;
  const { notification, ...job } = row;
  return { job: job as JobRow, notification: notification ?? null };
}

export async function failAttempt(db: Queryable, jobId: number, attempt: number, error: string): Promise<JobRow | null> {
  const res = await db.query<JobRow>(
    `UPDATE generation_jobs SET status = 'failed', error_message = $3, completed_at = utc_now(), heartbeat_at = NULL
     WHERE id = $1 AND attempt = $2 AND status = 'running' RETURNING ${JOB_COLUMNS}`,
    [jobId, attempt, error],
  );
  return res.rows[0] ?? null;
}

/** Transient error with attempts left: back to pending until the delayed delivery. */
export async function releaseForRetry(db: Queryable, jobId: number, attempt: number, error: string): Promise<JobRow | null> {
  const res = await db.query<JobRow>(
    `UPDATE generation_jobs SET status = 'pending', error_message = $3, heartbeat_at = NULL
     WHERE id = $1 AND attempt = $2 AND status = 'running' RETURNING ${JOB_COLUMNS}`,
    [jobId, attempt, error],
  );
  return res.rows[0] ?? null;
}

export async function pendingJobIds(db: Queryable): Promise<number[]> {
  const res = await db.query<{ id: number }>(`SELECT id FROM generation_jobs WHERE status = 'pending' ORDER BY created_at, id`);
  return res.rows.map((r) => r.id);
}

export async function staleRunningJobs(db: Queryable, staleAfterMs: number): Promise<Array<{ id: number; attempt: number; attempt_base: number }>> {
  const res = await db.query<{ id: number; attempt: number; attempt_base: number }>(
    `SELECT id, attempt, coalesce((params ->> 'attempt_base')::int, 0) AS attempt_base FROM generation_jobs
      WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at <= utc_now() - make_interval(secs => $1::float8 / 1000))
      ORDER BY created_at, id`,
    [staleAfterMs],
  );
  return res.rows;
}

// ---- outputs ----

/**
 * Locks a job's row for the clean-up of files an attempt wrote without creating content, so no
 * attempt can be claimed (and write the same file names) meanwhile. Null when the job is gone.
 */
export async function lockJobForOutputCleanup(db: Queryable, jobId: number): Promise<{ status: string; content_id: number | null } | null> {
  const res = await db.query<{ status: string; content_id: number | null }>('SELECT status, content_id FROM generation_jobs WHERE id = $1 FOR UPDATE', [jobId]);
  return res.rows[0] ?? null;
}

/** Those of `paths` that a content item of either partition uses as its image or one of its thumbnails. */
export async function contentFilesInUse(db: Queryable, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const res = await db.query<{ ref: string }>(
    `SELECT content_data AS ref FROM content_items_all WHERE content_data = ANY($1::text[])
     UNION SELECT path_thumb FROM content_items_all WHERE path_thumb = ANY($1::text[])
     UNION SELECT t.value FROM content_items_all c, jsonb_each_text(c.path_thumbs_alt_res) t WHERE t.value = ANY($1::text[])`,
    [paths],
  );
  return new Set(res.rows.map((r) => r.ref));
}

export interface NewContent {
  title: string;
  contentData: string;
  prompt: string;
  creatorId: string;
  itemMetadata: Record<string, unknown>;
  pathThumb: string | null;
  pathThumbsAltRes: Record<string, string> | null;
}

/** Inserts a regular content item and links it to those of `tagIds` that exist in `tags`, in one statement. */
export async function insertRegularContent(db: Queryable, c: NewContent, tagIds: readonly string[] = []): Promise<number> {
  const res = await db.query<{ id: number }>(
    `WITH c AS (
       INSERT INTO content_items (title, content_type, content_data, item_metadata, creator_id, quality_score, is_private, path_thumb, prompt, path_thumbs_alt_res)
       VALUES ($1, 'image', $2, $3, $4, 0.5, false, $5, $6, $7) RETURNING id
     ), t AS (
       INSERT INTO content_tags (content_id, source_type, tag_id)
       SELECT c.id, 'items', tags.id FROM c, tags WHERE tags.id = ANY($8::uuid[])
       ON CONFLICT DO NOTHING
     )
     SELECT id FROM c`,
    [c.title, c.contentData, JSON.stringify(c.itemMetadata), c.creatorId, c.pathThumb, c.prompt, c.pathThumbsAltRes ? JSON.stringify(c.pathThumbsAltRes) : null, tagIds],
  );
  return (res.rows[0] as { id: number }).id;
}

/**
 * The outcome notification of a job, written in the same transaction as the outcome itself, so
 * there is exactly one per outcome. Nothing is written for a user who opted out.
 */
export async function insertOutcomeNotification(
  db: Queryable,
  n: { userId: string; title: string; message: string; type: 'job_completed' | 'job_failed' | 'job_cancelled'; jobId: number; contentId: number | null },
): Promise<NotificationRow | null> {
  const res = await db.query<NotificationRow>(
    `INSERT INTO user_notifications (user_id, title, message, notification_type, related_job_id, related_content_id, related_content_source_type)
     SELECT u.id, $2, $3, $4, $5, $6, 'items' FROM users u
      WHERE u.id = $1 AND ${WANTS_NOTIFICATIONS}
     RETURNING ${NOTIFICATION_COLUMNS}`,
    [n.userId, n.title, n.message, n.type, n.jobId, n.contentId],
  );
  return res.rows[0] ?? null;
}

export async function insertGenerationEvent(
  db: Queryable,
  e: {
    type: 'request' | 'completion' | 'cancellation';
    jobId: number;
    userId: string;
    success?: boolean | null;
    durationMs?: number | null;
    queueWaitMs?: number | null;
    generationMs?: number | null;
    errorType?: string | null;
    errorMessage?: string | null;
    checkpoint?: string | null;
    width?: number | null;
    height?: number | null;
    batchSize?: number | null;
    promptTokens?: number | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO generation_events (event_type, job_id, user_id, generation_type, duration_ms, success, error_type, error_message,
       queue_wait_time_ms, generation_time_ms, model_checkpoint, image_dimensions, batch_size, prompt_tokens)
     VALUES ($1, $2, $3, 'image', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      e.type,
      e.jobId,
      e.userId,
      msForColumn(e.durationMs),
      e.success ?? null,
      e.errorType ?? null,
      e.errorMessage ?? null,
      msForColumn(e.queueWaitMs),
      msForColumn(e.generationMs),
      e.checkpoint ?? null,
      e.width && e.height ? JSON.stringify({ width: e.width, height: e.height }) : null,
      e.batchSize ?? null,
      e.promptTokens ?? null,
    ],
  );
}

// ---- model registry (legacy /comfyui/models) ----

export interface AvailableModelRow {
  id: number;
  name: string;
  type: string;
  file_path: string;
  description: string | null;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export async function listAvailableModels(
  db: Queryable,
  f: { type?: string; isActive?: boolean; search?: string },
): Promise<AvailableModelRow[]> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (f.type !== undefined) {
    params.push(f.type);
    clauses.push(`type = $${params.length}`);
  }
  params.push(f.isActive ?? true);
  clauses.push(`is_active = $${params.length}`);
  if (f.search) {
    params.push(`%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    clauses.push(`(name ILIKE $${params.length} OR coalesce(description, '') ILIKE $${params.length})`);
  }
  const res = await db.query<AvailableModelRow>(
    `SELECT id, name, type, file_path, description, is_active, created_at, updated_at FROM available_models
      WHERE ${clauses.join(' AND ')} ORDER BY type, name`,
    params,
  );
  return res.rows;
}

/** Upserts what ComfyUI offers and deactivates what it no longer does; returns added + updated. */
export async function syncAvailableModels(db: Queryable, models: Array<{ name: string; type: 'checkpoint' | 'lora' }>): Promise<number> {
  const names = models.map((m) => m.name);
  const types = models.map((m) => m.type);
  const upserted = await db.query(
    `INSERT INTO available_models (name, type, file_path, is_active)
     SELECT n, t, t || 's/' || n, true FROM unnest($1::text[], $2::text[]) AS x(n, t)
     ON CONFLICT (name, type) DO UPDATE SET is_active = true
       WHERE available_models.is_active IS DISTINCT FROM true OR available_models.file_path <> EXCLUDED.file_path`,
    [names, types],
  );
  await db.query(
    `UPDATE available_models SET is_active = false
      WHERE is_active AND (name, type) NOT IN (SELECT n, t FROM unnest($1::text[], $2::text[]) AS x(n, t))`,
    [names, types],
  );
  return upserted.rowCount;
}
