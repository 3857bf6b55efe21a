import { Type } from 'typebox';
import { Nullable, PaginationMeta, Uuid } from '../../platform/http/schemas.ts';
import { isoNaive } from '../../platform/http/serialize.ts';
import type { FlagRow } from './moderation.queries.ts';

export const INT4 = { minimum: -2_147_483_648, maximum: 2_147_483_647 };
export const FlagId = Type.Integer(INT4);

export const FlaggedContent = Type.Object(
  {
    id: Type.Integer(),
    content_item_id: Nullable(Type.Integer()),
    content_item_auto_id: Nullable(Type.Integer()),
    content_source: Type.String({ description: "'regular' or 'auto'" }),
    flagged_text: Type.String(),
    flagged_words: Type.Array(Type.String()),
    total_problem_words: Type.Integer(),
    total_words: Type.Integer(),
    problem_percentage: Type.Number(),
    risk_score: Type.Number(),
    creator_id: Uuid,
    flagged_at: Type.String({ description: 'ISO-8601 (naive UTC)' }),
    reviewed: Type.Boolean(),
    reviewed_at: Nullable(Type.String()),
    reviewed_by: Nullable(Uuid),
    notes: Nullable(Type.String()),
  },
  { $id: 'FlaggedContentResponse' },
);

export const FlaggedPage = Type.Object({ items: Type.Array(FlaggedContent), pagination: PaginationMeta }, { $id: 'PaginatedResponse_FlaggedContentResponse_' });

export const ScanBody = Type.Object(
  {
    content_types: Type.Array(Type.String({ maxLength: 20 }), { default: ['regular', 'auto'], maxItems: 10 }),
    force_rescan: Type.Boolean({ default: false }),
    max_items_per_type: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000, description: 'Items scanned per source at most (the oldest first)' }),
  },
  { $id: 'ScanContentRequest' },
);

export const ScanResult = Type.Object(
  { items_scanned: Type.Integer(), items_flagged: Type.Integer(), processing_time_ms: Type.Number() },
  { $id: 'ScanContentResponse' },
);

export const ReviewBody = Type.Object(
  { reviewed: Type.Boolean(), reviewed_by: Uuid, notes: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 10_000 })) },
  { $id: 'ReviewFlaggedContentRequest' },
);

export const BulkDeleteBody = Type.Object(
  {
    ids: Type.Array(FlagId, { maxItems: 1000 }),
    delete_content: Type.Boolean({ default: false, description: 'Also delete the flagged content items (default: only the flags)' }),
  },
  { $id: 'BulkDeleteRequest' },
);

const ItemError = Type.Object({ id: Type.Integer(), error: Type.String() });

export const BulkDeleteResult = Type.Object({ deleted_count: Type.Integer(), errors: Type.Array(ItemError) }, { $id: 'BulkDeleteResponse' });

export const BulkReviewBody = Type.Object(
  {
    ids: Type.Array(FlagId, { minItems: 1, maxItems: 1000 }),
    reviewed: Type.Boolean(),
    reviewed_by: Uuid,
    notes: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 10_000 })),
  },
  { $id: 'BulkReviewRequest' },
);

export const BulkReviewResult = Type.Object({ reviewed_count: Type.Integer(), errors: Type.Array(ItemError) }, { $id: 'BulkReviewResponse' });

export const Statistics = Type.Object(
  {
    total_flagged: Type.Integer(),
    unreviewed_count: Type.Integer(),
    average_risk_score: Type.Number(),
    high_risk_count: Type.Integer(),
    by_source: Type.Object({ regular: Type.Integer(), auto: Type.Integer() }),
  },
  { $id: 'StatisticsResponse' },
);

function words(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((w): w is string => typeof w === 'string') : [];
}

export function toFlaggedContent(row: FlagRow) {
  const id = Number(row.content_id);
  return {
    id: row.id,
    content_item_id: row.content_source === 'items' ? id : null,
    content_item_auto_id: row.content_source === 'auto' ? id : null,
    content_source: row.content_source === 'items' ? 'regular' : 'auto',
    flagged_text: row.flagged_text,
    flagged_words: words(row.flagged_words),
    total_problem_words: row.total_problem_words,
    total_words: row.total_words,
    problem_percentage: Number(row.problem_percentage),
    risk_score: Number(row.risk_score),
    creator_id: row.creator_id,
    flagged_at: isoNaive(row.flagged_at) as string,
    reviewed: row.reviewed,
    reviewed_at: isoNaive(row.reviewed_at),
    reviewed_by: row.reviewed_by,
    notes: row.notes,
  };
}
