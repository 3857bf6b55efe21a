import type { Queryable } from '../../db/database.ts';
import type { SourceType } from '../content/content.queries.ts';

export const INTERACTION_TYPES = ['view', 'like', 'share', 'download', 'bookmark', 'comment', 'rate'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];
/** A content partition: the content module's SourceType under this module's name. */
export type ContentSource = SourceType;

export interface InteractionRow {
  id: number;
  user_id: string;
  content_item_id: number | null;
  interaction_type: string;
  rating: number | null;
  duration: number | null;
  created_at: string;
  interaction_metadata: Record<string, unknown>;
}

export interface TypeAggregateRow {
  interaction_type: string;
  count: number;
  avg_rating: number | null;
  avg_duration: number | null;
}

const COLUMNS = 'id, user_id, content_item_id, interaction_type, rating, duration, created_at, interaction_metadata';
const NEWEST_FIRST = 'ORDER BY created_at DESC, id DESC';

export async function findUserActivity(db: Queryable, userId: string): Promise<{ is_active: boolean } | null> {
  const res = await db.query<{ is_active: boolean }>('SELECT is_active FROM users WHERE id = $1', [userId]);
  return res.rows[0] ?? null;
}

export interface NewInteraction {
  userId: string;
  contentItemId: number;
  source: ContentSource;
  type: InteractionType;
  rating: number | null;
  duration: number | null;
  metadata: Record<string, unknown>;
}

export async function insertInteraction(db: Queryable, n: NewInteraction): Promise<InteractionRow> {
  const res = await db.query<InteractionRow>(
    `INSERT INTO user_interactions (user_id, content_item_id, content_source_type, interaction_type, rating, duration, interaction_metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
     RETURNING ${COLUMNS}`,
    [n.userId, n.contentItemId, n.source, n.type, n.rating, n.duration, JSON.stringify(n.metadata)],
  );
  return res.rows[0];
}

export async function findInteraction(db: Queryable, id: number): Promise<InteractionRow | null> {
  const res = await db.query<InteractionRow>(`SELECT ${COLUMNS} FROM user_interactions WHERE id = $1`, [id]);
  return res.rows[0] ?? null;
}

/** Null fields keep their value; metadata, when given, replaces the stored object. */
export async function updateInteraction(
  db: Queryable,
  id: number,
  patch: { rating: number | null; duration: number | null; metadata: Record<string, unknown> | null },
): Promise<InteractionRow | null> {
  const res = await db.query<InteractionRow>(
    `UPDATE user_interactions
        SET rating = COALESCE($2, rating),
            duration = COALESCE($3, duration),
            interaction_metadata = COALESCE($4::jsonb, interaction_metadata)
      WHERE id = $1
      RETURNING ${COLUMNS}`,
    [id, patch.rating, patch.duration, patch.metadata === null ? null : JSON.stringify(patch.metadata)],
  );
  return res.rows[0] ?? null;
}

export async function deleteInteraction(db: Queryable, id: number): Promise<boolean> {
  const res = await db.query('DELETE FROM user_interactions WHERE id = $1', [id]);
  return res.rowCount > 0;
}

/**
 * One listing filter: exactly one key (or none) applies, as the API's precedence rules pick it;
 * `ownerId` additionally limits the rows to one user's (a non-admin caller in required mode).
 */
export type InteractionFilter = (
  | { by: 'user'; userId: string; sinceDays?: number }
  | { by: 'content'; contentItemId: number }
  | { by: 'type'; type: string }
  | { by: 'all' }
) & { ownerId?: string | null };

function whereOf(filter: InteractionFilter): { sql: string; params: unknown[] } {
  const base = whereOfKey(filter);
  if (!filter.ownerId) return base;
  const owner = `user_id = $${base.params.length + 1}`;
  return { sql: base.sql ? `${base.sql} AND ${owner}` : `WHERE ${owner}`, params: [...base.params, filter.ownerId] };
}

function whereOfKey(filter: InteractionFilter): { sql: string; params: unknown[] } {
  switch (filter.by) {
    case 'user':
      return filter.sinceDays === undefined
        ? { sql: 'WHERE user_id = $1', params: [filter.userId] }
        : { sql: 'WHERE user_id = $1 AND created_at >= utc_now() - make_interval(days => $2)', params: [filter.userId, filter.sinceDays] };
    case 'content':
      return { sql: 'WHERE content_item_id = $1', params: [filter.contentItemId] };
    case 'type':
      return { sql: 'WHERE interaction_type = $1', params: [filter.type] };
    case 'all':
      return { sql: '', params: [] };
  }
}

export async function listInteractions(db: Queryable, filter: InteractionFilter, skip: number, limit: number): Promise<InteractionRow[]> {
  const { sql, params } = whereOf(filter);
  const n = params.length;
  const res = await db.query<InteractionRow>(
    `SELECT ${COLUMNS} FROM user_interactions ${sql} ${NEWEST_FIRST} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, limit, skip],
  );
  return res.rows;
}

export async function countInteractions(db: Queryable, filter: InteractionFilter): Promise<number> {
  const { sql, params } = whereOf(filter);
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM user_interactions ${sql}`, params);
  return res.rows[0].n;
}

/** The latest interaction of one type between a user and an item. */
export async function findLatestBetween(db: Queryable, userId: string, contentItemId: number, type: string): Promise<InteractionRow | null> {
  const res = await db.query<InteractionRow>(
    `SELECT ${COLUMNS} FROM user_interactions
      WHERE content_item_id = $2 AND user_id = $1 AND interaction_type = $3
      ${NEWEST_FIRST} LIMIT 1`,
    [userId, contentItemId, type],
  );
  return res.rows[0] ?? null;
}

export async function aggregateByType(db: Queryable, filter: { userId: string } | { contentItemId: number }): Promise<TypeAggregateRow[]> {
  const [where, value] = 'userId' in filter ? ['user_id = $1', filter.userId] : ['content_item_id = $1', filter.contentItemId];
  const res = await db.query<TypeAggregateRow>(
    `SELECT interaction_type, count(*)::int AS count,
            avg(rating)::float8 AS avg_rating, avg(duration)::float8 AS avg_duration
       FROM user_interactions
      WHERE ${where}
      GROUP BY interaction_type
      ORDER BY interaction_type`,
    [value],
  );
  return res.rows;
}

/** The content types a user interacts with most (ties broken by name). */
export async function topContentTypes(db: Queryable, userId: string, limit: number): Promise<string[]> {
  const res = await db.query<{ content_type: string }>(
    `SELECT c.content_type
       FROM user_interactions i
       JOIN content_items_all c ON c.id = i.content_item_id AND c.source_type = i.content_source_type
      WHERE i.user_id = $1
      GROUP BY c.content_type
      ORDER BY count(*) DESC, c.content_type
      LIMIT $2`,
    [userId, limit],
  );
  return res.rows.map((r) => r.content_type);
}

export async function countAllByType(db: Queryable): Promise<Array<{ interaction_type: string; count: number }>> {
  const res = await db.query<{ interaction_type: string; count: number }>(
    'SELECT interaction_type, count(*)::int AS count FROM user_interactions GROUP BY interaction_type',
  );
  return res.rows;
}
