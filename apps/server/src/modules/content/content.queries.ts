import type { Queryable } from '../../db/database.ts';

/** Partition label (`items` = the API's "regular"). Only these two literals are ever spliced into SQL. */
export type SourceType = 'items' | 'auto';
export const SOURCE_TYPES: readonly SourceType[] = ['items', 'auto'];

export interface ContentRow {
  id: number;
  title: string;
  content_type: string;
  content_data: string;
  path_thumb: string | null;
  path_thumbs_alt_res: unknown;
  prompt: string | null;
  item_metadata: unknown;
  creator_id: string;
  creator_username: string | null;
  created_at: string;
  updated_at: string;
  quality_score: number;
  is_private: boolean;
  source_type: SourceType;
}

export const CONTENT_COLUMNS = `c.id, c.title, c.content_type, c.content_data, c.path_thumb, c.path_thumbs_alt_res, c.prompt,
  c.item_metadata, c.creator_id, u.username AS creator_username, c.created_at, c.updated_at, c.quality_score, c.is_private,
  c.source_type`;

function table(source: SourceType): string {
  return source === 'items' ? 'content_items' : 'content_items_auto';
}

export async function findContent(db: Queryable, source: SourceType, id: number): Promise<ContentRow | null> {
  const res = await db.query<ContentRow>(
    `SELECT ${CONTENT_COLUMNS} FROM ${table(source)} c LEFT JOIN users u ON u.id = c.creator_id WHERE c.id = $1`,
    [id],
  );
  return res.rows[0] ?? null;
}

/** Either partition; ids are unique across both (one sequence). */
export async function findAnyContent(db: Queryable, id: number): Promise<ContentRow | null> {
  const res = await db.query<ContentRow>(
    `SELECT ${CONTENT_COLUMNS} FROM content_items_all c LEFT JOIN users u ON u.id = c.creator_id WHERE c.id = $1 LIMIT 1`,
    [id],
  );
  return res.rows[0] ?? null;
}

export async function userIsKnown(db: Queryable, userId: string): Promise<boolean> {
  const res = await db.query('SELECT 1 FROM users WHERE id = $1', [userId]);
  return res.rowCount > 0;
}

export interface NewContent {
  title: string;
  contentType: string;
  contentData: string;
  prompt: string;
  creatorId: string;
  metadata: Record<string, unknown>;
  isPrivate: boolean;
  qualityScore: number;
}

