import type { Queryable } from '../../db/database.ts';
import { CONTENT_COLUMNS, type ContentRow, type SourceType } from '../content/content.queries.ts';

export const UNCATEGORIZED = 'Uncategorized';

export interface BookmarkRow {
  id: string;
  user_id: string;
  content_id: number;
  content_source_type: SourceType;
  note: string | null;
  pinned: boolean;
  is_public: boolean;
  created_at: string;
  updated_at: string;
}

/** A bookmark with its content (`c_*` columns) and the owner's rating of that content. */
export interface BookmarkContentRow extends BookmarkRow {
  user_rating: number | null;
  content: ContentRow | null;
}

export interface CategoryRow {
  id: string;
  user_id: string;
  name: string;
  description: string | null;
  color: string | null;
  icon: string | null;
  cover_content_id: number | null;
  cover_content_source_type: string | null;
  parent_id: string | null;
  sort_index: number | null;
  is_public: boolean;
  share_token: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipRow {
  bookmark_id: string;
  category_id: string;
  user_id: string;
  position: number | null;
  added_at: string;
}

const BOOKMARK_COLUMNS = 'b.id, b.user_id, b.content_id, b.content_source_type, b.note, b.pinned, b.is_public, b.created_at, b.updated_at';
const CATEGORY_COLUMNS = `id, user_id, name, description, color, icon, cover_content_id, cover_content_source_type, parent_id,
  sort_index, is_public, share_token, created_at, updated_at`;
const MEMBER_COLUMNS = 'bookmark_id, category_id, user_id, position, added_at';

export async function userExists(db: Queryable, userId: string): Promise<boolean> {
  const res = await db.query('SELECT 1 FROM users WHERE id = $1', [userId]);
  return res.rowCount > 0;
}

// ---------------------------------------------------------------------------------------------
// Bookmarks

export interface NewBookmark {
  userId: string;
  contentId: number;
  source: SourceType;
  note: string | null;
  pinned: boolean;
  isPublic: boolean;
}

/** Inserts a bookmark; null when the user already bookmarked that item. */
export async function insertBookmark(db: Queryable, b: NewBookmark): Promise<BookmarkRow | null> {
  const res = await db.query<BookmarkRow>(
    `INSERT INTO bookmarks AS b (user_id, content_id, content_source_type, note, pinned, is_public)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT ON CONSTRAINT uq_bookmark_user_content DO NOTHING
     RETURNING ${BOOKMARK_COLUMNS}`,
    [b.userId, b.contentId, b.source, b.note, b.pinned, b.isPublic],
  );
  return res.rows[0] ?? null;
}

export async function findBookmark(db: Queryable, id: string): Promise<BookmarkRow | null> {
  const res = await db.query<BookmarkRow>(`SELECT ${BOOKMARK_COLUMNS} FROM bookmarks b WHERE b.id = $1`, [id]);
  return res.rows[0] ?? null;
}

export async function findBookmarkFor(db: Queryable, userId: string, contentId: number, source: string): Promise<BookmarkRow | null> {
  const res = await db.query<BookmarkRow>(
    `SELECT ${BOOKMARK_COLUMNS} FROM bookmarks b WHERE b.user_id = $1 AND b.content_id = $2 AND b.content_source_type = $3`,
    [userId, contentId, source],
  );
  return res.rows[0] ?? null;
}

/** The user's bookmarks among the given (content id, source) pairs: one indexed query per gallery page. */
export async function findBookmarksFor(
  db: Queryable,
  userId: string,
  pairs: readonly { content_id: number; content_source_type: string }[],
): Promise<BookmarkRow[]> {
  const res = await db.query<BookmarkRow>(
    `SELECT ${BOOKMARK_COLUMNS}
       FROM bookmarks b
       JOIN unnest($2::bigint[], $3::text[]) AS p(content_id, source) ON p.content_id = b.content_id AND p.source = b.content_source_type
      WHERE b.user_id = $1`,
    [userId, pairs.map((p) => p.content_id), pairs.map((p) => p.content_source_type)],
  );
  return res.rows;
}

export interface BookmarkPatch {
  note?: string;
  pinned?: boolean;
  isPublic?: boolean;
}

export async function updateBookmark(db: Queryable, id: string, p: BookmarkPatch): Promise<BookmarkRow | null> {
  const res = await db.query<BookmarkRow>(
    `UPDATE bookmarks b SET
        note = CASE WHEN $2::boolean THEN $3 ELSE note END,
        pinned = COALESCE($4, pinned),
        is_public = COALESCE($5, is_public)
      WHERE b.id = $1
      RETURNING ${BOOKMARK_COLUMNS}`,
    [id, p.note !== undefined, p.note ?? null, p.pinned ?? null, p.isPublic ?? null],
  );
  return res.rows[0] ?? null;
}

export async function deleteBookmark(db: Queryable, id: string): Promise<boolean> {
  const res = await db.query('DELETE FROM bookmarks WHERE id = $1', [id]);
  return res.rowCount > 0;
}

export interface BookmarkFilter {
  userId: string;
  pinned?: boolean;
  isPublic?: boolean;
  categoryId?: string;
}

function bookmarkWhere(f: BookmarkFilter, params: unknown[]): string {
  params.push(f.userId);
  const clauses = [`b.user_id = $${params.length}`];
  if (f.pinned !== undefined) {
    params.push(f.pinned);
    clauses.push(`b.pinned = $${params.length}`);
  }
  if (f.isPublic !== undefined) {
    params.push(f.isPublic);
    clauses.push(`b.is_public = $${params.length}`);
  }
  if (f.categoryId !== undefined) {
    params.push(f.categoryId);
    clauses.push(`EXISTS (SELECT 1 FROM bookmark_category_members m WHERE m.bookmark_id = b.id AND m.category_id = $${params.length})`);
  }
  return clauses.join(' AND ');
}

export type SortOrder = 'asc' | 'desc';

/**
 * ORDER BY clauses for the bookmark sort values (a whitelist: only these strings reach SQL).
 * `r.rating` is the owner's rating, `c` the content, `m` the category membership when listing one.
 */
export function bookmarkOrderBy(field: string, order: SortOrder, fallback: 'created' | 'position'): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const tie = `b.id ${dir}`;
  switch (field) {
    case 'user_rating_then_created':
      return order === 'desc'
        ? `r.rating DESC NULLS LAST, b.created_at DESC, ${tie}`
        : `r.rating ASC NULLS FIRST, b.created_at ASC, ${tie}`;
    case 'user_rating':
      return `r.rating ${dir} NULLS LAST, b.created_at DESC, ${tie}`;
    case 'quality_score':
      return `c.quality_score ${dir}, b.created_at DESC, ${tie}`;
    case 'datetime_added':
      return `b.created_at ${dir}, ${tie}`;
    case 'datetime_created':
      return `c.created_at ${dir}, ${tie}`;
    case 'alphabetical':
      return `c.title ${dir}, ${tie}`;
    case 'position':
      if (fallback === 'position') return `m.position ${dir} NULLS LAST, m.added_at DESC, b.id`;
      return `b.created_at DESC, b.id DESC`;
    default:
      return fallback === 'position' ? 'm.position ASC NULLS LAST, m.added_at DESC, b.id' : 'b.created_at DESC, b.id DESC';
  }
}

