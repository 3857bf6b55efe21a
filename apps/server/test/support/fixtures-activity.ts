import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/db/database.ts';

/** Users for the notification, search-history, tag and model tests. */
export async function insertUser(db: Queryable, preferences: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID();
  const name = `u_${id.slice(0, 8)}`;
  await db.query('INSERT INTO users (id, username, email, preferences) VALUES ($1, $2, $3, $4)', [
    id,
    name,
    `${name}@example.test`,
    JSON.stringify(preferences),
  ]);
  return id;
}

/** Inserts a search-history row with an explicit timestamp (ordering tests). */
export async function insertSearchAt(db: Queryable, userId: string, query: string, createdAt: string): Promise<void> {
  await db.query('INSERT INTO user_search_history (user_id, search_query, created_at) VALUES ($1, $2, $3)', [userId, query, createdAt]);
}

/** A content item in the given partition; returns its id (ids are shared by both partitions). */
export async function insertContent(db: Queryable, creatorId: string, source: 'items' | 'auto' = 'items', title = 'item'): Promise<number> {
  const res = await db.query<{ id: number }>(
    `INSERT INTO content_items_all (title, content_data, creator_id, prompt, source_type)
     VALUES ($1, '/img/x.png', $2, 'a prompt', $3) RETURNING id`,
    [title, creatorId, source],
  );
  return res.rows[0].id;
}

export async function insertJob(db: Queryable, userId: string): Promise<number> {
  const res = await db.query<{ id: number }>(`INSERT INTO generation_jobs (user_id, prompt) VALUES ($1, 'a prompt') RETURNING id`, [userId]);
  return res.rows[0].id;
}

export async function insertNotificationAt(
  db: Queryable,
  userId: string,
  createdAt: string,
  opts: { type?: string; read?: boolean; title?: string } = {},
): Promise<number> {
  const res = await db.query<{ id: number }>(
    `INSERT INTO user_notifications (user_id, title, message, notification_type, read_status, read_at, created_at)
     VALUES ($1, $2, 'message', $3, $4, CASE WHEN $4 THEN $5::timestamp END, $5) RETURNING id`,
    [userId, opts.title ?? 'title', opts.type ?? 'system', opts.read ?? false, createdAt],
  );
  return res.rows[0].id;
}
