import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/db/database.ts';

/** Content, tags and interactions for the interaction and recommendation tests. */

export async function insertContent(
  db: Queryable,
  creatorId: string,
  opts: { source?: 'items' | 'auto'; contentType?: string; quality?: number; isPrivate?: boolean; title?: string } = {},
): Promise<number> {
  const res = await db.query<{ id: number }>(
    `INSERT INTO content_items_all (title, content_type, content_data, creator_id, prompt, source_type, quality_score, is_private)
     VALUES ($1, $2, 'data', $3, 'a prompt', $4, $5, $6) RETURNING id`,
    [opts.title ?? `item ${randomUUID().slice(0, 6)}`, opts.contentType ?? 'image', creatorId, opts.source ?? 'items', opts.quality ?? 0.5, opts.isPrivate ?? false],
  );
  return res.rows[0].id;
}

export async function insertTag(db: Queryable, name = `tag_${randomUUID().slice(0, 8)}`): Promise<string> {
  const res = await db.query<{ id: string }>('INSERT INTO tags (name) VALUES ($1) RETURNING id', [name]);
  return res.rows[0].id;
}

export async function tagContent(db: Queryable, contentId: number, tagIds: string[]): Promise<void> {
  for (const tagId of tagIds) {
    await db.query(
      `INSERT INTO content_tags (content_id, source_type, tag_id)
       SELECT id, source_type, $2 FROM content_items_all WHERE id = $1`,
      [contentId, tagId],
    );
  }
}

export async function insertInteractionRow(
  db: Queryable,
  userId: string,
  contentId: number,
  type: string,
  opts: { rating?: number | null; duration?: number | null; createdAt?: string } = {},
): Promise<number> {
  const res = await db.query<{ id: number }>(
    `INSERT INTO user_interactions (user_id, content_item_id, content_source_type, interaction_type, rating, duration, created_at)
     SELECT $1, id, source_type, $3, $4, $5, COALESCE($6::timestamp, utc_now()) FROM content_items_all WHERE id = $2
     RETURNING id`,
    [userId, contentId, type, opts.rating ?? null, opts.duration ?? null, opts.createdAt ?? null],
  );
  return res.rows[0].id;
}

export async function deactivateUser(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE users SET is_active = false WHERE id = $1', [userId]);
}
