import { BadRequestError } from '../../platform/http/errors.ts';

/**
 * Cursor of the page/page_size listings that are not the gallery (users list, content by
 * creator/type/public; spec §3.4.2): standard base64 of `{"id": <id>, "<sort_field>": "<value>"}`,
 * plus `"dir": "prev"` on a previous-page cursor. Unlike the original, the filter is a real keyset
 * on (sort value, id), the page offset is not added on top, and an undecodable cursor is a 400
 * instead of silently serving page 1.
 */
export interface PageCursor {
  id: string | number;
  value: string | number;
  after: boolean;
}

export function encodePageCursor(field: string, id: string | number, value: string | number, after = true): string {
  const payload: Record<string, unknown> = { id, [field]: String(value) };
  if (!after) payload.dir = 'prev';
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
}

export function decodePageCursor(cursor: string, field: string, idKind: 'int' | 'uuid'): PageCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
  } catch {
    parsed = null;
  }
  const obj = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  const id = obj?.id;
  const value = obj?.[field];
  const idOk = idKind === 'int' ? Number.isSafeInteger(id) && (id as number) > 0 : typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id);
  if (!obj || !idOk || (typeof value !== 'string' && typeof value !== 'number')) {
    throw new BadRequestError(`Invalid cursor: not a cursor of a listing sorted by ${field}`);
  }
  if (field === 'created_at' || field === 'updated_at') {
    if (Number.isNaN(Date.parse(String(value).replace(' ', 'T')))) throw new BadRequestError('Invalid cursor: bad timestamp');
  }
  if (field === 'quality_score' && !Number.isFinite(Number(value))) throw new BadRequestError('Invalid cursor: bad sort value');
  return { id: id as string | number, value: value as string | number, after: obj.dir !== 'prev' };
}

export interface PageWindow<T> {
  items: T[];
  hasMoreAfter: boolean;
  hasMoreBefore: boolean;
}

/**
 * Pagination metadata for a page fetched with one extra row of look-ahead. `total_count` is exact
 * for these listings.
 */
export function pageMeta(
  page: number,
  pageSize: number,
  totalCount: number,
  next: string | null,
  prev: string | null,
  hasNext: boolean,
  hasPrevious: boolean,
) {
  return {
    page,
    page_size: pageSize,
    total_count: totalCount,
    has_next: hasNext,
    has_previous: hasPrevious,
    next_cursor: next,
    prev_cursor: prev,
    total_pages: totalCount === 0 ? 0 : Math.ceil(totalCount / pageSize),
  };
}
