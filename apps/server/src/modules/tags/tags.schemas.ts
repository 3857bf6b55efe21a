import { Type } from 'typebox';
import { JsonObject, Nullable, PaginationMeta } from '../../platform/http/schemas.ts';
import { isoNaive } from '../../platform/http/serialize.ts';
import type { RatedTagRow, TagRatingRow, TagRow } from './tags.queries.ts';

export const TagSummary = Type.Object({ id: Type.String(), name: Type.String() }, { $id: 'TagSummaryResponse' });
export const TagRelation = Type.Object({ id: Type.String(), name: Type.String(), depth: Type.Integer() }, { $id: 'TagRelationResponse' });
/** A tag as listed on a content item: the summary plus its average rating (1–5) over every user's rating. */
export const RatedTagSummary = Type.Object(
  { id: Type.String(), name: Type.String(), average_rating: Nullable(Type.Number()), rating_count: Type.Integer() },
  { $id: 'RatedTagSummaryResponse' },
);
export const PopularTag = Type.Object({ id: Type.String(), name: Type.String(), cardinality: Type.Integer() }, { $id: 'PopularTagResponse' });

export const Tag = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    metadata: JsonObject,
    created_at: Type.String(),
    updated_at: Type.String(),
    average_rating: Nullable(Type.Number()),
    rating_count: Nullable(Type.Integer()),
    is_favorite: Nullable(Type.Boolean()),
  },
  { $id: 'TagResponse' },
);

export const TagList = Type.Object({ items: Type.Array(Tag), pagination: PaginationMeta }, { $id: 'TagListResponse' });

// Schemas with an $id may occur only once per response schema (fast-json-stringify resolves them
// by id), so the detail embeds id-less copies where a shape repeats.
const TagSummaryInline = Type.Object({ id: Type.String(), name: Type.String() });
const TagRelationInline = Type.Object({ id: Type.String(), name: Type.String(), depth: Type.Integer() });

export const TagDetail = Type.Object(
  {
    tag: Tag,
    parents: Type.Array(TagSummaryInline),
    children: Type.Array(TagSummaryInline),
    ancestors: Nullable(Type.Array(TagRelationInline)),
    descendants: Nullable(Type.Array(TagRelationInline)),
    average_rating: Nullable(Type.Number()),
    rating_count: Type.Integer(),
    user_rating: Nullable(Type.Number()),
    is_favorite: Nullable(Type.Boolean()),
    cardinality_auto: Type.Integer(),
    cardinality_regular: Type.Integer(),
  },
  { $id: 'TagDetailResponse' },
);

export const HierarchyNode = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    parent: Nullable(Type.String()),
    average_rating: Nullable(Type.Number()),
    rating_count: Nullable(Type.Integer()),
  },
  { $id: 'TagHierarchyNode' },
);

export const TagStatistics = Type.Object(
  { totalNodes: Type.Integer(), totalRelationships: Type.Integer(), rootCategories: Type.Integer() },
  { $id: 'TagStatisticsResponse' },
);

export const TagHierarchy = Type.Object(
  {
    nodes: Type.Array(HierarchyNode),
    metadata: Type.Object({
      totalNodes: Type.Integer(),
      totalRelationships: Type.Integer(),
      rootCategories: Type.Integer(),
      lastUpdated: Type.String(),
      format: Type.String(),
      version: Type.String(),
    }),
  },
  { $id: 'TagHierarchyResponse' },
);

export const TagRating = Type.Object(
  {
    id: Type.Integer(),
    user_id: Type.String(),
    tag_id: Type.String(),
    rating: Type.Number(),
    created_at: Type.String(),
    updated_at: Type.String(),
  },
  { $id: 'TagRatingResponse' },
);

export const TagRatingValue = Type.Object({ rating: Nullable(Type.Number()) }, { $id: 'TagRatingValueResponse' });
export const TagUserRatings = Type.Object({ ratings: Type.Record(Type.String(), Type.Number()) }, { $id: 'TagUserRatingsResponse' });

export const TagCreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  metadata: Type.Optional(JsonObject),
  parent_ids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 50 })),
});

export const TagParentBody = Type.Object({ parent_id: Type.String({ format: 'uuid' }) });

function metadataOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function toTag(row: TagRow | RatedTagRow, extra: { average_rating?: number | null; rating_count?: number | null; is_favorite?: boolean | null } = {}) {
  const rated = row as Partial<RatedTagRow>;
  return {
    id: row.id,
    name: row.name,
    metadata: metadataOf(row.tag_metadata),
    created_at: isoNaive(row.created_at) ?? '',
    updated_at: isoNaive(row.updated_at) ?? '',
    average_rating: extra.average_rating ?? rated.average_rating ?? null,
    rating_count: extra.rating_count ?? rated.rating_count ?? null,
    is_favorite: extra.is_favorite ?? null,
  };
}

export function toTagRating(row: TagRatingRow) {
  return {
    id: row.id,
    user_id: row.user_id,
    tag_id: row.tag_id,
    rating: row.rating,
    created_at: isoNaive(row.created_at) ?? '',
    updated_at: isoNaive(row.updated_at) ?? '',
  };
}