/**
 * The owner's rating of each bookmarked item: only that user's latest `rate` interaction, so a
 * bookmark appears once however many interactions exist (spec §7.29).
 */
const RATING_JOIN = `LEFT JOIN LATERAL (
    SELECT i.rating FROM user_interactions i
     WHERE i.user_id = $RATER AND i.content_item_id = b.content_id AND i.content_source_type = b.content_source_type
       AND i.interaction_type = 'rate' AND i.rating IS NOT NULL
     ORDER BY i.created_at DESC, i.id DESC
     LIMIT 1) r ON true`;

const CONTENT_JOIN = `JOIN content_items_all c ON c.id = b.content_id AND c.source_type = b.content_source_type
  LEFT JOIN users u ON u.id = c.creator_id`;

const CONTENT_SELECT = `, r.rating AS user_rating, row_to_json(x) AS content FROM bookmarks b
  ${CONTENT_JOIN}
  CROSS JOIN LATERAL (SELECT ${CONTENT_COLUMNS}) x`;

export async function listBookmarks(
  db: Queryable,
  f: BookmarkFilter,
  sort: { field: string; order: SortOrder },
  page: { skip: number; limit: number },
): Promise<BookmarkContentRow[]> {
  const params: unknown[] = [];
  const where = bookmarkWhere(f, params);
  params.push(page.limit, page.skip);
  const res = await db.query<BookmarkContentRow>(
    `SELECT ${BOOKMARK_COLUMNS} ${CONTENT_SELECT}
     ${RATING_JOIN.replace('$RATER', '$1')}
     WHERE ${where}
     ORDER BY ${bookmarkOrderBy(sort.field, sort.order, 'created')}
     LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return res.rows;
}

export async function countBookmarks(db: Queryable, f: BookmarkFilter): Promise<number> {
  const params: unknown[] = [];
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM bookmarks b WHERE ${bookmarkWhere(f, params)}`, params);
  return res.rows[0]?.n ?? 0;
}

