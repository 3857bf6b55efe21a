import type { Queryable } from '../../db/database.ts';

export interface TagSummaryRow {
  id: string;
  name: string;
}

export interface TagRelationRow extends TagSummaryRow {
  depth: number;
}

export interface TagRow extends TagSummaryRow {
  tag_metadata: unknown;
  created_at: string;
  updated_at: string;
}

export interface RatedTagRow extends TagRow {
  average_rating: number | null;
  rating_count: number | null;
}

/** SQL for the URL slug of a tag name: lower case, runs of other characters → one hyphen. */
export const SLUG_SQL = `btrim(regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g'), '-')`;

// ---------------------------------------------------------------------------------------------
// Lookups

export async function findTagById(db: Queryable, id: string): Promise<TagRow | null> {
  const res = await db.query<TagRow>('SELECT id, name, tag_metadata, created_at, updated_at FROM tags WHERE id = $1', [id]);
  return res.rows[0] ?? null;
}

/** Exact name first, then case-insensitive name, then slug; the first (by name) wins a tie. */
export async function findTagByNameOrSlug(db: Queryable, name: string, slug: string): Promise<TagRow | null> {
  const res = await db.query<TagRow>(
    `SELECT id, name, tag_metadata, created_at, updated_at FROM tags
      WHERE name = $1 OR lower(name) = lower($1) OR ${SLUG_SQL} = $2
      ORDER BY (name = $1) DESC, (lower(name) = lower($1)) DESC, name
      LIMIT 1`,
    [name, slug],
  );
  return res.rows[0] ?? null;
}

export async function tagExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM tags WHERE id = $1', [id])).rows.length > 0;
}

export async function tagNameTakenCaseInsensitive(db: Queryable, name: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM tags WHERE lower(name) = lower($1)', [name])).rows.length > 0;
}

export async function userExists(db: Queryable, userId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM users WHERE id = $1', [userId])).rows.length > 0;
}

/** Tags matching any of the identifiers (UUIDs, names in any case, slugs). */
export async function findTagsByIdentifiers(
  db: Queryable,
  ids: readonly string[],
  lowerNames: readonly string[],
  slugs: readonly string[],
): Promise<Array<TagSummaryRow & { lower_name: string; slug: string }>> {
  const res = await db.query<TagSummaryRow & { lower_name: string; slug: string }>(
    `SELECT id, name, lower(name) AS lower_name, ${SLUG_SQL} AS slug FROM tags
      WHERE id = ANY($1::uuid[]) OR lower(name) = ANY($2::text[]) OR ${SLUG_SQL} = ANY($3::text[])`,
    [ids, lowerNames, slugs],
  );
  return res.rows;
}

// ---------------------------------------------------------------------------------------------
// Hierarchy

export async function rootTags(db: Queryable): Promise<TagSummaryRow[]> {
  const res = await db.query<TagSummaryRow>(
    `SELECT t.id, t.name FROM tags t
      WHERE NOT EXISTS (SELECT 1 FROM tag_parents p WHERE p.tag_id = t.id)
      ORDER BY t.name, t.id`,
  );
  return res.rows;
}

export async function childTags(db: Queryable, tagId: string): Promise<TagSummaryRow[]> {
  const res = await db.query<TagSummaryRow>(
    `SELECT t.id, t.name FROM tag_parents p JOIN tags t ON t.id = p.tag_id
      WHERE p.parent_id = $1 ORDER BY t.name, t.id`,
    [tagId],
  );
  return res.rows;
}

export async function parentTags(db: Queryable, tagId: string): Promise<TagSummaryRow[]> {
  const res = await db.query<TagSummaryRow>(
    `SELECT t.id, t.name FROM tag_parents p JOIN tags t ON t.id = p.parent_id
      WHERE p.tag_id = $1 ORDER BY t.name, t.id`,
    [tagId],
  );
  return res.rows;
}

/**
 * Ancestors (towards the roots) or descendants (towards the leaves) up to `maxDepth` levels, each
 * tag once at its shortest distance. The depth bound also bounds the walk should a cycle exist.
 */
export async function relatedTags(db: Queryable, tagId: string, direction: 'ancestors' | 'descendants', maxDepth: number): Promise<TagRelationRow[]> {
  const [from, to] = direction === 'ancestors' ? ['tag_id', 'parent_id'] : ['parent_id', 'tag_id'];
  const res = await db.query<TagRelationRow>(
    `WITH RECURSIVE walk(id, depth) AS (
       SELECT p.${to}, 1 FROM tag_parents p WHERE p.${from} = $1
       UNION
       SELECT p.${to}, w.depth + 1 FROM tag_parents p JOIN walk w ON p.${from} = w.id
        WHERE w.depth < $2
     )
     SELECT t.id, t.name, min(w.depth)::int AS depth
       FROM walk w JOIN tags t ON t.id = w.id
      WHERE t.id <> $1
      GROUP BY t.id, t.name
      ORDER BY depth, t.name, t.id`,
    [tagId, maxDepth],
  );
  return res.rows;
}

