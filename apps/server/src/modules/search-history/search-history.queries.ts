import type { Queryable } from '../../db/database.ts';

export interface SearchHistoryRow {
  id: number;
  user_id: string;
  search_query: string;
  created_at: string;
}

export interface SearchHistoryAggregateRow {
  search_query: string;
  search_count: number;
  last_searched_at: string;
  user_id: string;
}

export async function userExists(db: Queryable, userId: string): Promise<boolean> {
  const res = await db.query('SELECT 1 FROM users WHERE id = $1', [userId]);
  return res.rows.length > 0;
}

export async function insertSearch(db: Queryable, userId: string, query: string): Promise<SearchHistoryRow> {
  const res = await db.query<SearchHistoryRow>(
    `INSERT INTO user_search_history (user_id, search_query) VALUES ($1, $2)
     RETURNING id, user_id, search_query, created_at`,
    [userId, query],
  );
  return res.rows[0];
}

export async function recentSearches(db: Queryable, userId: string, limit: number): Promise<SearchHistoryRow[]> {
  const res = await db.query<SearchHistoryRow>(
    `SELECT id, user_id, search_query, created_at
       FROM user_search_history
      WHERE user_id = $1
      ORDER BY created_at DESC, id DESC
      LIMIT $2`,
    [userId, limit],
  );
  return res.rows;
}

/** One row per distinct query (exact string), most recently used first. */
export async function aggregatedSearches(
  db: Queryable,
  userId: string,
  limit: number,
  offset: number,
): Promise<SearchHistoryAggregateRow[]> {
  const res = await db.query<SearchHistoryAggregateRow>(
    `SELECT search_query, count(*)::int AS search_count, max(created_at) AS last_searched_at, user_id
       FROM user_search_history
      WHERE user_id = $1
      GROUP BY user_id, search_query
      ORDER BY max(created_at) DESC, max(id) DESC
      LIMIT $2 OFFSET $3`,
    [userId, limit, offset],
  );
  return res.rows;
}

export async function countDistinctSearches(db: Queryable, userId: string): Promise<number> {
  const res = await db.query<{ n: number }>(
    'SELECT count(DISTINCT search_query)::int AS n FROM user_search_history WHERE user_id = $1',
    [userId],
  );
  return res.rows[0].n;
}

export async function deleteSearchesByQuery(db: Queryable, userId: string, query: string): Promise<number> {
  const res = await db.query('DELETE FROM user_search_history WHERE user_id = $1 AND search_query = $2', [userId, query]);
  return res.rowCount;
}

export async function deleteAllSearches(db: Queryable, userId: string): Promise<number> {
  const res = await db.query('DELETE FROM user_search_history WHERE user_id = $1', [userId]);
  return res.rowCount;
}