/** A category's bookmarks; `raterId` is the user whose ratings are shown and sorted by. */
export async function listCategoryBookmarks(
  db: Queryable,
  categoryId: string,
  raterId: string,
  sort: { field: string; order: SortOrder },
  page: { skip: number; limit: number },
): Promise<BookmarkContentRow[]> {
  const res = await db.query<BookmarkContentRow>(
    `SELECT ${BOOKMARK_COLUMNS} ${CONTENT_SELECT}
     JOIN bookmark_category_members m ON m.bookmark_id = b.id AND m.category_id = $1
     ${RATING_JOIN.replace('$RATER', '$2')}
     ORDER BY ${bookmarkOrderBy(sort.field, sort.order, 'position')}
     LIMIT $3 OFFSET $4`,
    [categoryId, raterId, page.limit, page.skip],
  );
  return res.rows;
}

export async function countCategoryBookmarks(db: Queryable, categoryId: string): Promise<number> {
  const res = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bookmark_category_members WHERE category_id = $1', [categoryId]);
  return res.rows[0]?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Categories

export async function findCategory(db: Queryable, id: string): Promise<CategoryRow | null> {
  const res = await db.query<CategoryRow>(`SELECT ${CATEGORY_COLUMNS} FROM bookmark_categories WHERE id = $1`, [id]);
  return res.rows[0] ?? null;
}

export async function findCategoriesByIds(db: Queryable, ids: readonly string[]): Promise<CategoryRow[]> {
  const res = await db.query<CategoryRow>(`SELECT ${CATEGORY_COLUMNS} FROM bookmark_categories WHERE id = ANY($1::uuid[])`, [ids]);
  return res.rows;
}

export async function findSharedCategory(db: Queryable, token: string): Promise<CategoryRow | null> {
  const res = await db.query<CategoryRow>(`SELECT ${CATEGORY_COLUMNS} FROM bookmark_categories WHERE share_token = $1 AND is_public`, [token]);
  return res.rows[0] ?? null;
}

/** The user's root "Uncategorized" category, created when missing (race-free through the unique key). */
export async function ensureUncategorized(db: Queryable, userId: string): Promise<CategoryRow> {
  await db.query(
    `INSERT INTO bookmark_categories (user_id, name, description)
     VALUES ($1, $2, 'Bookmarks not filed in any other category')
     ON CONFLICT ON CONSTRAINT uq_bookmark_category_user_parent_name DO NOTHING`,
    [userId, UNCATEGORIZED],
  );
  const res = await db.query<CategoryRow>(
    `SELECT ${CATEGORY_COLUMNS} FROM bookmark_categories WHERE user_id = $1 AND parent_id IS NULL AND name = $2`,
    [userId, UNCATEGORIZED],
  );
  return res.rows[0] as CategoryRow;
}

export async function userHasCategories(db: Queryable, userId: string): Promise<boolean> {
  const res = await db.query('SELECT 1 FROM bookmark_categories WHERE user_id = $1 LIMIT 1', [userId]);
  return res.rowCount > 0;
}

export interface CategoryFields {
  name: string;
  description: string | null;
  color: string | null;
  icon: string | null;
  coverContentId: number | null;
  coverSource: string | null;
  parentId: string | null;
  sortIndex: number | null;
  isPublic: boolean;
}

export async function insertCategory(db: Queryable, userId: string, c: CategoryFields): Promise<CategoryRow> {
  const res = await db.query<CategoryRow>(
    `INSERT INTO bookmark_categories
       (user_id, name, description, color, icon, cover_content_id, cover_content_source_type, parent_id, sort_index, is_public, share_token)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $10 THEN gen_random_uuid() END)
     RETURNING ${CATEGORY_COLUMNS}`,
    [userId, c.name, c.description, c.color, c.icon, c.coverContentId, c.coverSource, c.parentId, c.sortIndex, c.isPublic],
  );
  return res.rows[0] as CategoryRow;
}

/** Writes every field (the service merges the patch first). Going public mints a share token; going private revokes it. */
export async function updateCategory(db: Queryable, id: string, c: CategoryFields): Promise<CategoryRow | null> {
  const res = await db.query<CategoryRow>(
    `UPDATE bookmark_categories SET
        name = $2, description = $3, color = $4, icon = $5, cover_content_id = $6, cover_content_source_type = $7,
        parent_id = $8, sort_index = $9, is_public = $10,
        share_token = CASE WHEN $10 THEN COALESCE(share_token, gen_random_uuid()) END
      WHERE id = $1
      RETURNING ${CATEGORY_COLUMNS}`,
    [id, c.name, c.description, c.color, c.icon, c.coverContentId, c.coverSource, c.parentId, c.sortIndex, c.isPublic],
  );
  return res.rows[0] ?? null;
}

/** Levels from `categoryId` up to its root (a root is 1), counted up to `cap`. */
export async function categoryDepth(db: Queryable, categoryId: string, cap: number): Promise<number> {
  const res = await db.query<{ depth: number | null }>(
    `WITH RECURSIVE up(id, parent_id, depth) AS (
       SELECT id, parent_id, 1 FROM bookmark_categories WHERE id = $1
       UNION ALL
       SELECT c.id, c.parent_id, up.depth + 1 FROM bookmark_categories c JOIN up ON c.id = up.parent_id WHERE up.depth < $2
     )
     SELECT max(depth)::int AS depth FROM up`,
    [categoryId, cap],
  );
  return res.rows[0]?.depth ?? 0;
}

/** Levels of the subtree under `categoryId` (a leaf is 1), counted up to `cap`. */
export async function subtreeHeight(db: Queryable, categoryId: string, cap: number): Promise<number> {
  const res = await db.query<{ height: number | null }>(
    `WITH RECURSIVE down(id, height) AS (
       SELECT id, 1 FROM bookmark_categories WHERE id = $1
       UNION ALL
       SELECT c.id, down.height + 1 FROM bookmark_categories c JOIN down ON c.parent_id = down.id WHERE down.height < $2
     )
     SELECT max(height)::int AS height FROM down`,
    [categoryId, cap],
  );
  return res.rows[0]?.height ?? 0;
}

/** True when `candidateId` is `categoryId` itself or one of its descendants (moving there would make a cycle). */
export async function isSelfOrDescendant(db: Queryable, categoryId: string, candidateId: string): Promise<boolean> {
  const res = await db.query(
    `WITH RECURSIVE sub(id) AS (
       SELECT id FROM bookmark_categories WHERE id = $1
       UNION
       SELECT c.id FROM bookmark_categories c JOIN sub ON c.parent_id = sub.id
     )
     SELECT 1 FROM sub WHERE id = $2`,
    [categoryId, candidateId],
  );
  return res.rowCount > 0;
}

export async function nameTakenAtLevel(db: Queryable, userId: string, parentId: string | null, name: string, exceptId: string | null): Promise<boolean> {
  const res = await db.query(
    `SELECT 1 FROM bookmark_categories
      WHERE user_id = $1 AND parent_id IS NOT DISTINCT FROM $2::uuid AND name = $3 AND ($4::uuid IS NULL OR id <> $4::uuid)`,
    [userId, parentId, name, exceptId],
  );
  return res.rowCount > 0;
}

export interface CategoryFilter {
  userId: string;
  /** undefined: any parent; null: roots only. */
  parentId?: string | null;
  isPublic?: boolean;
}

function categoryWhere(f: CategoryFilter, params: unknown[]): string {
  params.push(f.userId);
  const clauses = [`user_id = $${params.length}`];
  if (f.parentId === null) clauses.push('parent_id IS NULL');
  else if (f.parentId !== undefined) {
    params.push(f.parentId);
    clauses.push(`parent_id = $${params.length}`);
  }
  if (f.isPublic !== undefined) {
    params.push(f.isPublic);
    clauses.push(`is_public = $${params.length}`);
  }
  return clauses.join(' AND ');
}

/** Category sort values (whitelist). `updated_at` really sorts by updated_at (spec §7.14). */
export function categoryOrderBy(field: string, order: SortOrder): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  switch (field) {
    case 'sort_index':
      return order === 'asc' ? 'sort_index ASC NULLS LAST, created_at DESC, id' : 'sort_index DESC NULLS FIRST, created_at DESC, id';
    case 'created_at':
      return `created_at ${dir}, id ${dir}`;
    case 'name':
      return `name ${dir}, id ${dir}`;
    case 'updated_at':
      return `updated_at ${dir}, id ${dir}`;
    default:
      return 'updated_at DESC, id DESC';
  }
}

