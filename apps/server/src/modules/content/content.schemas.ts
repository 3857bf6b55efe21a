import { Type, type Static, type TSchema } from 'typebox';
import { JsonObject, Nullable, PaginationMeta } from '../../platform/http/schemas.ts';
import { isoNaive } from '../../platform/http/serialize.ts';
import type { ContentRow } from './content.queries.ts';

export const CONTENT_TYPES = ['text', 'image', 'video', 'audio'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** Content ids are bigint (one sequence for both partitions); JSON numbers are exact up to 2^53. */
export const ContentId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const ContentTypeSchema = Type.Unsafe<ContentType>({ type: 'string', enum: [...CONTENT_TYPES], description: 'Content type' });
export const MAX_TAGS = 20;

/**
 * A nullable request field. Ajv's coercion would turn `null` into `""`/`0` on the first branch of
 * an anyOf, so the type is a list instead.
 */
export const NullableInput = <T extends TSchema>(schema: T) => {
  const { type, ...rest } = schema as unknown as { type: string } & Record<string, unknown>;
  return Type.Unsafe<Static<T> | null>({ ...rest, type: [type, 'null'] });
};

/** Regular and auto content share this wire shape (spec §2.0 "Content"). Other modules embed it. */
export const Content = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    content_type: Type.String(),
    content_data: Type.String(),
    path_thumb: Nullable(Type.String()),
    path_thumbs_alt_res: Nullable(Type.Record(Type.String(), Type.String())),
    prompt: Nullable(Type.String()),
    item_metadata: JsonObject,
    creator_id: Type.String({ format: 'uuid' }),
    creator_username: Nullable(Type.String()),
    created_at: Type.String(),
    quality_score: Type.Number(),
    is_private: Type.Boolean(),
  },
  { $id: 'Content' },
);
export type ContentWire = Static<typeof Content>;

/** An id-less copy for responses that embed the shape where `Content` already occurs. */
export const ContentInline = Type.Object(Content.properties);

export const ContentList = Type.Object(
  { items: Type.Array(Content), total: Type.Integer(), skip: Type.Integer(), limit: Type.Integer() },
  { $id: 'ContentListResponse' },
);

export const ContentPage = Type.Object({ items: Type.Array(Content), pagination: PaginationMeta }, { $id: 'ContentPageResponse' });

export const ContentStats = Type.Object(
  {
    total_content: Type.Integer(),
    private_content: Type.Integer(),
    type_breakdown: Type.Record(Type.String(), Type.Integer()),
  },
  { $id: 'ContentStatsResponse' },
);

const Tags = Type.Array(Type.String({ maxLength: 255 }), { maxItems: 200 });

export const ContentCreateBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 255 }),
    content_type: ContentTypeSchema,
    content_data: Type.String({ minLength: 1, maxLength: 100_000 }),
    prompt: Type.String({ minLength: 1, maxLength: 20_000 }),
    creator_id: Type.String({ format: 'uuid' }),
    item_metadata: Type.Optional(NullableInput(JsonObject)),
    tags: Type.Optional(NullableInput(Tags)),
    is_private: Type.Optional(Type.Boolean({ default: false })),
  },
  { $id: 'ContentCreateRequest' },
);

export const ContentUpdateBody = Type.Object(
  {
    title: Type.Optional(NullableInput(Type.String({ minLength: 1, maxLength: 255 }))),
    content_data: Type.Optional(NullableInput(Type.String({ minLength: 1, maxLength: 100_000 }))),
    item_metadata: Type.Optional(NullableInput(JsonObject)),
    tags: Type.Optional(NullableInput(Tags)),
    is_private: Type.Optional(NullableInput(Type.Boolean())),
    // Accepted so the immutability rule can answer with a clear 422 instead of silently ignoring it.
    prompt: Type.Optional(NullableInput(Type.String({ maxLength: 20_000 }))),
  },
  { $id: 'ContentUpdateRequest' },
);

export const QualityBody = Type.Object({ quality_score: Type.Number({ minimum: 0, maximum: 1 }) }, { $id: 'ContentQualityUpdateRequest' });

export const ContentSearchBody = Type.Object(
  {
    search_term: Type.Optional(NullableInput(Type.String({ maxLength: 500 }))),
    content_type: Type.Optional(NullableInput(ContentTypeSchema)),
    creator_id: Type.Optional(NullableInput(Type.String({ format: 'uuid' }))),
    metadata_filter: Type.Optional(NullableInput(JsonObject)),
    tags: Type.Optional(NullableInput(Tags)),
    public_only: Type.Optional(Type.Boolean({ default: false })),
    skip: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { $id: 'ContentSearchRequest' },
);

/**
 * `item_metadata.tags`, when a list, is shown de-duplicated with non-strings dropped (first
 * occurrence kept), as the original did.
 */
function cleanMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const tags = metadata.tags;
  if (!Array.isArray(tags)) return metadata;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags) {
    if (typeof t === 'string' && !seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  }
  return { ...metadata, tags: out };
}

function stringMap(value: unknown): Record<string, string> | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A content row of either partition (with `creator_username` joined) → the `Content` wire shape. */
export function toContent(row: ContentRow): ContentWire {
  return {
    id: Number(row.id),
    title: row.title,
    content_type: row.content_type,
    content_data: row.content_data,
    path_thumb: row.path_thumb ?? null,
    path_thumbs_alt_res: stringMap(row.path_thumbs_alt_res),
    prompt: row.prompt ?? null,
    item_metadata: cleanMetadata((row.item_metadata ?? {}) as Record<string, unknown>),
    creator_id: row.creator_id,
    creator_username: row.creator_username ?? null,
    created_at: isoNaive(row.created_at) as string,
    quality_score: Number(row.quality_score),
    is_private: row.is_private,
  };
}

/** Trims, drops blanks and de-duplicates the tag strings of a create/update body (>20 → 422). */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))];
}
