import { Type } from 'typebox';
import { isoNaive } from '../../platform/http/serialize.ts';
import type { SearchHistoryAggregateRow, SearchHistoryRow } from './search-history.queries.ts';

export const SearchQueryBody = Type.Object({
  search_query: Type.String({ minLength: 1, maxLength: 500 }),
});

export const SearchHistoryRecord = Type.Object(
  {
    id: Type.Integer(),
    user_id: Type.String(),
    search_query: Type.String(),
    created_at: Type.String(),
  },
  { $id: 'SearchHistoryRecord' },
);

export const SearchHistoryList = Type.Object({ items: Type.Array(SearchHistoryRecord) }, { $id: 'SearchHistoryListResponse' });

export const SearchHistoryItem = Type.Object(
  {
    search_query: Type.String(),
    search_count: Type.Integer(),
    last_searched_at: Type.String(),
    user_id: Type.String(),
  },
  { $id: 'SearchHistoryItem' },
);

export const SearchHistoryPage = Type.Object(
  {
    items: Type.Array(SearchHistoryItem),
    pagination: Type.Object({
      page: Type.Integer(),
      page_size: Type.Integer(),
      total_count: Type.Integer(),
      total_pages: Type.Integer(),
      has_next: Type.Boolean(),
      has_previous: Type.Boolean(),
    }),
  },
  { $id: 'SearchHistoryPaginatedResponse' },
);

export const DeleteSearchResponse = Type.Object({ success: Type.Boolean(), message: Type.String() });

export const ClearHistoryResponse = Type.Object({
  success: Type.Boolean(),
  deleted_count: Type.Integer(),
  message: Type.String(),
});

export function toSearchRecord(row: SearchHistoryRow) {
  return { id: row.id, user_id: row.user_id, search_query: row.search_query, created_at: isoNaive(row.created_at) ?? '' };
}

export function toSearchItem(row: SearchHistoryAggregateRow) {
  return {
    search_query: row.search_query,
    search_count: row.search_count,
    last_searched_at: isoNaive(row.last_searched_at) ?? '',
    user_id: row.user_id,
  };
}
