/**
 * Tag search syntax (spec §5.2): a query wrapped in double quotes is one case-insensitive
 * substring; otherwise whitespace and commas separate tokens and a tag matches when its name
 * contains any token. Returns null for "no filter".
 */
/** More tokens than this are ignored (each is one ILIKE). */
export const MAX_TOKENS = 32;

export function parseTagSearch(query: string | undefined | null): string[] | null {
  if (query === undefined || query === null) return null;
  const trimmed = query.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    const phrase = trimmed.slice(1, -1).trim();
    return phrase ? [phrase] : null;
  }
  const tokens = [...new Set(trimmed.split(/[\s,]+/).filter((t) => t.length > 0))].slice(0, MAX_TOKENS);
  return tokens.length ? tokens : null;
}

export interface TagSort {
  orderBy: string;
  byRating: boolean;
}

/** Whitelisted ORDER BY clauses; `t` = tags, `r` = per-tag rating aggregate. */
const SORTS: Record<string, TagSort> = {
  'name-asc': { orderBy: 't.name ASC, t.id', byRating: false },
  'name-desc': { orderBy: 't.name DESC, t.id', byRating: false },
  'created-asc': { orderBy: 't.created_at ASC, t.name, t.id', byRating: false },
  'created-desc': { orderBy: 't.created_at DESC, t.name, t.id', byRating: false },
  'updated-asc': { orderBy: 't.updated_at ASC, t.name, t.id', byRating: false },
  'updated-desc': { orderBy: 't.updated_at DESC, t.name, t.id', byRating: false },
  'rating-asc': { orderBy: '(r.n IS NULL), r.avg ASC, t.name, t.id', byRating: true },
  'rating-desc': { orderBy: '(r.n IS NULL), r.avg DESC, t.name, t.id', byRating: true },
};
const LEGACY: Record<string, string> = { name: 'name-asc', created_at: 'created-desc', updated_at: 'updated-desc' };

/** Any casing of a known value; legacy `name`/`created_at`/`updated_at`; anything else → name-asc. */
export function resolveTagSort(sort: string | undefined): TagSort {
  const key = (sort ?? '').trim().toLowerCase();
  return SORTS[key] ?? SORTS[LEGACY[key] ?? 'name-asc'];
}

/** The URL slug of a tag name, as `SLUG_SQL` computes it in the database. */
export function tagSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(text: string): boolean {
  return UUID_RE.test(text);
}
