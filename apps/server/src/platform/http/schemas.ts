import { Type, type Static, type TSchema } from 'typebox';

/** Shared wire schemas (spec §2.0). Modules compose their own from these. */
export const Uuid = Type.String({ format: 'uuid' });
export const DateTime = Type.String({ description: 'ISO-8601 timestamp' });
export const JsonObject = Type.Record(Type.String(), Type.Unknown());
/**
 * `T | null`. A schema with one `type` becomes a type list (`["integer", "null"]`): the response
 * serialiser writes those directly, where an `anyOf` costs a runtime validation per field and row,
 * and Ajv's coercion leaves a JSON `null` alone (inside an `anyOf`, coercion while trying a branch
 * turned `null` into `0` or `""`, and unwrapped one-element arrays). Named schemas (`$id`) and
 * unions keep an `anyOf`, with null first.
 */
export const Nullable = <T extends TSchema>(schema: T) => {
  const { type, $id } = schema as { type?: unknown; $id?: unknown };
  if (typeof type === 'string' && $id === undefined) {
    return Type.Unsafe<Static<T> | null>({ ...(schema as object), type: [type, 'null'] });
  }
  return Type.Unsafe<Static<T> | null>({ anyOf: [{ type: 'null' }, schema] });
};

export const ErrorDetail = Type.Object({ detail: Type.Unknown() }, { $id: 'ErrorDetail' });

export const Success = Type.Object({ success: Type.Boolean(), message: Type.String() });

export const PaginationMeta = Type.Object({
  page: Type.Integer(),
  page_size: Type.Integer(),
  total_count: Type.Integer(),
  has_next: Type.Boolean(),
  has_previous: Type.Boolean(),
  next_cursor: Nullable(Type.String()),
  prev_cursor: Nullable(Type.String()),
  total_pages: Type.Integer(),
});

export const Paginated = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), pagination: PaginationMeta });

export const ListEnvelope = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), skip: Type.Integer(), limit: Type.Integer() });

export function paginationMeta(page: number, pageSize: number, totalCount: number, extra: { next_cursor?: string | null; prev_cursor?: string | null } = {}) {
  const totalPages = totalCount === 0 ? 0 : Math.ceil(totalCount / pageSize);
  return {
    page,
    page_size: pageSize,
    total_count: totalCount,
    has_next: page * pageSize < totalCount,
    has_previous: page > 1,
    next_cursor: extra.next_cursor ?? null,
    prev_cursor: extra.prev_cursor ?? null,
    total_pages: totalPages,
  };
}

/** Standard error responses every route can give, for the OpenAPI document. */
export const errorResponses = {
  404: ErrorDetail,
  422: ErrorDetail,
} as const;
