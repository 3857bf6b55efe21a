import { Type } from 'typebox';
import { JsonObject, Nullable, Uuid } from '../../platform/http/schemas.ts';
import { isoNaive } from '../../platform/http/serialize.ts';
import { ContentId, Int4Id } from '../interactions/interactions.schemas.ts';
import { Content, toContent } from '../content/content.schemas.ts';
import type { RecommendationContentRow, RecommendationRow } from './recommendations.queries.ts';

export const MAX_BULK = 1000;

const recommendationProps = {
  id: Type.Integer(),
  user_id: Type.String({ format: 'uuid' }),
  // Null once the content item was deleted.
  content_item_id: Nullable(Type.Integer()),
  recommendation_score: Type.Number(),
  algorithm_version: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  is_served: Type.Boolean(),
  rec_metadata: JsonObject,
};

export const Recommendation = Type.Object(recommendationProps, { $id: 'RecommendationResponse' });

export const RecommendationList = Type.Object(
  { items: Type.Array(Recommendation), total: Type.Integer(), skip: Type.Integer(), limit: Type.Integer() },
  { $id: 'RecommendationListResponse' },
);

/**
 * An addition of this rebuild (the original's list carried ids only, so its page could not show
 * what was recommended): with `include_content=true` each recommendation also names the item's
 * partition and embeds the item, null when it was deleted or is someone else's private item.
 * Without it the two keys are absent and the rows are the original's.
 */
export const RecommendationWithContent = Type.Object(
  {
    ...recommendationProps,
    content_source_type: Type.Optional(Type.Union([Type.Literal('items'), Type.Literal('auto')])),
    content: Type.Optional(Nullable(Content)),
  },
  { $id: 'RecommendationWithContentResponse' },
);

export const RecommendationUserList = Type.Object(
  { items: Type.Array(RecommendationWithContent), total: Type.Integer(), skip: Type.Integer(), limit: Type.Integer() },
  { $id: 'RecommendationUserListResponse' },
);

const createFields = {
  user_id: Uuid,
  content_item_id: ContentId,
  recommendation_score: Type.Number({ minimum: 0, maximum: 1 }),
  algorithm_version: Type.String({ minLength: 1, maxLength: 50 }),
  metadata: Type.Optional(Nullable(JsonObject)),
};

export const RecommendationCreateBody = Type.Object(createFields, { $id: 'RecommendationCreateRequest' });

export const RecommendationBulkBody = Type.Object(
  { recommendations: Type.Array(Type.Object(createFields), { minItems: 1, maxItems: MAX_BULK }) },
  { $id: 'RecommendationBulkCreateRequest' },
);

export const RecommendationUpdateBody = Type.Object(
  {
    recommendation_score: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1 }))),
    metadata: Type.Optional(Nullable(JsonObject)),
  },
  { $id: 'RecommendationUpdateRequest' },
);

export const ServedBody = Type.Object(
  { recommendation_ids: Type.Array(Int4Id, { minItems: 1, maxItems: MAX_BULK }) },
  { $id: 'RecommendationServedRequest' },
);

export const ServedResponse = Type.Object({ marked_as_served: Type.Integer() }, { $id: 'RecommendationServedResponse' });

export const GenerateBody = Type.Object(
  {
    user_id: Uuid,
    algorithm_version: Type.String({ minLength: 1, maxLength: 50 }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  },
  { $id: 'RecommendationGenerateRequest' },
);

export const GenerationResponse = Type.Object(
  { algorithm_version: Type.String(), recommendations: Type.Array(Recommendation) },
  { $id: 'RecommendationGenerationResponse' },
);

export const UserRecommendationStats = Type.Object(
  {
    user_id: Nullable(Type.String({ format: 'uuid' })),
    total_recommendations: Type.Integer(),
    served_recommendations: Type.Integer(),
    unserved_recommendations: Type.Integer(),
    average_score: Type.Number(),
    algorithm_breakdown: Type.Record(Type.String(), Type.Object({ count: Type.Integer(), avg_score: Type.Number() })),
  },
  { $id: 'RecommendationStatsResponse' },
);

export const RecommendationOverview = Type.Object(
  { total_recommendations: Type.Integer(), served_recommendations: Type.Integer(), unserved_recommendations: Type.Integer() },
  { $id: 'RecommendationOverviewResponse' },
);

export function toRecommendation(row: RecommendationRow) {
  return {
    id: row.id,
    user_id: row.user_id,
    content_item_id: row.content_item_id,
    recommendation_score: row.recommendation_score,
    algorithm_version: row.algorithm_version,
    created_at: isoNaive(row.created_at) ?? '',
    is_served: row.is_served,
    rec_metadata: row.rec_metadata ?? {},
  };
}

export function toRecommendationWithContent(row: RecommendationContentRow) {
  return { ...toRecommendation(row), content_source_type: row.content_source_type, content: row.content ? toContent(row.content) : null };
}
