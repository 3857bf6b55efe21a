import { useMutation, useQueries, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { api, unwrap, type ResponseOf } from '../lib/api-client';
import { useUserId } from '../lib/current-user';

export type Bookmark = ResponseOf<'/api/v1/bookmarks/{bookmark_id}', 'put'>;
export type BookmarkCategory = ResponseOf<'/api/v1/bookmark-categories/{category_id}', 'get'>;
export type BookmarkWithContent = ResponseOf<'/api/v1/bookmarks/', 'get'>['items'][number];
export type SourceType = 'items' | 'auto';
export interface ContentRef {
  content_id: number;
  content_source_type: SourceType;
}

export const bookmarkKey = (r: ContentRef) => `${r.content_id}-${r.content_source_type}`;

function statusQuery(userId: string, refs: ContentRef[]) {
  const unique = [...new Map(refs.map((r) => [bookmarkKey(r), r])).values()].slice(0, 100);
  return {
    queryKey: ['bookmarks', 'status', userId, unique.map(bookmarkKey).sort()],
    enabled: unique.length > 0,
    staleTime: 60_000,
    queryFn: async () =>
      (await unwrap(api.POST('/api/v1/bookmarks/check-batch', { params: { query: { user_id: userId } }, body: { content_items: unique } }))).bookmarks,
  };
}

/**
 * Bookmark status of a page of tiles in ONE request (check-batch takes up to 100 items); tiles
 * read their status from the result instead of each asking the server.
 */
export function useBookmarkStatuses(refs: ContentRef[]) {
  const userId = useUserId();
  return useQuery(statusQuery(userId, refs));
}

/** The same for several loaded pages at once: one request per page, merged into one lookup. */
export function useBookmarkStatusPages(pages: ContentRef[][]): Map<string, Bookmark | null> {
  const userId = useUserId();
  return useQueries({
    queries: pages.map((refs) => statusQuery(userId, refs)),
    combine: (results) => {
      const merged = new Map<string, Bookmark | null>();
      for (const r of results) if (r.data) for (const [k, v] of Object.entries(r.data)) merged.set(k, v as Bookmark | null);
      return merged;
    },
  });
}

export function useAddBookmark() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: (ref: ContentRef) => unwrap(api.POST('/api/v1/bookmarks/', { params: { query: { user_id: userId } }, body: { ...ref, pinned: false, is_public: false } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['bookmarks'] }),
  });
}

export function useRemoveBookmark() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (bookmarkId: string) => unwrap(api.DELETE('/api/v1/bookmarks/{bookmark_id}', { params: { path: { bookmark_id: bookmarkId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['bookmarks'] }),
  });
}

export function useUpdateBookmark() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; note?: string | null; pinned?: boolean; is_public?: boolean }) =>
      unwrap(api.PUT('/api/v1/bookmarks/{bookmark_id}', { params: { path: { bookmark_id: id } }, body })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['bookmarks'] }),
  });
}

export function useBookmarkMemberships(bookmarkId: string | null) {
  return useQuery({
    queryKey: ['bookmarks', 'memberships', bookmarkId],
    enabled: bookmarkId !== null,
    queryFn: () => unwrap(api.GET('/api/v1/bookmarks/{bookmark_id}/categories', { params: { path: { bookmark_id: bookmarkId as string } } })),
  });
}

export function useSyncMemberships() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: ({ bookmarkId, categoryIds }: { bookmarkId: string; categoryIds: string[] }) =>
      unwrap(
        api.PUT('/api/v1/bookmarks/{bookmark_id}/categories/sync', {
          params: { path: { bookmark_id: bookmarkId }, query: { user_id: userId } },
          body: { category_ids: categoryIds },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ['bookmarks'] }),
  });
}

export function useCategories() {
  const userId = useUserId();
  return useQuery({
    queryKey: ['bookmarks', 'categories', userId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/bookmark-categories/', { params: { query: { user_id: userId, limit: 1000, sort_field: 'name', sort_order: 'asc' } } })),
  });
}

export function useCategory(categoryId: string | undefined) {
  return useQuery({
    queryKey: ['bookmarks', 'category', categoryId],
    enabled: Boolean(categoryId),
    meta: { silent: true },
    queryFn: () => unwrap(api.GET('/api/v1/bookmark-categories/{category_id}', { params: { path: { category_id: categoryId as string } } })),
  });
}

export interface CategoryItemsQuery {
  skip: number;
  limit: number;
  sort_field: string;
  sort_order: string;
}

export function useCategoryBookmarks(categoryId: string | undefined, q: CategoryItemsQuery) {
  const userId = useUserId();
  return useQuery({
    queryKey: ['bookmarks', 'category-items', categoryId, q],
    enabled: Boolean(categoryId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/bookmark-categories/{category_id}/bookmarks', {
          params: { path: { category_id: categoryId as string }, query: { user_id: userId, ...q } },
        }),
      ),
  });
}

export interface CategoryInput {
  name: string;
  description: string | null;
  parent_id: string | null;
  is_public: boolean;
}

export function useSaveCategory() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: ({ id, ...body }: CategoryInput & { id?: string }) =>
      id
        ? unwrap(api.PUT('/api/v1/bookmark-categories/{category_id}', { params: { path: { category_id: id } }, body }))
        : unwrap(api.POST('/api/v1/bookmark-categories/', { params: { query: { user_id: userId } }, body })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['bookmarks'] }),
  });
}

/** The queries that read one category: its row and the pages of its bookmarks. */
export const categoryQueryKeys = (categoryId: string) => [
  ['bookmarks', 'category', categoryId],
  ['bookmarks', 'category-items', categoryId],
];

function readsCategory(key: QueryKey, categoryId: string): boolean {
  return key[0] === 'bookmarks' && (key[1] === 'category' || key[1] === 'category-items') && key[2] === categoryId;
}

/**
 * Deletes a category. Its own queries are never refetched afterwards: a page still showing the
 * category would get a 404 and swap to its error view while it navigates away. Unwatched copies are
 * dropped at once; the page showing it drops its own when it leaves (see BookmarkCategoryPage).
 */
export function useDeleteCategory() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, target, deleteAll }: { id: string; target?: string; deleteAll: boolean }) =>
      unwrap(
        api.DELETE('/api/v1/bookmark-categories/{category_id}', {
          params: { path: { category_id: id }, query: { ...(target ? { target_category_id: target } : {}), delete_all: deleteAll } },
        }),
      ),
    onSuccess: async (_r, { id }) => {
      for (const queryKey of categoryQueryKeys(id)) {
        await qc.cancelQueries({ queryKey });
        qc.removeQueries({ queryKey, type: 'inactive' });
      }
    },
    onSettled: (_r, err, { id }) =>
      qc.invalidateQueries({ queryKey: ['bookmarks'], predicate: (q) => err !== null || !readsCategory(q.queryKey, id) }),
  });
}

export function useAllBookmarks(q: CategoryItemsQuery) {
  const userId = useUserId();
  return useQuery({
    queryKey: ['bookmarks', 'list', userId, q],
    queryFn: () => unwrap(api.GET('/api/v1/bookmarks/', { params: { query: { user_id: userId, ...q } } })),
  });
}
