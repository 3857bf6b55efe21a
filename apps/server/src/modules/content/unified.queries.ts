import type { Queryable } from '../../db/database.ts';
import { likeContains, type SourceType } from './content.queries.ts';
import type { UnifiedSortField } from './unified.cursor.ts';

/**
 * Every SQL statement of the unified gallery (GET /content/unified, /content/enhanced and
 * /content/stats/unified). Their plans at scale are kept in docs/queries/.
 *
 * Shape of a page query:
 *   SELECT … FROM (SELECT … FROM content_items_all c
 *                  WHERE <source/visibility> AND <search terms> AND <tags> [AND (key, id) < ($k, $id)]
 *                  ORDER BY c.<key> <dir>, c.id <dir> LIMIT n [OFFSET o]) c
 *   LEFT JOIN users u …
 * - a single partition is selected with a literal `source_type = '…'` so the planner prunes the other;
 * - ORDER BY (key, id) is served by the (key, id) B-tree of each partition (MergeAppend), the
 *   keyset predicate is a row comparison on the same columns, so a page reads ~n index entries;
 * - tags go through the GIN index on `tag_ids` (`@>` = all, `&&` = any);
 * - search terms through the trigram GIN indexes on title and prompt.
 */

/** Who may appear from one partition. */
export type Visibility =
  /** The acting user's own items (private ones included). */
  | 'own'
  /** Other users' public items. */
  | 'others-public'
  /** Own items plus everyone's public ones. */
  | 'own-or-public'
  /** Every public item (no acting user). */
  | 'public'
  /** Every item, private ones included (the legacy listings that never had a user). */
  | 'all';

export interface SourceClause {
  source: SourceType;
  visibility: Visibility;
}

export interface UnifiedFilter {
  clauses: SourceClause[];
  userId: string | null;
  /** Each must occur in title or prompt (literal, case-insensitive). */
  searchTerms: string[];
  tagIds: string[];
  tagMatch: 'any' | 'all';
  /**
   * With tagMatch 'all': the rarest tag (by tag_cardinality_stats) drives the GIN scan alone and the
   * full containment is rechecked per row — cheaper than intersecting the posting lists of very
   * common tags when one tag is rare.
   */
  seedTagId?: string | null;
  contentType?: string | null;
  creatorId?: string | null;
}

export interface UnifiedRow {
  id: number;
  title: string;
  content_type: string;
  content_data: string;
  path_thumb: string | null;
  path_thumbs_alt_res: unknown;
  prompt: string | null;
  creator_id: string;
  creator_username: string | null;
  item_metadata: unknown;
  is_private: boolean;
  quality_score: number;
  created_at: string;
  updated_at: string;
  source_type: SourceType;
}

export interface Keyset {
  key: string | number;
  id: number;
}

const SORT_CAST: Record<UnifiedSortField, string> = { created_at: 'timestamp', quality_score: 'float8', title: 'text' };

function visibilitySql(v: Visibility, userParam: string | null): string {
  switch (v) {
    case 'own':
      return `c.creator_id = ${userParam}`;
    case 'others-public':
      return `(c.creator_id <> ${userParam} AND NOT c.is_private)`;
    case 'own-or-public':
      return `(c.creator_id = ${userParam} OR NOT c.is_private)`;
    case 'public':
      return 'NOT c.is_private';
    case 'all':
      return 'TRUE';
  }
}

/** The WHERE conditions of a filter, appending its parameters to `params`. */
export function unifiedWhere(f: UnifiedFilter, params: unknown[]): string[] {
  const conds: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const needsUser = f.clauses.some((c) => c.visibility !== 'public' && c.visibility !== 'all');
  const userParam = needsUser ? param(f.userId) + '::uuid' : null;
  const sources = [...new Set(f.clauses.map((c) => c.source))];
  // One partition: prune the other. Both: no condition at all (a redundant filter would keep the
  // planner from index-only scans).
  if (sources.length === 1) conds.push(`c.source_type = '${sources[0] === 'items' ? 'items' : 'auto'}'`);
  const visibilities = new Set(f.clauses.map((c) => c.visibility));
  if (visibilities.size === 1) {
    conds.push(visibilitySql(f.clauses[0].visibility, userParam));
  } else {
    conds.push(
      `(${f.clauses.map((c) => `(c.source_type = '${c.source === 'items' ? 'items' : 'auto'}' AND ${visibilitySql(c.visibility, userParam)})`).join(' OR ')})`,
    );
  }
  if (f.contentType) conds.push(`c.content_type = ${param(f.contentType)}`);
  if (f.creatorId) conds.push(`c.creator_id = ${param(f.creatorId)}::uuid`);
  for (const term of f.searchTerms) {
    const p = param(likeContains(term));
    conds.push(`(c.title ILIKE ${p} OR c.prompt ILIKE ${p})`);
  }
  if (f.tagIds.length > 0) {
    if (f.tagMatch === 'any') {
      conds.push(`c.tag_ids && ${param(f.tagIds)}::uuid[]`);
    } else if (f.seedTagId && f.tagIds.length > 1) {
      conds.push(`c.tag_ids @> ARRAY[${param(f.seedTagId)}::uuid]`);
      // Not indexable on purpose (an expression, not the column): a per-row recheck.
      conds.push(`(c.tag_ids || '{}'::uuid[]) @> ${param(f.tagIds)}::uuid[]`);
    } else {
      conds.push(`c.tag_ids @> ${param(f.tagIds)}::uuid[]`);
    }
  }
  return conds;
}

