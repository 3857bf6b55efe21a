import { Type } from 'typebox';
import { Nullable, Uuid } from '../../platform/http/schemas.ts';
import { isoTz } from '../../platform/http/serialize.ts';
import { Content, ContentId, toContent } from '../content/content.schemas.ts';
import type { BookmarkContentRow, BookmarkRow, CategoryRow, MembershipRow } from './bookmarks.queries.ts';

export const INT4_MAX = 2_147_483_647;
export const Skip = Type.Integer({ minimum: 0, maximum: INT4_MAX, default: 0 });
export const Limit = Type.Integer({ minimum: 1, maximum: 1000, default: 100 });
export const SortOrder = Type.String({ pattern: '^(asc|desc)$', default: 'desc' });
export const SourceTypeInput = Type.String({ pattern: '^(items|auto)$' });

export const BOOKMARK_SORTS = 'user_rating_then_created, user_rating, quality_score, datetime_added, datetime_created, alphabetical';

export const BookmarkSortField = Type.String({
  default: 'user_rating_then_created',
  maxLength: 50,
  description: `One of ${BOOKMARK_SORTS} (others: newest bookmark first)`,
});

const bookmarkProps = {
  id: Uuid,
  user_id: Uuid,
  content_id: Type.Integer(),
  content_source_type: Type.String(),
  note: Nullable(Type.String()),
  pinned: Type.Boolean(),
  is_public: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
};

export const Bookmark = Type.Object(bookmarkProps, { $id: 'BookmarkResponse' });
/** Same shape without an $id, for responses where `BookmarkResponse` occurs twice. */
const BookmarkInline = Type.Object(bookmarkProps);

export const BookmarkWithContent = Type.Object(
  { ...bookmarkProps, content: Nullable(Content), user_rating: Nullable(Type.Integer()) },
  { $id: 'BookmarkWithContentResponse' },
);

/** With content when `include_content=true`, plain bookmarks otherwise. */
const BookmarkItem = Type.Union([BookmarkWithContent, BookmarkInline]);

export const BookmarkList = Type.Object(
  { items: Type.Array(BookmarkItem), total: Type.Integer(), skip: Type.Integer(), limit: Type.Integer() },
  { $id: 'BookmarkListResponse' },
);

export const BookmarkCheck = Type.Object({ bookmarked: Type.Boolean(), bookmark: Nullable(BookmarkInline) }, { $id: 'BookmarkCheckResponse' });

export const BookmarkCheckBatch = Type.Object(
  { bookmarks: Type.Record(Type.String(), Nullable(BookmarkInline)) },
  { $id: 'BookmarkCheckBatchResponse' },
);

export const BookmarkCreateBody = Type.Object(
  {
    content_id: ContentId,
    content_source_type: SourceTypeInput,
    note: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    pinned: Type.Boolean({ default: false }),
    is_public: Type.Boolean({ default: false }),
  },
  { $id: 'BookmarkCreateRequest' },
);

export const BookmarkUpdateBody = Type.Object(
  {
    note: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    pinned: Type.Optional(Nullable(Type.Boolean())),
    is_public: Type.Optional(Nullable(Type.Boolean())),
  },
  { $id: 'BookmarkUpdateRequest' },
);

export const CheckBatchBody = Type.Object(
  {
    content_items: Type.Array(Type.Object({ content_id: ContentId, content_source_type: SourceTypeInput }), { minItems: 1, maxItems: 100 }),
  },
  { $id: 'BookmarkCheckBatchRequest' },
);

export const Membership = Type.Object(
  {
    bookmark_id: Uuid,
    category_id: Uuid,
    user_id: Uuid,
    position: Nullable(Type.Integer()),
    added_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'CategoryMembershipResponse' },
);

export const MembershipList = Type.Object({ items: Type.Array(Membership), total: Type.Integer() }, { $id: 'CategoryMembershipListResponse' });

export const MembershipAddBody = Type.Object(
  { category_id: Uuid, position: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: INT4_MAX }))) },
  { $id: 'CategoryMembershipAddRequest' },
);

export const MembershipPositionBody = Type.Object(
  { position: Type.Integer({ minimum: 0, maximum: INT4_MAX }) },
  { $id: 'CategoryMembershipUpdateRequest' },
);

export const SyncBody = Type.Object({ category_ids: Type.Array(Uuid, { maxItems: 1000 }) }, { $id: 'BookmarkCategorySyncRequest' });

// ---------------------------------------------------------------------------------------------
// Categories

const categoryProps = {
  id: Uuid,
  user_id: Uuid,
  name: Type.String(),
  description: Nullable(Type.String()),
  color: Nullable(Type.String()),
  icon: Nullable(Type.String()),
  cover_content_id: Nullable(Type.Integer()),
  cover_content_source_type: Nullable(Type.String()),
  parent_id: Nullable(Uuid),
  sort_index: Nullable(Type.Integer()),
  is_public: Type.Boolean(),
  share_token: Nullable(Uuid),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
};

export const Category = Type.Object(categoryProps, { $id: 'BookmarkCategoryResponse' });