/** True when `candidate` is `tagId` itself or one of its descendants (any depth). */
export async function isSelfOrDescendant(db: Queryable, tagId: string, candidate: string): Promise<boolean> {
  if (tagId === candidate) return true;
  const res = await db.query(
    `WITH RECURSIVE d(id) AS (
       SELECT tag_id FROM tag_parents WHERE parent_id = $1
       UNION
       SELECT p.tag_id FROM tag_parents p JOIN d ON p.parent_id = d.id
     )
     SELECT 1 FROM d WHERE id = $2 LIMIT 1`,
    [tagId, candidate],
  );
  return res.rows.length > 0;
}

export async function insertParentEdge(db: Queryable, tagId: string, parentId: string): Promise<void> {
  await db.query('INSERT INTO tag_parents (tag_id, parent_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [tagId, parentId]);
}

export async function deleteParentEdge(db: Queryable, tagId: string, parentId: string): Promise<number> {
  return (await db.query('DELETE FROM tag_parents WHERE tag_id = $1 AND parent_id = $2', [tagId, parentId])).rowCount;
}

export async function insertTag(db: Queryable, name: string, metadata: Record<string, unknown>): Promise<TagRow> {
  const res = await db.query<TagRow>(
    'INSERT INTO tags (name, tag_metadata) VALUES ($1, $2) RETURNING id, name, tag_metadata, created_at, updated_at',
    [name, JSON.stringify(metadata)],
  );
  return res.rows[0];
}

export interface HierarchyNodeRow {
  id: string;
  name: string;
  parent: string | null;
  average_rating: number | null;
  rating_count: number | null;
}

/** Every tag with one parent (the alphabetically first, when there are several). */
export async function hierarchyNodes(db: Queryable, withRatings: boolean): Promise<HierarchyNodeRow[]> {
  const ratings = withRatings
    ? `round(r.avg::numeric, 2)::float8 AS average_rating, coalesce(r.n, 0)::int AS rating_count`
    : `NULL::float8 AS average_rating, NULL::int AS rating_count`;
  const ratingJoin = withRatings
    ? `LEFT JOIN (SELECT tag_id, avg(rating) AS avg, count(*) AS n FROM tag_ratings GROUP BY tag_id) r ON r.tag_id = t.id`
    : '';
  const res = await db.query<HierarchyNodeRow>(
    `SELECT t.id, t.name, fp.parent_id AS parent, ${ratings}
       FROM tags t
       LEFT JOIN LATERAL (
         SELECT p.parent_id FROM tag_parents p JOIN tags pt ON pt.id = p.parent_id
          WHERE p.tag_id = t.id ORDER BY pt.name, pt.id LIMIT 1
       ) fp ON true
       ${ratingJoin}
      ORDER BY t.name, t.id`,
  );
  return res.rows;
}

export interface HierarchyCounts {
  total_nodes: number;
  total_relationships: number;
  root_categories: number;
}

export async function hierarchyCounts(db: Queryable): Promise<HierarchyCounts> {
  const res = await db.query<HierarchyCounts>(
    `SELECT (SELECT count(*) FROM tags)::int AS total_nodes,
            (SELECT count(*) FROM tag_parents)::int AS total_relationships,
            (SELECT count(*) FROM tags t WHERE NOT EXISTS (SELECT 1 FROM tag_parents p WHERE p.tag_id = t.id))::int AS root_categories`,
  );
  return res.rows[0];
}

// ---------------------------------------------------------------------------------------------
// Listing, search, popularity

export interface TagListQuery {
  /** Case-insensitive substrings; a tag matches when its name contains any of them. */
  tokens: readonly string[] | null;
  orderBy: string;
  /** Rating sorts: keep unrated tags and tags with at least this many ratings. */
  minRatings: number | null;
  limit: number;
  offset: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function listWhere(q: TagListQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions: string[] = [];
  if (q.tokens && q.tokens.length > 0) {
    const ors = q.tokens.map((token) => {
      params.push(`%${escapeLike(token)}%`);
      return `t.name ILIKE $${params.length}`;
    });
    conditions.push(`(${ors.join(' OR ')})`);
  }
  if (q.minRatings !== null) {
    params.push(q.minRatings);
    conditions.push(`(r.n IS NULL OR r.n >= $${params.length})`);
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

const RATING_JOIN = `LEFT JOIN (SELECT tag_id, avg(rating) AS avg, count(*)::int AS n FROM tag_ratings GROUP BY tag_id) r ON r.tag_id = t.id`;

/** `orderBy` must come from the service's whitelist (it is spliced into the statement). */
export async function listTags(db: Queryable, q: TagListQuery): Promise<RatedTagRow[]> {
  const w = listWhere(q);
  const res = await db.query<RatedTagRow>(
    `SELECT t.id, t.name, t.tag_metadata, t.created_at, t.updated_at,
            round(r.avg::numeric, 2)::float8 AS average_rating, r.n AS rating_count
       FROM tags t ${RATING_JOIN}
       ${w.sql}
      ORDER BY ${q.orderBy}
      LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
    [...w.params, q.limit, q.offset],
  );
  return res.rows;
}

export async function countTags(db: Queryable, q: TagListQuery): Promise<number> {
  const w = listWhere(q);
  const join = q.minRatings !== null ? RATING_JOIN : '';
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tags t ${join} ${w.sql}`, w.params);
  return res.rows[0].n;
}

export interface PopularTagRow extends TagSummaryRow {
  cardinality: number;
}

/** From the statistics table (refreshed by the scheduler), summed over sources unless one is given. */
export async function popularTags(db: Queryable, source: 'items' | 'auto' | null, minCardinality: number, limit: number): Promise<PopularTagRow[]> {
  const res = await db.query<PopularTagRow>(
    `SELECT t.id, t.name, s.cardinality::int AS cardinality
       FROM (SELECT tag_id, sum(cardinality) AS cardinality
               FROM tag_cardinality_stats
              WHERE $1::text IS NULL OR source_type = $1
              GROUP BY tag_id
             HAVING sum(cardinality) >= $2) s
       JOIN tags t ON t.id = s.tag_id
      ORDER BY s.cardinality DESC, t.name, t.id
      LIMIT $3`,
    [source, minCardinality, limit],
  );
  return res.rows;
}

export async function tagCardinalities(db: Queryable, tagId: string): Promise<{ items: number; auto: number }> {
  const res = await db.query<{ source_type: string; cardinality: number }>(
    'SELECT source_type, cardinality FROM tag_cardinality_stats WHERE tag_id = $1',
    [tagId],
  );
  const out = { items: 0, auto: 0 };
  for (const r of res.rows) if (r.source_type === 'items' || r.source_type === 'auto') out[r.source_type] = r.cardinality;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ratings and favourites

export interface TagRatingRow {
  id: number;
  user_id: string;
  tag_id: string;
  rating: number;
  created_at: string;
  updated_at: string;
}

export async function ratingSummary(db: Queryable, tagId: string): Promise<{ average: number | null; count: number }> {
  const res = await db.query<{ average: number | null; count: number }>(
    'SELECT round(avg(rating)::numeric, 2)::float8 AS average, count(*)::int AS count FROM tag_ratings WHERE tag_id = $1',
    [tagId],
  );
  return res.rows[0];
}

export async function upsertRating(db: Queryable, userId: string, tagId: string, rating: number): Promise<TagRatingRow> {
  const res = await db.query<TagRatingRow>(
    `INSERT INTO tag_ratings (user_id, tag_id, rating) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, tag_id) DO UPDATE SET rating = EXCLUDED.rating
     RETURNING id, user_id, tag_id, rating, created_at, updated_at`,
    [userId, tagId, rating],
  );
  return res.rows[0];
}

export async function deleteRating(db: Queryable, userId: string, tagId: string): Promise<number> {
  return (await db.query('DELETE FROM tag_ratings WHERE user_id = $1 AND tag_id = $2', [userId, tagId])).rowCount;
}

export async function userRating(db: Queryable, userId: string, tagId: string): Promise<number | null> {
  const res = await db.query<{ rating: number }>('SELECT rating FROM tag_ratings WHERE user_id = $1 AND tag_id = $2', [userId, tagId]);
  return res.rows[0]?.rating ?? null;
}

export async function userRatings(db: Queryable, userId: string, tagIds: readonly string[]): Promise<Array<{ tag_id: string; rating: number }>> {
  const res = await db.query<{ tag_id: string; rating: number }>(
    'SELECT tag_id, rating FROM tag_ratings WHERE user_id = $1 AND tag_id = ANY($2::uuid[])',
    [userId, tagIds],
  );
  return res.rows;
}

export async function favoriteTags(db: Queryable, userId: string): Promise<TagSummaryRow[]> {
  const res = await db.query<TagSummaryRow>(
    `SELECT t.id, t.name FROM user_favorite_tags f JOIN tags t ON t.id = f.tag_id
      WHERE f.user_id = $1 ORDER BY t.name, t.id`,
    [userId],
  );
  return res.rows;
}

export async function isFavorite(db: Queryable, userId: string, tagId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM user_favorite_tags WHERE user_id = $1 AND tag_id = $2', [userId, tagId])).rows.length > 0;
}

export async function addFavorite(db: Queryable, userId: string, tagId: string): Promise<void> {
  await db.query('INSERT INTO user_favorite_tags (user_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [userId, tagId]);
}

export async function removeFavorite(db: Queryable, userId: string, tagId: string): Promise<void> {
  await db.query('DELETE FROM user_favorite_tags WHERE user_id = $1 AND tag_id = $2', [userId, tagId]);
}