export async function listCategories(
  db: Queryable,
  f: CategoryFilter,
  sort: { field: string; order: SortOrder },
  page: { skip: number; limit: number },
): Promise<CategoryRow[]> {
  const params: unknown[] = [];
  const where = categoryWhere(f, params);
  params.push(page.limit, page.skip);
  const res = await db.query<CategoryRow>(
    `SELECT ${CATEGORY_COLUMNS} FROM bookmark_categories WHERE ${where}
      ORDER BY ${categoryOrderBy(sort.field, sort.order)} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return res.rows;
}

export async function countCategories(db: Queryable, f: CategoryFilter): Promise<number> {
  const params: unknown[] = [];
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM bookmark_categories WHERE ${categoryWhere(f, params)}`, params);
  return res.rows[0]?.n ?? 0;
}

/** All of a user's categories in tree order (siblings: sort_index nulls last, newest first). */
export async function allCategories(db: Queryable, userId: string): Promise<CategoryRow[]> {
  const res = await db.query<CategoryRow>(
    `SELECT ${CATEGORY_COLUMNS} FROM bookmark_categories WHERE user_id = $1 ORDER BY sort_index ASC NULLS LAST, created_at DESC, id`,
    [userId],
  );
  return res.rows;
}

export async function touchCategories(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query('UPDATE bookmark_categories SET updated_at = now() WHERE id = ANY($1::uuid[])', [ids]);
}