export const CategoryList = Type.Object(
  { items: Type.Array(Category), total: Type.Integer(), skip: Type.Integer(), limit: Type.Integer() },
  { $id: 'BookmarkCategoryListResponse' },
);

export const CategoryBookmarks = Type.Object(
  { category: Category, bookmarks: Type.Array(BookmarkItem), total: Type.Integer() },
  { $id: 'BookmarksInCategoryResponse' },
);

/**
 * A node of the category tree with its real children nested. The recursion is expressed with a
 * JSON Schema `$ref` to the node's own `$id`.
 */
export const CategoryTreeNode = Type.Unsafe<TreeNode>({
  $id: 'BookmarkCategoryTreeNode',
  type: 'object',
  required: ['id', 'name', 'description', 'color', 'icon', 'parent_id', 'sort_index', 'children'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    color: { type: ['string', 'null'] },
    icon: { type: ['string', 'null'] },
    parent_id: { type: ['string', 'null'] },
    sort_index: { type: ['integer', 'null'] },
    children: { type: 'array', items: { $ref: 'BookmarkCategoryTreeNode#' } },
  },
});

export interface TreeNode {
  id: string;
  name: string;
  description: string | null;
  color: string | null;
  icon: string | null;
  parent_id: string | null;
  sort_index: number | null;
  children: TreeNode[];
}

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Description = Type.String({ maxLength: 2000 });
const Color = Type.String({ pattern: '^#[0-9A-Fa-f]{6}$' });
const Icon = Type.String({ maxLength: 50 });
const SortIndex = Type.Integer({ minimum: -INT4_MAX, maximum: INT4_MAX });

/** The fields both requests may leave out or null; they differ only in `name` and `is_public`. */
const categoryOptionalProps = {
  description: Type.Optional(Nullable(Description)),
  color: Type.Optional(Nullable(Color)),
  icon: Type.Optional(Nullable(Icon)),
  cover_content_id: Type.Optional(Nullable(ContentId)),
  cover_content_source_type: Type.Optional(Nullable(SourceTypeInput)),
  parent_id: Type.Optional(Nullable(Uuid)),
  sort_index: Type.Optional(Nullable(SortIndex)),
};

export const CategoryCreateBody = Type.Object(
  { name: Name, ...categoryOptionalProps, is_public: Type.Boolean({ default: false }) },
  { $id: 'BookmarkCategoryCreateRequest' },
);

export const CategoryUpdateBody = Type.Object(
  { name: Type.Optional(Nullable(Name)), ...categoryOptionalProps, is_public: Type.Optional(Nullable(Type.Boolean())) },
  { $id: 'BookmarkCategoryUpdateRequest' },
);

// ---------------------------------------------------------------------------------------------
// Row → wire

export function toBookmark(row: BookmarkRow) {
  return {
    id: row.id,
    user_id: row.user_id,
    content_id: Number(row.content_id),
    content_source_type: row.content_source_type,
    note: row.note,
    pinned: row.pinned,
    is_public: row.is_public,
    created_at: isoTz(row.created_at) as string,
    updated_at: isoTz(row.updated_at) as string,
  };
}

export function toBookmarkWithContent(row: BookmarkContentRow) {
  return {
    ...toBookmark(row),
    content: row.content ? toContent(row.content) : null,
    user_rating: row.user_rating === null || row.user_rating === undefined ? null : Number(row.user_rating),
  };
}

export function toCategory(row: CategoryRow) {
  return {
    id: row.id,
    user_id: row.user_id,
    name: row.name,
    description: row.description,
    color: row.color,
    icon: row.icon,
    cover_content_id: row.cover_content_id === null ? null : Number(row.cover_content_id),
    cover_content_source_type: row.cover_content_source_type,
    parent_id: row.parent_id,
    sort_index: row.sort_index,
    is_public: row.is_public,
    share_token: row.share_token,
    created_at: isoTz(row.created_at) as string,
    updated_at: isoTz(row.updated_at) as string,
  };
}

export function toMembership(row: MembershipRow) {
  return {
    bookmark_id: row.bookmark_id,
    category_id: row.category_id,
    user_id: row.user_id,
    position: row.position,
    added_at: isoTz(row.added_at) as string,
  };
}

/**
 * Nests categories under their parents; `rows` come in sibling order. A node whose parent is not
 * among the rows (or that sits on a cycle, which the service never lets happen) becomes a root.
 */
export function buildTree(rows: readonly CategoryRow[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const r of rows) {
    nodes.set(r.id, { id: r.id, name: r.name, description: r.description, color: r.color, icon: r.icon, parent_id: r.parent_id, sort_index: r.sort_index, children: [] });
  }
  const roots: TreeNode[] = [];
  const reachesRoot = (id: string): boolean => {
    const seen = new Set<string>();
    let cur = nodes.get(id);
    while (cur?.parent_id && nodes.has(cur.parent_id)) {
      if (seen.has(cur.id)) return false;
      seen.add(cur.id);
      cur = nodes.get(cur.parent_id);
    }
    return true;
  };
  for (const r of rows) {
    const node = nodes.get(r.id) as TreeNode;
    const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
    if (parent && reachesRoot(r.id)) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
