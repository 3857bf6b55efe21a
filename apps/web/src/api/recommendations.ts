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

export type RecommendationGeneration = ResponseOf<'/api/v1/recommendations/generate', 'post'>;

/**
 * Runs the recommender for the current user (POST /recommendations/generate): it replaces their
 * unserved recommendations with a fresh ranking. The mutation stays pending until the list has
 * been fetched again, so the page shows progress until the new rows are on screen. Errors are
 * shown by the page, not as a toast.
 */
export function useGenerateRecommendations() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    // The server runs its current algorithm whatever is asked and records the request; "latest" says so.
    mutationFn: (limit: number) => unwrap(api.POST('/api/v1/recommendations/generate', { body: { user_id: userId, algorithm_version: 'latest', limit } })),
    meta: { silent: true },
    onSettled: () => qc.invalidateQueries({ queryKey: ['recommendations'] }),
  });
}
