import { Type } from 'typebox';
import { JsonObject, Nullable } from '../../platform/http/schemas.ts';
import { isoNaive } from '../../platform/http/serialize.ts';
import { UNIFIED_SORT_FIELDS } from './unified.cursor.ts';
import type { UnifiedRow } from './unified.queries.ts';

/** One gallery item (spec §2.0 "UnifiedItem"): Content plus `updated_at` and `source_type`. */
export const UnifiedItem = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    content_type: Type.String(),
    content_data: Type.String(),
    path_thumb: Nullable(Type.String()),
    path_thumbs_alt_res: Nullable(Type.Record(Type.String(), Type.String())),
    prompt: Nullable(Type.String()),
    creator_id: Type.String(),
    creator_username: Nullable(Type.String()),
    item_metadata: Nullable(JsonObject),
    is_private: Type.Boolean(),
    quality_score: Nullable(Type.Number()),
    created_at: Nullable(Type.String()),
    updated_at: Nullable(Type.String()),
    source_type: Type.Union([Type.Literal('items'), Type.Literal('auto')]),
  },
  { $id: 'UnifiedContentItem' },
);

export const UnifiedStats = Type.Object(
  {
    user_regular_count: Type.Integer(),
    user_auto_count: Type.Integer(),
    community_regular_count: Type.Integer(),
    community_auto_count: Type.Integer(),
  },
  { $id: 'UnifiedContentStats' },
);

export const UnifiedPagination = Type.Object(
  {
    page: Type.Integer(),
    page_size: Type.Integer(),
    total_count: Type.Integer(),
    total_pages: Type.Integer(),
    has_next: Type.Boolean(),
    has_previous: Type.Boolean(),
    next_cursor: Nullable(Type.String()),
    prev_cursor: Nullable(Type.String()),
    total_is_estimate: Type.Boolean({ description: 'true when total_count is an estimate (more matches than are counted exactly)' }),
  },
  { $id: 'UnifiedPagination' },
);

export const UnifiedPage = Type.Object(
  {
    items: Type.Array(UnifiedItem),
    pagination: UnifiedPagination,
    stats: Type.Optional(Type.Object(UnifiedStats.properties)),
  },
  { $id: 'UnifiedContentResponse' },
);

const Strings = Type.Array(Type.String({ maxLength: 255 }), { maxItems: 100 });

export const UnifiedQuerystring = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Page number (offset pagination); ignored with a cursor' })),
  page_size: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
  cursor: Type.Optional(Type.String({ maxLength: 2000, description: 'next_cursor/prev_cursor of a previous page' })),
  backward: Type.Boolean({ default: false, description: 'true: the page before the cursor (use with prev_cursor)' }),
  content_types: Type.Optional(Type.String({ maxLength: 100, description: 'Legacy: comma list of regular, auto' })),
  creator_filter: Type.String({ default: 'all', maxLength: 20, description: 'Legacy: all | user | community' }),
  content_source_types: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 10, description: 'user-regular, user-auto, community-regular, community-auto; a single empty value selects nothing' })),
  user_id: Type.Optional(Type.String({ format: 'uuid' })),
  search_term: Type.Optional(Type.String({ maxLength: 500, description: 'Words and "quoted phrases", all must occur in title or prompt' })),
  sort_field: Type.Union(
    UNIFIED_SORT_FIELDS.map((f) => Type.Literal(f)),
    { default: 'created_at' },
  ),
  sort_order: Type.String({ pattern: '^([aA][sS][cC]|[dD][eE][sS][cC])$', default: 'desc' }),
  tag: Type.Optional(Strings),
  tags: Type.Optional(Strings),
  tag_names: Type.Optional(Strings),
  tag_match: Type.String({ default: 'any', maxLength: 10 }),
  include_stats: Type.Boolean({ default: false }),
  record_search: Type.Boolean({ default: false, description: 'Store search_term in the user\'s search history (needs user_id)' }),
});

function stringMap(value: unknown): Record<string, string> | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function toUnifiedItem(row: UnifiedRow) {
  return {
    id: Number(row.id),
    title: row.title,
    content_type: row.content_type,
    content_data: row.content_data,
    path_thumb: row.path_thumb ?? null,
    path_thumbs_alt_res: stringMap(row.path_thumbs_alt_res),
    prompt: row.prompt ?? null,
    creator_id: row.creator_id,
    creator_username: row.creator_username ?? null,
    item_metadata: (row.item_metadata ?? null) as Record<string, unknown> | null,
    is_private: row.is_private,
    quality_score: row.quality_score === null ? null : Number(row.quality_score),
    created_at: isoNaive(row.created_at),
    updated_at: isoNaive(row.updated_at),
    source_type: row.source_type,
  };
}
