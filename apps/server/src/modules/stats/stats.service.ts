import type { Database, Queryable, Transaction } from '../../db/database.ts';
import { refreshGenSourceStats, refreshTagCardinality } from './stats.queries.ts';

export interface StatisticsRefresh {
  tagCardinalityRows: number;
  genSourceRows: number;
  ms: number;
}

function isDatabase(db: Queryable): db is Database {
  return typeof (db as Partial<Database>).transaction === 'function';
}

/**
 * Recomputes `tag_cardinality_stats` (per tag and source) and `gen_source_stats` (per creator
 * and source, plus community totals) from the live tables. On a Database it runs in one
 * transaction without the API's statement timeout (a full GROUP BY over tens of millions of
 * links takes longer than a request may); on a transaction it joins the caller's.
 */
export async function refreshStatistics(db: Queryable): Promise<StatisticsRefresh> {
  const started = Date.now();
  const run = async (q: Queryable) => {
    const tagCardinalityRows = await refreshTagCardinality(q);
    const genSourceRows = await refreshGenSourceStats(q);
    return { tagCardinalityRows, genSourceRows };
  };
  const counts = isDatabase(db)
    ? await db.transaction(async (tx: Transaction) => {
        await tx.query('SET LOCAL statement_timeout = 0');
        return run(tx);
      })
    : await run(db);
  return { ...counts, ms: Date.now() - started };
}
