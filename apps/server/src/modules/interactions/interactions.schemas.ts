import { Type } from 'typebox';
import { JsonObject, Nullable, Uuid } from '../../platform/http/schemas.ts';
import { isoNaive } from '../../platform/http/serialize.ts';
import { INTERACTION_TYPES, type InteractionRow, type TypeAggregateRow } from './interactions.queries.ts';

export const INT4_MAX = 2_147_483_647;
/** int4 ids (interactions, recommendations): larger values can never exist and would break the SQL cast. */
export const Int4Id = Type.Integer({ minimum: 1, maximum: INT4_MAX });
/** Content ids are bigint; JSON numbers are exact up to 2^53. */
export const ContentId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const Skip = Type.Integer({ minimum: 0, maximum: INT4_MAX, default: 0 });
export const limitOf = (defaultValue: number, maximum = 1000) => Type.Integer({ minimum: 1, maximum, default: defaultValue });
/** Look-back windows in days (ten years is plenty and keeps the interval arithmetic in range). */
export const daysOf = (defaultValue?: number) =>
  defaultValue === undefined ? Type.Integer({ minimum: 1, maximum: 3650 }) : Type.Integer({ minimum: 1, maximum: 3650, default: defaultValue });

export const InteractionTypeSchema = Type.Union(
  INTERACTION_TYPES.map((t) => Type.Literal(t)),
  { description: 'Interaction type' },
);

export const Interaction = Type.Object(
  {
    id: Type.Integer(),
    user_id: Type.String({ format: 'uuid' }),
    // Null once the content item was deleted (the event itself is kept).
    content_item_id: Nullable(Type.Integer()),
    interaction_type: Type.String(),
    rating: Nullable(Type.Integer()),
    duration: Nullable(Type.Integer()),
    created_at: Type.String({ format: 'date-time' }),
    interaction_metadata: JsonObject,
  },
  { $id: 'InteractionResponse' },
);

export const InteractionList = Type.Object(
  { items: Type.Array(Interaction), total: Type.Integer(), skip: Type.Integer(), limit: Type.Integer() },
  { $id: 'InteractionListResponse' },
);

export const InteractionCreateBody = Type.Object(
  {
    user_id: Uuid,
    content_item_id: ContentId,
    interaction_type: InteractionTypeSchema,
    rating: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 5 }))),
    duration: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: INT4_MAX }))),
    metadata: Type.Optional(Nullable(JsonObject)),
  },
  { $id: 'InteractionCreateRequest' },
);

export const InteractionUpdateBody = Type.Object(
  {
    rating: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 5 }))),
    duration: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: INT4_MAX }))),
    metadata: Type.Optional(Nullable(JsonObject)),
  },
  { $id: 'InteractionUpdateRequest' },
);

const TypeCount = Type.Object({ count: Type.Integer(), avg_rating: Nullable(Type.Number()) });
const TypeStats = Type.Object({ count: Type.Integer(), avg_rating: Nullable(Type.Number()), avg_duration: Nullable(Type.Number()) });

export const InteractionSummary = Type.Object(
  {
    user_id: Type.String({ format: 'uuid' }),
    // One {count, avg_rating} entry per interaction type the user has, plus `total_interactions`.
    summary: JsonObject,
  },
  { $id: 'InteractionSummaryResponse' },
);

export const InteractionStats = Type.Object(
  { content_item_id: Type.Integer(), stats: Type.Record(Type.String(), TypeStats) },
  { $id: 'InteractionStatsResponse' },
);

export const UserBehavior = Type.Object(
  {
    total_interactions: Type.Integer(),
    interaction_types: Type.Record(Type.String(), TypeCount),
    favorite_content_types: Type.Array(Type.String()),
  },
  { $id: 'UserBehaviorResponse' },
);

export const InteractionOverview = Type.Object(
  {
    total_interactions: Type.Integer(),
    type_breakdown: Type.Object(Object.fromEntries(INTERACTION_TYPES.map((t) => [t, Type.Integer()]))),
  },
  { $id: 'InteractionOverviewResponse' },
);

export function toInteraction(row: InteractionRow) {
  return {
    id: row.id,
    user_id: row.user_id,
    content_item_id: row.content_item_id,
    interaction_type: row.interaction_type,
    rating: row.rating,
    duration: row.duration,
    created_at: isoNaive(row.created_at) ?? '',
    interaction_metadata: row.interaction_metadata ?? {},
  };
}

export function toTypeCounts(rows: TypeAggregateRow[]): Record<string, { count: number; avg_rating: number | null }> {
  return Object.fromEntries(rows.map((r) => [r.interaction_type, { count: r.count, avg_rating: r.avg_rating }]));
}

export function toTypeStats(rows: TypeAggregateRow[]) {
  return Object.fromEntries(
    rows.map((r) => [r.interaction_type, { count: r.count, avg_rating: r.avg_rating, avg_duration: r.avg_duration }]),
  );
}
