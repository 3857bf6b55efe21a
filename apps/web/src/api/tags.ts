import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ResponseOf } from '../lib/api-client';
import { useUserId } from '../lib/current-user';

export type TagHierarchy = ResponseOf<'/api/v1/tags/hierarchy', 'get'>;
export type TagNode = TagHierarchy['nodes'][number];
export type TagDetail = ResponseOf<'/api/v1/tags/{tag_identifier}', 'get'>;

/** The whole hierarchy (a few hundred tags): the name↔id map for URLs and the tree's data. */
export function useTagHierarchy(includeRatings = false) {
  return useQuery({
    queryKey: ['tags', 'hierarchy', includeRatings],
    staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/v1/tags/hierarchy', { params: { query: { include_ratings: includeRatings } } })),
  });
}

export function useRefreshHierarchy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/tags/hierarchy/refresh')),
    onSettled: () => qc.invalidateQueries({ queryKey: ['tags'] }),
  });
}

export function useTagDetail(identifier: string | undefined) {
  const userId = useUserId();
  return useQuery({
    queryKey: ['tags', 'detail', identifier, userId],
    enabled: Boolean(identifier),
    meta: { silent: true },
    queryFn: () =>
      unwrap(api.GET('/api/v1/tags/{tag_identifier}', { params: { path: { tag_identifier: identifier as string }, query: { user_id: userId } } })),
  });
}

export function useRateTag(tagId: string) {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: (rating: number | null): Promise<unknown> =>
      rating === null
        ? unwrap(api.DELETE('/api/v1/tags/{tag_id}/rate', { params: { path: { tag_id: tagId }, query: { user_id: userId } } }))
        : unwrap(api.POST('/api/v1/tags/{tag_id}/rate', { params: { path: { tag_id: tagId }, query: { user_id: userId, rating } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['tags'] }),
  });
}

export function useFavoriteTag(tagId: string) {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: (favorite: boolean) =>
      favorite
        ? unwrap(api.POST('/api/v1/tags/{tag_id}/favorite', { params: { path: { tag_id: tagId }, query: { user_id: userId } } }))
        : unwrap(api.DELETE('/api/v1/tags/{tag_id}/favorite', { params: { path: { tag_id: tagId }, query: { user_id: userId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['tags'] }),
  });
}

export function usePopularTags(limit: number, contentSource?: string) {
  return useQuery({
    queryKey: ['tags', 'popular', limit, contentSource],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(api.GET('/api/v1/tags/popular', { params: { query: { limit, ...(contentSource ? { content_source: contentSource } : {}) } } })),
  });
}
