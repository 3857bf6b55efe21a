import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../lib/api-client';
import { useUserId } from '../lib/current-user';

export function useSearchHistory(page: number, pageSize: number, enabled = true) {
  const userId = useUserId();
  return useQuery({
    queryKey: ['search-history', userId, page, pageSize],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/api/v1/users/{user_id}/search-history', { params: { path: { user_id: userId }, query: { page, page_size: pageSize } } })),
  });
}

export function useRecordSearch() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    meta: { silent: true },
    mutationFn: (query: string) => unwrap(api.POST('/api/v1/users/{user_id}/search-history', { params: { path: { user_id: userId } }, body: { search_query: query } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['search-history'] }),
  });
}

export function useDeleteSearch() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: (query: string) =>
      unwrap(api.DELETE('/api/v1/users/{user_id}/search-history/by-query', { params: { path: { user_id: userId } }, body: { search_query: query } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['search-history'] }),
  });
}

export function useClearSearchHistory() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/users/{user_id}/search-history/clear', { params: { path: { user_id: userId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['search-history'] }),
  });
}
