import { BadRequestError, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import type { Runtime } from '../../platform/runtime.ts';
import {
  aggregatedSearches,
  countDistinctSearches,
  deleteAllSearches,
  deleteSearchesByQuery,
  insertSearch,
  recentSearches,
  userExists,
} from './search-history.queries.ts';
import { toSearchItem, toSearchRecord } from './search-history.schemas.ts';

export const EMPTY_QUERY_MESSAGE = 'Search query cannot be empty';
const MAX_QUERY_LENGTH = 500;

/** A user's search history: every executed search is stored; listings aggregate per distinct query. */
export class SearchHistoryService {
  constructor(private readonly runtime: Runtime) {}

  /**
   * Stores one executed search (trimmed). Other modules call this when a search runs, e.g. the
   * unified gallery with a `search_term`. Unknown user → 404; blank query → 400.
   */
  async record(userId: string, query: string) {
    const trimmed = query.trim();
    if (trimmed.length === 0) throw new BadRequestError(EMPTY_QUERY_MESSAGE);
    if (trimmed.length > MAX_QUERY_LENGTH) throw new BadRequestError(`Search query must be at most ${MAX_QUERY_LENGTH} characters`);
    const { db } = this.runtime;
    if (!(await userExists(db, userId))) throw new NotFoundError('User', userId);
    return toSearchRecord(await insertSearch(db, userId, trimmed));
  }

  async recent(userId: string, limit: number) {
    const rows = await recentSearches(this.runtime.db, userId, limit);
    return { items: rows.map(toSearchRecord) };
  }

  async list(userId: string, page: number, pageSize: number) {
    const { db } = this.runtime;
    const [rows, total] = await Promise.all([
      aggregatedSearches(db, userId, pageSize, (page - 1) * pageSize),
      countDistinctSearches(db, userId),
    ]);
    const totalPages = total === 0 ? 0 : Math.ceil(total / pageSize);
    return {
      items: rows.map(toSearchItem),
      pagination: {
        page,
        page_size: pageSize,
        total_count: total,
        total_pages: totalPages,
        has_next: page < totalPages,
        has_previous: page > 1,
      },
    };
  }

  /** Deletes every stored use of exactly this query (case-sensitive, as sent). */
  async deleteByQuery(userId: string, query: string) {
    const deleted = await deleteSearchesByQuery(this.runtime.db, userId, query);
    if (deleted === 0) throw new HttpError(404, 'Search history item not found or unauthorized');
    return { success: true, message: 'Search history deleted successfully' };
  }

  async clear(userId: string) {
    const deleted = await deleteAllSearches(this.runtime.db, userId);
    return { success: true, deleted_count: deleted, message: `Cleared ${deleted} search history item(s)` };
  }
}