const ITEM_COLUMNS = `c.id, c.title, c.content_type, c.content_data, c.path_thumb, c.path_thumbs_alt_res, c.prompt, c.creator_id,
  u.username AS creator_username, c.item_metadata, c.is_private, c.quality_score, c.created_at, c.updated_at, c.source_type`;

/**
 * One page in display order. `keyset` selects rows strictly after (forward) or before (backward)
 * the cursor row in the requested order; backward runs reversed and flips the result back.
 * Fetch `limit` = page size + 1 to learn whether more rows follow.
 */
export async function selectUnifiedPage(
  db: Queryable,
  f: UnifiedFilter,
  sort: UnifiedSortField,
  descending: boolean,
  keyset: Keyset | null,
  backward: boolean,
  limit: number,
  offset: number,
): Promise<UnifiedRow[]> {
  const params: unknown[] = [];
  const conds = unifiedWhere(f, params);
  const desc = backward ? !descending : descending;
  if (keyset) {
    params.push(keyset.key, keyset.id);
    conds.push(`(c.${sort}, c.id) ${desc ? '<' : '>'} ($${params.length - 1}::${SORT_CAST[sort]}, $${params.length}::bigint)`);
  }
  const dir = desc ? 'DESC' : 'ASC';
  const orderBy = `c.${sort} ${dir}, c.id ${dir}`;
  params.push(limit);
  let paging = `LIMIT $${params.length}`;
  if (offset > 0) {
    params.push(offset);
    paging += ` OFFSET $${params.length}`;
  }
  const res = await db.query<UnifiedRow>(
    `SELECT ${ITEM_COLUMNS}
       FROM (SELECT c.id, c.title, c.content_type, c.content_data, c.path_thumb, c.path_thumbs_alt_res, c.prompt, c.creator_id,
                    c.item_metadata, c.is_private, c.quality_score, c.created_at, c.updated_at, c.source_type
               FROM content_items_all c
              WHERE ${conds.join('\n                AND ')}
              ORDER BY ${orderBy}
              ${paging}) c
       LEFT JOIN users u ON u.id = c.creator_id
      ORDER BY ${orderBy}`,
    params,
  );
  return backward ? res.rows.reverse() : res.rows;
}

/** Exact number of matches when it is at most `cap`; otherwise `cap + 1` (reads at most cap + 1 rows). */
export async function countUnifiedCapped(db: Queryable, f: UnifiedFilter, cap: number): Promise<number> {
  const params: unknown[] = [];
  const conds = unifiedWhere(f, params);
  params.push(cap + 1);
  const res = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM content_items_all c WHERE ${conds.join(' AND ')} LIMIT $${params.length}) s`,
    params,
  );
  return Number(res.rows[0].n);
}

/** The planner's row estimate for the filter (costs a plan, reads no rows). */
export async function estimateUnified(db: Queryable, f: UnifiedFilter): Promise<number> {
  const params: unknown[] = [];
  const conds = unifiedWhere(f, params);
  const res = await db.query<Record<string, unknown>>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM content_items_all c WHERE ${conds.join(' AND ')}`,
    params,
  );
  const raw = Object.values(res.rows[0] ?? {})[0];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan?: { 'Plan Rows'?: number } }>;
  return Math.round(Number(plan?.[0]?.Plan?.['Plan Rows'] ?? 0));
}

/** Items per tag in the given partitions, from the scheduled statistics (missing tags absent). */
export async function tagCardinalities(db: Queryable, tagIds: readonly string[], sources: readonly SourceType[]): Promise<Map<string, number>> {
  const res = await db.query<{ tag_id: string; n: number }>(
    `SELECT tag_id, sum(cardinality)::bigint AS n FROM tag_cardinality_stats
      WHERE tag_id = ANY($1::uuid[]) AND source_type = ANY($2::text[])
      GROUP BY tag_id`,
    [tagIds, sources],
  );
  return new Map(res.rows.map((r) => [r.tag_id, Number(r.n)]));
}
