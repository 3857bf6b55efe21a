import type { Queryable } from '../../db/database.ts';
import { CONTENT_COLUMNS, type ContentRow, type SourceType } from '../content/content.queries.ts';

/** A content partition: the content module's SourceType under this module's name. */
export type ContentSource = SourceType;

export interface RecommendationRow {
  id: number;
  user_id: string;
  content_item_id: number | null;
  recommendation_score: number;
  algorithm_version: string;
  created_at: string;
  is_served: boolean;
  rec_metadata: Record<string, unknown>;
}

const COLUMNS = 'id, user_id, content_item_id, recommendation_score, algorithm_version, created_at, is_served, rec_metadata';
const BEST_FIRST = 'ORDER BY recommendation_score DESC, id ASC';
const NEWEST_FIRST = 'ORDER BY created_at DESC, id DESC';

export interface NewRecommendation {
  userId: string;
  contentItemId: number;
  source: ContentSource;
  score: number;
  algorithmVersion: string;
  metadata: Record<string, unknown>;
}

export async function findUserActivity(db: Queryable, userId: string): Promise<{ is_active: boolean } | null> {
  const res = await db.query<{ is_active: boolean }>('SELECT is_active FROM users WHERE id = $1', [userId]);
  return res.rows[0] ?? null;
}

/** Active flag per user id for a set of ids (absent ids are unknown users). */
export async function usersActivity(db: Queryable, userIds: readonly string[]): Promise<Map<string, boolean>> {
  const res = await db.query<{ id: string; is_active: boolean }>('SELECT id, is_active FROM users WHERE id = ANY($1::uuid[])', [userIds]);
  return new Map(res.rows.map((r) => [r.id, r.is_active]));
}

/** Inserts in the given order (ids ascend with it) and returns the rows in that order. */
export async function insertRecommendations(db: Queryable, rows: readonly NewRecommendation[]): Promise<RecommendationRow[]> {
  if (rows.length === 0) return [];
  const res = await db.query<RecommendationRow>(
    `INSERT INTO recommendations (user_id, content_item_id, content_source_type, recommendation_score, algorithm_version, rec_metadata)
     SELECT r.user_id, r.content_item_id, r.source, r.score, r.algorithm_version, r.metadata
       FROM jsonb_to_recordset($1::jsonb)
            AS r(ord int, user_id uuid, content_item_id bigint, source text, score float8, algorithm_version text, metadata jsonb)
      ORDER BY ord
     RETURNING ${COLUMNS}`,
    [
      JSON.stringify(
        rows.map((r, ord) => ({
          ord,
          user_id: r.userId,
          content_item_id: r.contentItemId,
          source: r.source,
          score: r.score,
          algorithm_version: r.algorithmVersion,
          metadata: r.metadata,
        })),
      ),
    ],
  );
  return res.rows.sort((a, b) => a.id - b.id);
}

export async function findRecommendation(db: Queryable, id: number): Promise<RecommendationRow | null> {
  const res = await db.query<RecommendationRow>(`SELECT ${COLUMNS} FROM recommendations WHERE id = $1`, [id]);
  return res.rows[0] ?? null;
}

/** Null fields keep their value; metadata, when given, replaces the stored object. */
export async function updateRecommendation(
  db: Queryable,
  id: number,
  patch: { score: number | null; metadata: Record<string, unknown> | null },
): Promise<RecommendationRow | null> {
  const res = await db.query<RecommendationRow>(
    `UPDATE recommendations
        SET recommendation_score = COALESCE($2, recommendation_score),
            rec_metadata = COALESCE($3::jsonb, rec_metadata)
      WHERE id = $1
      RETURNING ${COLUMNS}`,
    [id, patch.score, patch.metadata === null ? null : JSON.stringify(patch.metadata)],
  );
  return res.rows[0] ?? null;
}

export async function deleteRecommendation(db: Queryable, id: number): Promise<boolean> {
  const res = await db.query('DELETE FROM recommendations WHERE id = $1', [id]);
  return res.rowCount > 0;
}

