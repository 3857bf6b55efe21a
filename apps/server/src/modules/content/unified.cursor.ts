import { BadRequestError } from '../../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/serialize.ts';
import type { SourceType } from './content.queries.ts';

export const UNIFIED_SORT_FIELDS = ['created_at', 'quality_score', 'title'] as const;
export type UnifiedSortField = (typeof UNIFIED_SORT_FIELDS)[number];

/**
 * The gallery cursor (spec §3.4.1): URL-safe base64 of `{"id": …, "src": …, "ts": …}` with sorted
 * keys, exactly as the original emitted it for `created_at` sorts. Under the other sorts the cursor
 * also carries the sort key `"k"` (the quality score or the title), so every sort pages by keyset
 * on (key, id). A cursor that cannot be decoded, or does not carry the key the requested sort
 * needs, is a 400 (the original silently served page 1).
 */
export interface UnifiedCursor {
  id: number;
  src: SourceType;
  ts: string;
  k?: number | string;
}

const TS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

export function encodeUnifiedCursor(sort: UnifiedSortField, row: { id: number; source_type: SourceType; ts: string; key: number | string }): string {
  const payload: Record<string, unknown> = { id: row.id, src: row.source_type, ts: row.ts };
  if (sort !== 'created_at') payload.k = row.key;
  return encodeCursor(payload);
}

export function decodeUnifiedCursor(cursor: string, sort: UnifiedSortField): UnifiedCursor {
  const c = decodeCursor(cursor);
  const fail = (why: string): never => {
    throw new BadRequestError(`Invalid cursor: ${why}`);
  };
  if (!c) return fail('not a gallery cursor');
  const { id, src, ts, k } = c;
  if (!Number.isSafeInteger(id) || (id as number) < 1) fail('"id" must be a positive integer');
  if (src !== 'items' && src !== 'auto') fail('"src" must be "items" or "auto"');
  if (typeof ts !== 'string' || !TS.test(ts) || Number.isNaN(Date.parse(ts.replace(' ', 'T') + 'Z'))) fail('"ts" must be an ISO timestamp');
  if (sort === 'quality_score' && (typeof k !== 'number' || !Number.isFinite(k))) fail('it was not issued for sort_field=quality_score');
  if (sort === 'title' && typeof k !== 'string') fail('it was not issued for sort_field=title');
  return { id: id as number, src: src as SourceType, ts: ts as string, k: k as number | string | undefined };
}
