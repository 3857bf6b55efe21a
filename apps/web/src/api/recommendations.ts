import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ResponseOf } from '../lib/api-client';
import { useUserId } from '../lib/current-user';

export type RecommendationWithContent = ResponseOf<'/api/v1/recommendations/user/{user_id}/recommendations', 'get'>['items'][number];

/** A page of the user's recommendations, each with its item (title, creator, thumbnail) in the same answer. */
export function useRecommendations(skip: number, limit: number, unservedOnly: boolean) {
  const userId = useUserId();
  return useQuery({
    queryKey: ['recommendations', userId, skip, limit, unservedOnly],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/recommendations/user/{user_id}/recommendations', {
          params: { path: { user_id: userId }, query: { skip, limit, unserved_only: unservedOnly, include_content: true } },
        }),
      ),
  });
}

export function useMarkServed() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) => unwrap(api.POST('/api/v1/recommendations/served', { body: { recommendation_ids: ids } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['recommendations'] }),
  });
}