/** One listing filter; `ownerId` additionally limits the rows to one user's (a non-admin caller in required mode). */
export type RecommendationFilter = (
  | { by: 'user'; userId: string; unservedOnly?: boolean; minScore?: number; sinceDays?: number }
  | { by: 'content'; contentItemId: number }
  | { by: 'algorithm'; algorithmVersion: string }
  | { by: 'all' }
) & { ownerId?: string | null };

function whereOf(filter: RecommendationFilter): { sql: string; params: unknown[] } {
  const base = whereOfKey(filter);
  if (!filter.ownerId) return base;
  const owner = `user_id = $${base.params.length + 1}`;
  return { sql: base.sql ? `${base.sql} AND ${owner}` : `WHERE ${owner}`, params: [...base.params, filter.ownerId] };
}

function whereOfKey(filter: RecommendationFilter): { sql: string; params: unknown[] } {
  switch (filter.by) {
    case 'user': {
      const conds = ['user_id = $1'];
      const params: unknown[] = [filter.userId];
      if (filter.unservedOnly) conds.push('NOT is_served');
      if (filter.minScore !== undefined) {
        params.push(filter.minScore);
        conds.push(`recommendation_score >= $${params.length}`);
      }
      if (filter.sinceDays !== undefined) {
        params.push(filter.sinceDays);
        conds.push(`created_at >= utc_now() - make_interval(days => $${params.length})`);
      }
      return { sql: `WHERE ${conds.join(' AND ')}`, params };
    }
    case 'content':
      return { sql: 'WHERE content_item_id = $1', params: [filter.contentItemId] };
    case 'algorithm':
      return { sql: 'WHERE algorithm_version = $1', params: [filter.algorithmVersion] };
    case 'all':
      return { sql: '', params: [] };
  }
}

export async function listRecommendations(
  db: Queryable,
  filter: RecommendationFilter,
  order: 'best' | 'newest',
  skip: number,
  limit: number,
): Promise<RecommendationRow[]> {
  const { sql, params } = whereOf(filter);
  const n = params.length;
  const res = await db.query<RecommendationRow>(
    `SELECT ${COLUMNS} FROM recommendations ${sql} ${order === 'best' ? BEST_FIRST : NEWEST_FIRST} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, limit, skip],
  );
  return res.rows;
}

export interface RecommendationContentRow extends RecommendationRow {
  content_source_type: ContentSource;
  content: ContentRow | null;
}

/**
 * One page like `listRecommendations`, each row with the recommended item (joined on id and
 * partition) in the same statement. `content` is null when the item is gone, or private and
 * `viewerId` is given and is not its creator.
 */
export async function listRecommendationsWithContent(
  db: Queryable,
  filter: RecommendationFilter,
  order: 'best' | 'newest',
  skip: number,
  limit: number,
  viewerId: string | null,
): Promise<RecommendationContentRow[]> {
  const { sql, params } = whereOf(filter);
  const n = params.length;
  const orderBy = order === 'best' ? BEST_FIRST : NEWEST_FIRST;
  // The page is cut first, so the item look-up runs for its rows only.
  const res = await db.query<RecommendationContentRow>(
    `SELECT p.*,
            (SELECT row_to_json(x)
               FROM content_items_all c
               LEFT JOIN users u ON u.id = c.creator_id
              CROSS JOIN LATERAL (SELECT ${CONTENT_COLUMNS}) x
              WHERE c.id = p.content_item_id AND c.source_type = p.content_source_type
                AND ($${n + 3}::uuid IS NULL OR NOT c.is_private OR c.creator_id = $${n + 3}::uuid)) AS content
       FROM (SELECT ${COLUMNS}, content_source_type FROM recommendations ${sql} ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}) p
      ${orderBy}`,
    [...params, limit, skip, viewerId],
  );
  return res.rows;
}

export async function countRecommendations(db: Queryable, filter: RecommendationFilter): Promise<number> {
  const { sql, params } = whereOf(filter);
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM recommendations ${sql}`, params);
  return res.rows[0].n;
}

export interface RecommendationTotals {
  total: number;
  served: number;
  average_score: number | null;
}

