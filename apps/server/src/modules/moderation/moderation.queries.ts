import type { Queryable } from '../../db/database.ts';
import type { SourceType } from '../content/content.queries.ts';

export interface FlagRow {
  id: number;
  content_id: number;
  content_source: SourceType;
  flagged_text: string;
  flagged_words: unknown;
  total_problem_words: number;
  total_words: number;
  problem_percentage: number;
  risk_score: number;
  creator_id: string;
  flagged_at: string;
  reviewed: boolean;
  reviewed_at: string | null;
  reviewed_by: string | null;
  notes: string | null;
}

const COLUMNS = `id, content_id, content_source, flagged_text, flagged_words, total_problem_words, total_words, problem_percentage,
  risk_score, creator_id, flagged_at, reviewed, reviewed_at, reviewed_by, notes`;

export interface NewFlag {
  contentId: number;
  source: SourceType;
  text: string;
  words: string[];
  problemWords: number;
  totalWords: number;
  percentage: number;
  risk: number;
  creatorId: string;
}

/**
 * One flag row per content item: re-flagging refreshes the metrics. A review survives only while
 * the flagged text stays the same.
 */
export async function upsertFlag(db: Queryable, f: NewFlag): Promise<FlagRow> {
  const res = await db.query<FlagRow>(
    `INSERT INTO flagged_content AS f
       (content_id, content_source, flagged_text, flagged_words, total_problem_words, total_words, problem_percentage, risk_score, creator_id)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)
     ON CONFLICT ON CONSTRAINT flagged_content_content_key DO UPDATE SET
       flagged_words = EXCLUDED.flagged_words,
       total_problem_words = EXCLUDED.total_problem_words,
       total_words = EXCLUDED.total_words,
       problem_percentage = EXCLUDED.problem_percentage,
       risk_score = EXCLUDED.risk_score,
       creator_id = EXCLUDED.creator_id,
       flagged_at = utc_now(),
       reviewed = f.reviewed AND f.flagged_text = EXCLUDED.flagged_text,
       reviewed_at = CASE WHEN f.flagged_text = EXCLUDED.flagged_text THEN f.reviewed_at END,
       reviewed_by = CASE WHEN f.flagged_text = EXCLUDED.flagged_text THEN f.reviewed_by END,
       flagged_text = EXCLUDED.flagged_text
     RETURNING ${COLUMNS}`,
    [f.contentId, f.source, f.text, JSON.stringify(f.words), f.problemWords, f.totalWords, f.percentage, f.risk, f.creatorId],
  );
  return res.rows[0] as FlagRow;
}

export async function findFlag(db: Queryable, id: number): Promise<FlagRow | null> {
  const res = await db.query<FlagRow>(`SELECT ${COLUMNS} FROM flagged_content WHERE id = $1`, [id]);
  return res.rows[0] ?? null;
}

export interface FlagFilter {
  creatorId?: string;
  source?: SourceType;
  minRisk?: number;
  maxRisk?: number;
  reviewed?: boolean;
}

function where(f: FlagFilter, params: unknown[]): string {
  const clauses: string[] = ['true'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (f.creatorId !== undefined) add('creator_id = ?', f.creatorId);
  if (f.source !== undefined) add('content_source = ?', f.source);
  if (f.minRisk !== undefined) add('risk_score >= ?', f.minRisk);
  if (f.maxRisk !== undefined) add('risk_score <= ?', f.maxRisk);
  if (f.reviewed !== undefined) add('reviewed = ?', f.reviewed);
  return clauses.join(' AND ');
}

/** Whitelisted sort columns (the wire's `problem_count` is the occurrence count). */
export const FLAG_SORTS: Record<string, string> = {
  risk_score: 'risk_score',
  flagged_at: 'flagged_at',
  problem_count: 'total_problem_words',
};

export async function listFlags(
  db: Queryable,
  f: FlagFilter,
  sort: { by: keyof typeof FLAG_SORTS; order: 'asc' | 'desc' },
  page: { offset: number; limit: number },
): Promise<FlagRow[]> {
  const params: unknown[] = [];
  const w = where(f, params);
  const dir = sort.order === 'asc' ? 'ASC' : 'DESC';
  params.push(page.limit, page.offset);
  const res = await db.query<FlagRow>(
    `SELECT ${COLUMNS} FROM flagged_content WHERE ${w}
      ORDER BY ${FLAG_SORTS[sort.by]} ${dir}, id ${dir} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return res.rows;
}

export async function countFlags(db: Queryable, f: FlagFilter): Promise<number> {
  const params: unknown[] = [];
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM flagged_content WHERE ${where(f, params)}`, params);
  return res.rows[0]?.n ?? 0;
}

export async function reviewFlag(db: Queryable, id: number, reviewed: boolean, reviewerId: string, notes: string | null): Promise<FlagRow | null> {
  const res = await db.query<FlagRow>(
    `UPDATE flagged_content SET reviewed = $2, reviewed_by = $3, reviewed_at = utc_now(), notes = COALESCE($4, notes)
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, reviewed, reviewerId, notes],
  );
  return res.rows[0] ?? null;
}

export async function deleteFlag(db: Queryable, id: number): Promise<boolean> {
  const res = await db.query('DELETE FROM flagged_content WHERE id = $1', [id]);
  return res.rowCount > 0;
}

/** Deletes the flagged content item itself; its flag row goes with it (FK cascade). */
export async function deleteFlaggedItem(db: Queryable, id: number): Promise<boolean> {
  const res = await db.query(
    `DELETE FROM content_items_all c USING flagged_content f
      WHERE f.id = $1 AND c.id = f.content_id AND c.source_type = f.content_source`,
    [id],
  );
  return res.rowCount > 0;
}

export interface FlagStatsRow {
  total: number;
  unreviewed: number;
  avg_risk: number | null;
  high_risk: number;
  regular: number;
  auto: number;
}

export async function flagStats(db: Queryable, highRisk: number): Promise<FlagStatsRow> {
  const res = await db.query<FlagStatsRow>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE NOT reviewed)::int AS unreviewed,
            avg(risk_score)::float8 AS avg_risk,
            count(*) FILTER (WHERE risk_score >= $1)::int AS high_risk,
            count(*) FILTER (WHERE content_source = 'items')::int AS regular,
            count(*) FILTER (WHERE content_source = 'auto')::int AS auto
       FROM flagged_content`,
    [highRisk],
  );
  return res.rows[0] as FlagStatsRow;
}

export interface ScanItem {
  id: number;
  creator_id: string;
  text: string;
}

/**
 * One batch of items to scan in id order after `afterId`. The scanned text is the prompt (the
 * metadata's prompt, then the title, when it is empty). Without `includeFlagged`, items that
 * already have a flag row are skipped.
 */
export async function scanBatch(db: Queryable, source: SourceType, afterId: number, limit: number, includeFlagged: boolean): Promise<ScanItem[]> {
  const table = source === 'items' ? 'content_items' : 'content_items_auto';
  const res = await db.query<ScanItem>(
    `SELECT c.id, c.creator_id, COALESCE(NULLIF(c.prompt, ''), NULLIF(c.item_metadata->>'prompt', ''), c.title) AS text
       FROM ${table} c
      WHERE c.id > $1
        AND ($3::boolean OR NOT EXISTS (SELECT 1 FROM flagged_content f WHERE f.content_id = c.id AND f.content_source = $4))
      ORDER BY c.id
      LIMIT $2`,
    [afterId, limit, includeFlagged, source],
  );
  return res.rows;
}
