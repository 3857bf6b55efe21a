import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, unwrap } from '../lib/api-client';
import { useUserId } from '../lib/current-user';

/** The user's 1–5 rating of an item (a `rate` interaction), or null when not rated. */
export function useMyRating(contentId: number | null) {
  const userId = useUserId();
  return useQuery({
    queryKey: ['interactions', 'rating', userId, contentId],
    enabled: contentId !== null,
    meta: { silent: true },
    queryFn: async () => {
      try {
        return await unwrap(
          api.GET('/api/v1/interactions/user/{user_id}/content/{content_item_id}/{interaction_type}', {
            params: { path: { user_id: userId, content_item_id: contentId as number, interaction_type: 'rate' } },
          }),
        );
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
}

export function useRate(contentId: number) {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: async ({ existingId, rating }: { existingId: number | null; rating: number | null }) => {
      if (existingId !== null && rating === null) return unwrap(api.DELETE('/api/v1/interactions/{interaction_id}', { params: { path: { interaction_id: existingId } } }));
      if (existingId !== null) return unwrap(api.PUT('/api/v1/interactions/{interaction_id}', { params: { path: { interaction_id: existingId } }, body: { rating } }));
      return unwrap(api.POST('/api/v1/interactions/', { body: { user_id: userId, content_item_id: contentId, interaction_type: 'rate', rating } }));
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['interactions', 'rating', userId, contentId] }),
  });
}
