import type { Queryable } from '../../db/database.ts';

export const NOTIFICATION_TYPES = ['job_completed', 'job_failed', 'job_cancelled', 'system', 'recommendation'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NotificationRow {
  id: number;
  user_id: string;
  title: string;
  message: string;
  notification_type: string;
  read_status: boolean;
  related_job_id: number | null;
  related_content_id: number | null;
  created_at: string;
  read_at: string | null;
}

const COLUMNS = `id, user_id, title, message, notification_type, read_status, related_job_id, related_content_id,
  created_at, read_at`;

export interface NotificationFilter {
  userId: string;
  unreadOnly: boolean;
  types: readonly string[] | null;
}

function where(filter: NotificationFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [filter.userId];
  let sql = 'user_id = $1';
  if (filter.unreadOnly) sql += ' AND NOT read_status';
  if (filter.types && filter.types.length > 0) {
    params.push(filter.types);
    sql += ` AND notification_type = ANY($${params.length}::text[])`;
  }
  return { sql, params };
}

export async function listNotifications(db: Queryable, filter: NotificationFilter, skip: number, limit: number): Promise<NotificationRow[]> {
  const w = where(filter);
  const res = await db.query<NotificationRow>(
    `SELECT ${COLUMNS} FROM user_notifications WHERE ${w.sql}
      ORDER BY created_at DESC, id DESC
      LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
    [...w.params, limit, skip],
  );
  return res.rows;
}

export async function countNotifications(db: Queryable, filter: NotificationFilter): Promise<number> {
  const w = where(filter);
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM user_notifications WHERE ${w.sql}`, w.params);
  return res.rows[0].n;
}

export async function findNotification(db: Queryable, userId: string, id: number): Promise<NotificationRow | null> {
  const res = await db.query<NotificationRow>(`SELECT ${COLUMNS} FROM user_notifications WHERE id = $1 AND user_id = $2`, [id, userId]);
  return res.rows[0] ?? null;
}

export async function markRead(db: Queryable, userId: string, id: number): Promise<NotificationRow | null> {
  const res = await db.query<NotificationRow>(
    `UPDATE user_notifications
        SET read_status = true, read_at = CASE WHEN read_status THEN read_at ELSE utc_now() END
      WHERE id = $1 AND user_id = $2
      RETURNING ${COLUMNS}`,
    [id, userId],
  );
  return res.rows[0] ?? null;
}

export async function markUnread(db: Queryable, userId: string, id: number): Promise<NotificationRow | null> {
  const res = await db.query<NotificationRow>(
    `UPDATE user_notifications SET read_status = false, read_at = NULL
      WHERE id = $1 AND user_id = $2
      RETURNING ${COLUMNS}`,
    [id, userId],
  );
  return res.rows[0] ?? null;
}

export async function markAllRead(db: Queryable, userId: string): Promise<number> {
  const res = await db.query(
    'UPDATE user_notifications SET read_status = true, read_at = utc_now() WHERE user_id = $1 AND NOT read_status',
    [userId],
  );
  return res.rowCount;
}

export async function deleteNotification(db: Queryable, userId: string, id: number): Promise<number> {
  const res = await db.query('DELETE FROM user_notifications WHERE id = $1 AND user_id = $2', [id, userId]);
  return res.rowCount;
}

export interface NewNotification {
  userId: string;
  title: string;
  message: string;
  type: string;
  relatedJobId: number | null;
  relatedContentId: number | null;
  relatedContentSource: 'items' | 'auto';
}

export async function insertNotification(db: Queryable, n: NewNotification): Promise<NotificationRow> {
  const res = await db.query<NotificationRow>(
    `INSERT INTO user_notifications
       (user_id, title, message, notification_type, related_job_id, related_content_id, related_content_source_type)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING ${COLUMNS}`,
    [n.userId, n.title, n.message, n.type, n.relatedJobId, n.relatedContentId, n.relatedContentSource],
  );
  return res.rows[0];
}

/** The user's stored notification switch: true, false, or null when never set. */
export async function userNotificationSetting(db: Queryable, userId: string): Promise<{ exists: boolean; enabled: boolean | null }> {
  const res = await db.query<{ setting: unknown }>(`SELECT preferences -> 'notifications_enabled' AS setting FROM users WHERE id = $1`, [userId]);
  if (res.rows.length === 0) return { exists: false, enabled: null };
  const setting = res.rows[0].setting;
  return { exists: true, enabled: typeof setting === 'boolean' ? setting : null };
}

/** With `ownerId`, another user's job is not found, exactly like a missing one. */
export async function jobExists(db: Queryable, jobId: number, ownerId: string | null = null): Promise<boolean> {
  const res = await db.query('SELECT 1 FROM generation_jobs WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2::uuid)', [jobId, ownerId]);
  return res.rows.length > 0;
}