export async function deleteCategory(db: Queryable, id: string): Promise<boolean> {
  const res = await db.query('DELETE FROM bookmark_categories WHERE id = $1', [id]);
  return res.rowCount > 0;
}

export async function renameCategory(db: Queryable, id: string, name: string): Promise<void> {
  await db.query('UPDATE bookmark_categories SET name = $2 WHERE id = $1', [id, name]);
}

/** Names already used among the roots of a user (to place orphaned children without a clash). */
export async function rootNames(db: Queryable, userId: string): Promise<Set<string>> {
  const res = await db.query<{ name: string }>('SELECT name FROM bookmark_categories WHERE user_id = $1 AND parent_id IS NULL', [userId]);
  return new Set(res.rows.map((r) => r.name));
}

export async function childCategories(db: Queryable, parentId: string): Promise<CategoryRow[]> {
  const res = await db.query<CategoryRow>(`SELECT ${CATEGORY_COLUMNS} FROM bookmark_categories WHERE parent_id = $1 ORDER BY sort_index ASC NULLS LAST, created_at DESC, id`, [parentId]);
  return res.rows;
}

export async function listChildren(db: Queryable, parentId: string, page: { skip: number; limit: number }): Promise<CategoryRow[]> {
  const res = await db.query<CategoryRow>(
    `SELECT ${CATEGORY_COLUMNS} FROM bookmark_categories WHERE parent_id = $1
      ORDER BY sort_index ASC NULLS LAST, created_at DESC, id LIMIT $2 OFFSET $3`,
    [parentId, page.limit, page.skip],
  );
  return res.rows;
}

