import type { Queryable } from '../../db/database.ts';

/**
 * Set-based refreshes of the statistics tables. Each is one statement pair in the caller's
 * transaction: rows that no longer occur are deleted, the rest upserted, so readers never see
 * an empty table (the original deleted everything and re-inserted row by row).
 */

/** Distinct items per tag and source, from the link table. */
export async function refreshTagCardinality(db: Queryable): Promise<number> {
  const upserted = await db.query(
    `INSERT INTO tag_cardinality_stats (tag_id, source_type, cardinality, updated_at)
     SELECT ct.tag_id, ct.source_type, count(*)::int, utc_now()
       FROM content_tags ct
      GROUP BY ct.tag_id, ct.source_type
     ON CONFLICT (tag_id, source_type)
       DO UPDATE SET cardinality = EXCLUDED.cardinality, updated_at = EXCLUDED.updated_at`,
  );
  await db.query(
    `DELETE FROM tag_cardinality_stats s
      WHERE NOT EXISTS (SELECT 1 FROM content_tags ct WHERE ct.tag_id = s.tag_id AND ct.source_type = s.source_type)`,
  );
  return upserted.rowCount;
}

/**
 * Items per creator and source, plus community-wide totals (user_id NULL) for both sources even
 * when zero, so readers always find the two community rows.
 */
export async function refreshGenSourceStats(db: Queryable): Promise<number> {
  const upserted = await db.query(
    `WITH per_user AS (
       SELECT creator_id AS user_id, source_type, count(*)::int AS n
         FROM content_items_all
        GROUP BY creator_id, source_type
     ), community AS (
       SELECT NULL::uuid AS user_id, s.source_type, coalesce(sum(p.n), 0)::int AS n
         FROM (VALUES ('items'), ('auto')) AS s(source_type)
         LEFT JOIN per_user p ON p.source_type = s.source_type
        GROUP BY s.source_type
     )
     INSERT INTO gen_source_stats (user_id, source_type, count, updated_at)
     SELECT user_id, source_type, n, utc_now() FROM per_user
     UNION ALL
     SELECT user_id, source_type, n, utc_now() FROM community
     ON CONFLICT (user_id, source_type)
       DO UPDATE SET count = EXCLUDED.count, updated_at = EXCLUDED.updated_at`,
  );
  await db.query(
    `DELETE FROM gen_source_stats g
      WHERE g.user_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM content_items_all c WHERE c.creator_id = g.user_id AND c.source_type = g.source_type)`,
  );
  return upserted.rowCount;
}
