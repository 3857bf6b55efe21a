import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, unwrap, type ApiPaths, type ResponseOf } from '../lib/api-client';

export type UnifiedPage = ResponseOf<'/api/v1/content/unified', 'get'>;
export type UnifiedItem = UnifiedPage['items'][number];
export type UnifiedStats = ResponseOf<'/api/v1/content/stats/unified', 'get'>;
export type ContentItem = ResponseOf<'/api/v1/content/{content_id}', 'get'>;

export const GALLERY_PAGE_SIZE = 50;

type UnifiedQuery = NonNullable<ApiPaths['/api/v1/content/unified']['get']['parameters']['query']>;

export type UnifiedFilter = Pick<UnifiedQuery, 'search_term' | 'sort_field' | 'sort_order' | 'tag'> & {
  tag_match?: string;
  user_id: string;
  content_source_types: string[];
};

/** Where a loaded page came from: an offset page number, or a keyset cursor after a known page. */
type PageParam = { page: number; cursor?: string };

/**
 * The gallery's pages: the first is fetched by page number (so a URL or "jump to" can start
 * anywhere), the following ones by the keyset cursor the server hands back (no deep OFFSET),
 * earlier ones by page number again.
 */
export function useGalleryPages(filter: UnifiedFilter | null, startPage: number, pageSize = GALLERY_PAGE_SIZE) {
  return useInfiniteQuery({
    queryKey: ['content', 'unified', filter, startPage, pageSize],
    enabled: filter !== null,
    initialPageParam: { page: startPage } as PageParam,
    queryFn: async ({ pageParam }) => {
      const query = { ...(filter as UnifiedFilter), page_size: pageSize, ...(pageParam.cursor ? { cursor: pageParam.cursor } : { page: pageParam.page }) };
      const data = await unwrap(api.GET('/api/v1/content/unified', { params: { query } }));
      return { ...data, pageNumber: pageParam.page };
    },
    getNextPageParam: (last): PageParam | undefined => {
      const next = last.pageNumber + 1;
      if (last.items.length < pageSize) return undefined;
      if (last.pagination.total_pages && next > last.pagination.total_pages) return undefined;
      return last.pagination.next_cursor ? { page: next, cursor: last.pagination.next_cursor } : { page: next };
    },
    getPreviousPageParam: (first): PageParam | undefined => (first.pageNumber > 1 ? { page: first.pageNumber - 1 } : undefined),
    placeholderData: keepPreviousData,
  });
}

/** A handful of items (dashboard sections, prev/next neighbours). */
export function useUnifiedList(
  query: Partial<UnifiedFilter> & Pick<UnifiedFilter, 'sort_field' | 'sort_order'> & { page?: number; page_size: number },
  enabled = true,
) {
  return useQuery({
    queryKey: ['content', 'unified', 'list', query],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/api/v1/content/unified', { params: { query } })),
  });
}

export function useUnifiedStats(userId: string) {
  return useQuery({
    queryKey: ['content', 'stats', userId],
    queryFn: () => unwrap(api.GET('/api/v1/content/stats/unified', { params: { query: { user_id: userId } } })),
  });
}

/** One item by id; ids are shared by both partitions, so a miss in `content` tries `content-auto`. */
export function useContentItem(id: number | null) {
  return useQuery({
    queryKey: ['content', 'item', id],
    enabled: id !== null,
    meta: { silent: true },
    queryFn: async () => {
      const params = { params: { path: { content_id: id as number } } };
      try {
        return { item: await unwrap(api.GET('/api/v1/content/{content_id}', params)), source: 'items' as const };
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
        return { item: await unwrap(api.GET('/api/v1/content-auto/{content_id}', params)), source: 'auto' as const };
      }
    },
  });
}

export type ContentTag = ResponseOf<'/api/v1/content/{content_id}/tags', 'get'>[number];

/**
 * An item's tags (by name, with their average ratings). The content responses carry no tags, so
 * this is a request of its own, to the item's partition once `useContentItem` has found it.
 */
export function useContentTags(id: number | null, source: 'items' | 'auto' | undefined) {
  return useQuery({
    queryKey: ['content', 'item', id, 'tags', source],
    enabled: id !== null && source !== undefined,
    meta: { silent: true },
    queryFn: () => {
      const params = { params: { path: { content_id: id as number } } };
      return unwrap(source === 'auto' ? api.GET('/api/v1/content-auto/{content_id}/tags', params) : api.GET('/api/v1/content/{content_id}/tags', params));
    },
  });
}

export function useDeleteContent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, source }: { id: number; source: 'items' | 'auto' }) =>
      unwrap(
        source === 'auto'
          ? api.DELETE('/api/v1/content-auto/{content_id}', { params: { path: { content_id: id } } })
          : api.DELETE('/api/v1/content/{content_id}', { params: { path: { content_id: id } } }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['content'] }),
  });
}