export async function totals(db: Queryable, userId: string | null): Promise<RecommendationTotals> {
  const res = await db.query<RecommendationTotals>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE is_served)::int AS served, avg(recommendation_score)::float8 AS average_score
       FROM recommendations ${userId === null ? '' : 'WHERE user_id = $1'}`,
    userId === null ? [] : [userId],
  );
  return res.rows[0];
}

export async function algorithmBreakdown(db: Queryable, userId: string): Promise<Array<{ algorithm_version: string; count: number; avg_score: number }>> {
  const res = await db.query<{ algorithm_version: string; count: number; avg_score: number }>(
    `SELECT algorithm_version, count(*)::int AS count, avg(recommendation_score)::float8 AS avg_score
       FROM recommendations WHERE user_id = $1
      GROUP BY algorithm_version ORDER BY algorithm_version`,
    [userId],
  );
  return res.rows;
}

/** The ids of `ids` that do not exist, ascending. */
/** Ids without a row (or, with `ownerId`, without a row of that user). */
export async function missingRecommendationIds(db: Queryable, ids: readonly number[], ownerId: string | null = null): Promise<number[]> {
  const res = await db.query<{ id: number }>(
    `SELECT x.id FROM unnest($1::int[]) AS x(id)
      WHERE NOT EXISTS (SELECT 1 FROM recommendations r WHERE r.id = x.id AND ($2::uuid IS NULL OR r.user_id = $2::uuid))
      ORDER BY x.id`,
    [ids, ownerId],
  );
  return res.rows.map((r) => r.id);
}

/** Marks the rows served (keeping the first served_at) and returns how many rows were marked. */
export async function markServed(db: Queryable, ids: readonly number[]): Promise<number> {
  const res = await db.query(
    `UPDATE recommendations SET is_served = true, served_at = COALESCE(served_at, utc_now())
      WHERE id = ANY($1::int[])`,
    [ids],
  );
  return res.rowCount;
}

/** Drops a user's not-yet-served recommendations of one algorithm version (a refresh replaces them). */
export async function deleteUnserved(db: Queryable, userId: string, algorithmVersion: string): Promise<number> {
  const res = await db.query('DELETE FROM recommendations WHERE user_id = $1 AND algorithm_version = $2 AND NOT is_served', [userId, algorithmVersion]);
  return res.rowCount;
}

export interface RecommenderLimits {
  /** The user's most recent items used as seeds. */
  seeds: number;
  /** Other fans looked at per seed item. */
  fansPerSeed: number;
  /** Liked items looked at per fan. */
  itemsPerFan: number;
  /** Size of each candidate pool (co-occurrence, tag match, popular, quality). */
  pool: number;
  /** Top profile tags used to find tag-matching candidates. */
  profileTags: number;
}

export interface CandidateRow {
  content_item_id: number;
  source_type: ContentSource;
  co_raw: number;
  positive_users: number;
  tag_dot: number;
  tag_count: number;
  quality_score: number;
}

export interface UserSignal {
  seeds: number;
  profile_norm: number;
}

/**
 * A "positive" interaction: anything but a plain view, and not a rating below 4. Used for "who liked
 * what" on the co-occurrence side.
 */
const POSITIVE = (alias: string) => `${alias}.interaction_type <> 'view' AND (${alias}.rating IS NULL OR ${alias}.rating >= 4)`;

/**
 * The user's affinity per item: the mean rating mapped to [-1, 1] when rated, else the strongest
 * interaction type's weight; bookmarks count like a like. Most recent `$2` items.
 */
const SEEDS_CTE = `
  seeds AS MATERIALIZED (
    SELECT cid, src, affinity FROM (
      SELECT a.cid, a.src,
             CASE WHEN count(a.rating) > 0 THEN (avg(a.rating) - 3) / 2.0 ELSE max(a.weight) END::float8 AS affinity,
             max(a.at) AS last_at
        FROM (
          SELECT ui.content_item_id AS cid, ui.content_source_type AS src, ui.rating, ui.created_at AS at,
                 CASE ui.interaction_type WHEN 'like' THEN 1.0 WHEN 'bookmark' THEN 1.0 WHEN 'share' THEN 0.8
                      WHEN 'download' THEN 0.6 WHEN 'comment' THEN 0.4 WHEN 'rate' THEN 0.3 ELSE 0.1 END AS weight
            FROM user_interactions ui
           WHERE ui.user_id = $1 AND ui.content_item_id IS NOT NULL
          UNION ALL
          SELECT b.content_id, b.content_source_type, NULL, b.created_at AT TIME ZONE 'UTC', 1.0
            FROM bookmarks b
           WHERE b.user_id = $1
        ) a
       GROUP BY a.cid, a.src
    ) s
    ORDER BY last_at DESC, cid
    LIMIT $2
  ),
  profile AS MATERIALIZED (
    SELECT tag_id, sum(w)::float8 AS w FROM (
      SELECT t.tag_id, s.affinity / sqrt(greatest(cardinality(c.tag_ids), 1)) AS w
        FROM seeds s
        JOIN content_items_all c ON c.id = s.cid AND c.source_type = s.src
        CROSS JOIN LATERAL unnest(c.tag_ids) AS t(tag_id)
      UNION ALL
      SELECT f.tag_id, 1.0 FROM user_favorite_tags f WHERE f.user_id = $1
      UNION ALL
      SELECT r.tag_id, (r.rating - 3) / 2.0 FROM tag_ratings r WHERE r.user_id = $1
    ) x
    GROUP BY tag_id
    HAVING sum(w) <> 0
  )`;

export async function userSignal(db: Queryable, userId: string, limits: RecommenderLimits): Promise<UserSignal> {
  const res = await db.query<UserSignal>(
    `WITH ${SEEDS_CTE}
     SELECT (SELECT count(*)::int FROM seeds) AS seeds,
            (SELECT coalesce(sqrt(sum(w * w)), 0)::float8 FROM profile) AS profile_norm`,
    [userId, limits.seeds],
  );
  return res.rows[0];
}

/**
 * Candidate items with their ranking features, in one set-based statement: co-occurrence through other
 * fans of the user's liked items, items sharing the user's top profile tags, the given popular items
 * and top-quality items. Excludes what the user already interacted with, was served, owns, or cannot see.
 */
/**
 * The items most users liked in the last 30 days (one scan of the window; the same for every user,
 * so the service caches it).
 */
export async function popularItems(db: Queryable, limit: number): Promise<Array<{ cid: number; src: ContentSource }>> {
  const res = await db.query<{ cid: number; src: ContentSource }>(
    `SELECT ui.content_item_id AS cid, ui.content_source_type AS src
       FROM user_interactions ui
      WHERE ui.content_item_id IS NOT NULL AND ${POSITIVE('ui')} AND ui.created_at >= utc_now() - interval '30 days'
      GROUP BY ui.content_item_id, ui.content_source_type
      ORDER BY count(DISTINCT ui.user_id) DESC, ui.content_item_id
      LIMIT $1`,
    [limit],
  );
  return res.rows;
}

export async function candidateFeatures(
  db: Queryable,
  userId: string,
  limits: RecommenderLimits,
  popular: ReadonlyArray<{ cid: number; src: ContentSource }>,
): Promise<CandidateRow[]> {
  const res = await db.query<CandidateRow>(
    `WITH ${SEEDS_CTE},
     fans AS MATERIALIZED (
       SELECT s.cid, s.src, s.affinity, f.user_id
         FROM seeds s
         CROSS JOIN LATERAL (
           SELECT ui.user_id FROM user_interactions ui
            WHERE ui.content_item_id = s.cid AND ui.content_source_type = s.src AND ui.user_id <> $1 AND ${POSITIVE('ui')}
            GROUP BY ui.user_id
            ORDER BY max(ui.created_at) DESC, ui.user_id
            LIMIT $3
         ) f
        WHERE s.affinity > 0
     ),
     seed_fans AS (SELECT cid, src, count(*) AS n FROM fans GROUP BY cid, src),
     fan_items AS MATERIALIZED (
       SELECT u.user_id, j.cid, j.src
         FROM (SELECT DISTINCT user_id FROM fans) u
         CROSS JOIN LATERAL (
           SELECT ui.content_item_id AS cid, ui.content_source_type AS src FROM user_interactions ui
            WHERE ui.user_id = u.user_id AND ui.content_item_id IS NOT NULL AND ${POSITIVE('ui')}
            GROUP BY ui.content_item_id, ui.content_source_type
            ORDER BY max(ui.created_at) DESC, ui.content_item_id
            LIMIT $4
         ) j
     ),
     co AS MATERIALIZED (
       SELECT fi.cid, fi.src, sum(f.affinity / sqrt(sf.n + 1.0)::float8)::float8 AS raw
         FROM fans f
         JOIN seed_fans sf ON sf.cid = f.cid AND sf.src = f.src
         JOIN fan_items fi ON fi.user_id = f.user_id
        WHERE NOT (fi.cid = f.cid AND fi.src = f.src)
        GROUP BY fi.cid, fi.src
        ORDER BY raw DESC, fi.cid
        LIMIT $5
     ),
     top_tags AS (
       SELECT coalesce(array_agg(tag_id), '{}') AS ids
         FROM (SELECT tag_id FROM profile WHERE w > 0 ORDER BY w DESC, tag_id LIMIT $6) t
     ),
     tag_pool AS (
       SELECT c.id AS cid, c.source_type AS src
         FROM content_items_all c, top_tags
        WHERE cardinality(top_tags.ids) > 0 AND c.tag_ids && top_tags.ids AND NOT c.is_private AND c.creator_id <> $1
        ORDER BY c.quality_score DESC, c.id DESC
        LIMIT $5
     ),
     popular_pool AS (
       SELECT p.cid, p.src FROM unnest($7::bigint[], $8::text[]) AS p(cid, src)
     ),
     quality_pool AS (
       SELECT c.id AS cid, c.source_type AS src FROM content_items_all c
        WHERE NOT c.is_private AND c.creator_id <> $1
        ORDER BY c.quality_score DESC, c.id DESC
        LIMIT $5
     ),
     candidates AS (
       SELECT DISTINCT cid, src FROM (
         SELECT cid, src FROM co UNION ALL SELECT cid, src FROM tag_pool
         UNION ALL SELECT cid, src FROM popular_pool UNION ALL SELECT cid, src FROM quality_pool
       ) p
     )
     SELECT c.id AS content_item_id, c.source_type,
            coalesce(co.raw, 0)::float8 AS co_raw,
            likers.n AS positive_users,
            coalesce((SELECT sum(pr.w) FROM unnest(c.tag_ids) AS t(tag_id) JOIN profile pr ON pr.tag_id = t.tag_id), 0)::float8 AS tag_dot,
            cardinality(c.tag_ids) AS tag_count,
            c.quality_score
       FROM candidates cand
       JOIN content_items_all c ON c.id = cand.cid AND c.source_type = cand.src
       LEFT JOIN co ON co.cid = cand.cid AND co.src = cand.src
       CROSS JOIN LATERAL (
         SELECT count(DISTINCT ui.user_id)::int AS n FROM user_interactions ui
          WHERE ui.content_item_id = c.id AND ui.content_source_type = c.source_type AND ${POSITIVE('ui')}
       ) likers
      WHERE NOT c.is_private AND c.creator_id <> $1
        AND NOT EXISTS (SELECT 1 FROM user_interactions s WHERE s.content_item_id = c.id AND s.content_source_type = c.source_type AND s.user_id = $1)
        AND NOT EXISTS (SELECT 1 FROM bookmarks b WHERE b.user_id = $1 AND b.content_id = c.id AND b.content_source_type = c.source_type)
        AND NOT EXISTS (SELECT 1 FROM recommendations r WHERE r.content_item_id = c.id AND r.content_source_type = c.source_type AND r.user_id = $1 AND r.is_served)`,
    [userId, limits.seeds, limits.fansPerSeed, limits.itemsPerFan, limits.pool, limits.profileTags, popular.map((p) => p.cid), popular.map((p) => p.src)],
  );
  return res.rows;
}