export async function countChildren(db: Queryable, parentId: string): Promise<number> {
  const res = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bookmark_categories WHERE parent_id = $1', [parentId]);
  return res.rows[0]?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Memberships

export async function findMembership(db: Queryable, bookmarkId: string, categoryId: string): Promise<MembershipRow | null> {
  const res = await db.query<MembershipRow>(`SELECT ${MEMBER_COLUMNS} FROM bookmark_category_members WHERE bookmark_id = $1 AND category_id = $2`, [
    bookmarkId,
    categoryId,
  ]);
  return res.rows[0] ?? null;
}

export async function membershipsOf(db: Queryable, bookmarkId: string): Promise<MembershipRow[]> {
  const res = await db.query<MembershipRow>(`SELECT ${MEMBER_COLUMNS} FROM bookmark_category_members WHERE bookmark_id = $1 ORDER BY added_at, category_id`, [
    bookmarkId,
  ]);
  return res.rows;
}

/**
 * Files a bookmark in a category; without a position it goes after the last positioned member.
 * Null when it was already there.
 */
export async function insertMembership(
  db: Queryable,
  bookmarkId: string,
  categoryId: string,
  userId: string,
  position: number | null,
): Promise<MembershipRow | null> {
  const res = await db.query<MembershipRow>(
    `INSERT INTO bookmark_category_members (bookmark_id, category_id, user_id, position)
     VALUES ($1, $2, $3, COALESCE($4::int, (SELECT COALESCE(max(position) + 1, 0) FROM bookmark_category_members WHERE category_id = $2)))
     ON CONFLICT (bookmark_id, category_id) DO NOTHING
     RETURNING ${MEMBER_COLUMNS}`,
    [bookmarkId, categoryId, userId, position],
  );
  return res.rows[0] ?? null;
}

export async function deleteMembership(db: Queryable, bookmarkId: string, categoryId: string): Promise<boolean> {
  const res = await db.query('DELETE FROM bookmark_category_members WHERE bookmark_id = $1 AND category_id = $2', [bookmarkId, categoryId]);
  return res.rowCount > 0;
}

export async function deleteMembershipsExcept(db: Queryable, bookmarkId: string, keep: readonly string[]): Promise<string[]> {
  const res = await db.query<{ category_id: string }>(
    'DELETE FROM bookmark_category_members WHERE bookmark_id = $1 AND NOT (category_id = ANY($2::uuid[])) RETURNING category_id',
    [bookmarkId, keep],
  );
  return res.rows.map((r) => r.category_id);
}

/** Bookmark ids of a category in its current order (position nulls last, then newest added). */
export async function orderedMembers(db: Queryable, categoryId: string): Promise<string[]> {
  const res = await db.query<{ bookmark_id: string }>(
    `SELECT bookmark_id FROM bookmark_category_members WHERE category_id = $1
      ORDER BY position ASC NULLS LAST, added_at DESC, bookmark_id FOR UPDATE`,
    [categoryId],
  );
  return res.rows.map((r) => r.bookmark_id);
}

/** Sets positions 0..n-1 in the given order. */
export async function renumberMembers(db: Queryable, categoryId: string, bookmarkIds: readonly string[]): Promise<void> {
  await db.query(
    `UPDATE bookmark_category_members m SET position = o.pos - 1
       FROM unnest($2::uuid[]) WITH ORDINALITY AS o(bookmark_id, pos)
      WHERE m.category_id = $1 AND m.bookmark_id = o.bookmark_id`,
    [categoryId, bookmarkIds],
  );
}

/** Moves every membership of one category into another (skipping bookmarks already there), appended in order. */
export async function moveMembers(db: Queryable, fromId: string, toId: string): Promise<void> {
  await db.query(
    `INSERT INTO bookmark_category_members (bookmark_id, category_id, user_id, position)
     SELECT m.bookmark_id, $2, m.user_id,
            (SELECT COALESCE(max(position) + 1, 0) FROM bookmark_category_members WHERE category_id = $2)
              + row_number() OVER (ORDER BY m.position ASC NULLS LAST, m.added_at DESC, m.bookmark_id) - 1
       FROM bookmark_category_members m
      WHERE m.category_id = $1
     ON CONFLICT (bookmark_id, category_id) DO NOTHING`,
    [fromId, toId],
  );
}

/** Deletes the bookmarks filed in a category (they leave every other category too). */
export async function deleteBookmarksIn(db: Queryable, categoryId: string): Promise<number> {
  const res = await db.query(
    'DELETE FROM bookmarks WHERE id IN (SELECT bookmark_id FROM bookmark_category_members WHERE category_id = $1)',
    [categoryId],
  );
  return res.rowCount;
}