export async function insertContent(db: Queryable, source: SourceType, c: NewContent): Promise<number> {
  const res = await db.query<{ id: number }>(
    `INSERT INTO ${table(source)} (title, content_type, content_data, prompt, creator_id, item_metadata, is_private, quality_score)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [c.title, c.contentType, c.contentData, c.prompt, c.creatorId, JSON.stringify(c.metadata), c.isPrivate, c.qualityScore],
  );
  return Number(res.rows[0].id);
}

export interface ContentPatch {
  title: string | null;
  contentData: string | null;
  metadata: Record<string, unknown> | null;
  isPrivate: boolean | null;
  prompt: string | null;
}

/** Null fields keep their value. Returns false when no row has this id. */
export async function updateContent(db: Queryable, source: SourceType, id: number, p: ContentPatch): Promise<boolean> {
  const res = await db.query(
    `UPDATE ${table(source)} SET
       title = COALESCE($2, title),
       content_data = COALESCE($3, content_data),
       item_metadata = COALESCE($4::jsonb, item_metadata),
       is_private = COALESCE($5, is_private),
       prompt = COALESCE($6, prompt)
     WHERE id = $1`,
    [id, p.title, p.contentData, p.metadata === null ? null : JSON.stringify(p.metadata), p.isPrivate, p.prompt],
  );
  return res.rowCount > 0;
}

export async function updateQuality(db: Queryable, source: SourceType, id: number, score: number): Promise<boolean> {
  const res = await db.query(`UPDATE ${table(source)} SET quality_score = $2 WHERE id = $1`, [id, score]);
  return res.rowCount > 0;
}

export async function deleteContent(db: Queryable, source: SourceType, id: number): Promise<boolean> {
  const res = await db.query(`DELETE FROM ${table(source)} WHERE id = $1`, [id]);
  return res.rowCount > 0;
}

// ---------------------------------------------------------------------------------------------
// Tags of one item

export interface TagIdRow {
  id: string;
  name: string;
}

/**
 * Creates the tags named by these slugs that do not exist yet (name = slug with `_`/`-` → space,
 * title-cased; metadata records the slug). Concurrent creators are tolerated by ON CONFLICT.
 */
export async function ensureTagsByName(db: Queryable, names: readonly { name: string; slug: string }[]): Promise<void> {
  if (names.length === 0) return;
  await db.query(
    `INSERT INTO tags (name, tag_metadata)
     SELECT n.name, jsonb_build_object('auto_created', true, 'slug', n.slug)
       FROM unnest($1::text[], $2::text[]) AS n(name, slug)
     ON CONFLICT (name) DO NOTHING`,
    [names.map((n) => n.name), names.map((n) => n.slug)],
  );
}

export async function existingTagIds(db: Queryable, ids: readonly string[]): Promise<string[]> {
  const res = await db.query<{ id: string }>('SELECT id FROM tags WHERE id = ANY($1::uuid[])', [ids]);
  return res.rows.map((r) => r.id);
}

export interface ContentTagRow extends TagIdRow {
  average_rating: number | null;
  rating_count: number;
}

/** The item's tags by name, each with its average rating (2 decimals; null when unrated) and rating count. */
export async function contentTags(db: Queryable, source: SourceType, id: number): Promise<ContentTagRow[]> {
  const res = await db.query<ContentTagRow>(
    `SELECT t.id, t.name, round(r.avg::numeric, 2)::float8 AS average_rating, r.n AS rating_count
       FROM content_tags ct
       JOIN tags t ON t.id = ct.tag_id
       CROSS JOIN LATERAL (SELECT avg(tr.rating) AS avg, count(*)::int AS n FROM tag_ratings tr WHERE tr.tag_id = t.id) r
      WHERE ct.content_id = $1 AND ct.source_type = $2
      ORDER BY t.name, t.id`,
    [id, source],
  );
  return res.rows;
}

/** Replaces the item's tag links (the content_tags triggers keep `tag_ids` in step). */
export async function replaceContentTags(db: Queryable, source: SourceType, id: number, tagIds: readonly string[]): Promise<void> {
  await db.query('DELETE FROM content_tags WHERE content_id = $1 AND source_type = $2 AND NOT (tag_id = ANY($3::uuid[]))', [id, source, tagIds]);
  if (tagIds.length === 0) return;
  await db.query(
    `INSERT INTO content_tags (content_id, source_type, tag_id)
     SELECT $1, $2, t FROM unnest($3::uuid[]) AS t
     ON CONFLICT DO NOTHING`,
    [id, source, tagIds],
  );
}

// ---------------------------------------------------------------------------------------------
// Listings (skip/limit envelopes)

export interface ContentFilter {
  contentType?: string | null;
  creatorId?: string | null;
  publicOnly?: boolean;
  /** Case-insensitive literal substring of the title. */
  titleContains?: string | null;
  /** Every key must equal (jsonb containment of the given object). */
  metadata?: Record<string, unknown> | null;
  createdWithinDays?: number | null;
  minQualityExclusive?: number | null;
  /** Items carrying at least one of these tags (GIN `&&` on tag_ids). */
  anyTagIds?: string[] | null;
  /** Public items plus this user's private ones (a non-admin caller in required mode). */
  visibleTo?: string | null;
}

/** `%`, `_` and `\` typed by a user are literal characters in a LIKE pattern. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

function whereOf(f: ContentFilter, params: unknown[]): string {
  const conds: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    conds.push(sql(`$${params.length}`));
  };
  if (f.contentType) add((p) => `c.content_type = ${p}`, f.contentType);
  if (f.creatorId) add((p) => `c.creator_id = ${p}`, f.creatorId);
  if (f.publicOnly) conds.push('NOT c.is_private');
  if (f.visibleTo) add((p) => `(NOT c.is_private OR c.creator_id = ${p})`, f.visibleTo);
  if (f.titleContains) add((p) => `c.title ILIKE ${p}`, likeContains(f.titleContains));
  if (f.metadata && Object.keys(f.metadata).length > 0) add((p) => `c.item_metadata @> ${p}::jsonb`, JSON.stringify(f.metadata));
  if (f.createdWithinDays) add((p) => `c.created_at >= utc_now() - make_interval(days => ${p}::int)`, f.createdWithinDays);
  if (f.anyTagIds && f.anyTagIds.length) add((p) => `c.tag_ids && ${p}::uuid[]`, f.anyTagIds);
  if (f.minQualityExclusive !== null && f.minQualityExclusive !== undefined) add((p) => `c.quality_score > ${p}`, f.minQualityExclusive);
  return conds.length ? `WHERE ${conds.join(' AND ')}` : '';
}

export type ListOrder = 'newest' | 'quality';

export async function listContent(
  db: Queryable,
  source: SourceType,
  f: ContentFilter,
  order: ListOrder,
  skip: number,
  limit: number,
): Promise<ContentRow[]> {
  const params: unknown[] = [];
  const where = whereOf(f, params);
  const orderBy = order === 'quality' ? 'c.quality_score DESC, c.id DESC' : 'c.created_at DESC, c.id DESC';
  params.push(limit, skip);
  const res = await db.query<ContentRow>(
    `SELECT ${CONTENT_COLUMNS}
       FROM (SELECT * FROM ${table(source)} c ${where} ORDER BY ${orderBy} LIMIT $${params.length - 1} OFFSET $${params.length}) c
       LEFT JOIN users u ON u.id = c.creator_id
      ORDER BY ${orderBy}`,
    params,
  );
  return res.rows;
}

export async function countContent(db: Queryable, source: SourceType, f: ContentFilter): Promise<number> {
  const params: unknown[] = [];
  const where = whereOf(f, params);
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table(source)} c ${where}`, params);
  return Number(res.rows[0].n);
}

// ---------------------------------------------------------------------------------------------
// Keyset pages (creator / type / public listings)

/** Sortable columns of the paged listings and the SQL type their cursor value is cast to. */
export const CONTENT_SORT_COLUMNS: Record<string, string> = {
  created_at: 'timestamp',
  updated_at: 'timestamp',
  quality_score: 'float8',
  title: 'text',
  id: 'bigint',
};

export interface Keyset {
  value: string | number;
  id: number;
  /** Rows after the cursor in the listing's order (true) or before it (false). */
  after: boolean;
}

export async function pageContent(
  db: Queryable,
  source: SourceType,
  f: ContentFilter,
  sortField: string,
  descending: boolean,
  keyset: Keyset | null,
  offset: number,
  limit: number,
): Promise<ContentRow[]> {
  const cast = CONTENT_SORT_COLUMNS[sortField];
  if (!cast) throw new Error(`unsupported sort field ${sortField}`);
  const params: unknown[] = [];
  let where = whereOf(f, params);
  let desc = descending;
  if (keyset) {
    // Before the cursor = after it in the reversed order.
    if (!keyset.after) desc = !desc;
    params.push(keyset.value, keyset.id);
    const cmp = desc ? '<' : '>';
    const cond = `(c.${sortField}, c.id) ${cmp} ($${params.length - 1}::${cast}, $${params.length}::bigint)`;
    where = where ? `${where} AND ${cond}` : `WHERE ${cond}`;
  }
  const dir = desc ? 'DESC' : 'ASC';
  const orderBy = `c.${sortField} ${dir}, c.id ${dir}`;
  params.push(limit, offset);
  const res = await db.query<ContentRow & { sort_value: string }>(
    `SELECT ${CONTENT_COLUMNS}, c.${sortField}::text AS sort_value
       FROM (SELECT * FROM ${table(source)} c ${where} ORDER BY ${orderBy} LIMIT $${params.length - 1} OFFSET $${params.length}) c
       LEFT JOIN users u ON u.id = c.creator_id
      ORDER BY ${orderBy}`,
    params,
  );
  return keyset && !keyset.after ? res.rows.reverse() : res.rows;
}

export interface ContentStatsRow {
  total: number;
  private: number;
  text: number;
  image: number;
  video: number;
  audio: number;
}

export async function contentStats(db: Queryable, source: SourceType): Promise<ContentStatsRow> {
  const res = await db.query<ContentStatsRow>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE is_private)::int AS private,
            count(*) FILTER (WHERE content_type = 'text')::int AS text,
            count(*) FILTER (WHERE content_type = 'image')::int AS image,
            count(*) FILTER (WHERE content_type = 'video')::int AS video,
            count(*) FILTER (WHERE content_type = 'audio')::int AS audio
       FROM ${table(source)}`,
  );
  return res.rows[0];
}
