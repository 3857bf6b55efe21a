import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ResponseOf } from '../lib/api-client';

export type FlaggedItem = ResponseOf<'/api/v1/admin/flagged-content/', 'get'>['items'][number];

export interface FlaggedQuery {
  page: number;
  page_size: number;
  content_source?: string;
  min_risk_score: number;
  max_risk_score: number;
  reviewed?: boolean;
  sort_by: string;
  sort_order: string;
}

export function useFlaggedContent(q: FlaggedQuery) {
  return useQuery({
    queryKey: ['moderation', 'flagged', q],
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/api/v1/admin/flagged-content/', { params: { query: q } })),
  });
}

export function useReviewFlagged() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reviewedBy, notes }: { id: number; reviewedBy: string; notes: string }) =>
      unwrap(
        api.PUT('/api/v1/admin/flagged-content/{flagged_content_id}/review', {
          params: { path: { flagged_content_id: id } },
          body: { reviewed: true, reviewed_by: reviewedBy, notes: notes || null },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ['moderation'] }),
  });
}

export function useDeleteFlagged() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) =>
      ids.length === 1
        ? unwrap(api.DELETE('/api/v1/admin/flagged-content/{flagged_content_id}', { params: { path: { flagged_content_id: ids[0] as number }, query: { delete_content: true } } })).then(() => ({
            deleted_count: 1,
            errors: [],
          }))
        : unwrap(api.POST('/api/v1/admin/flagged-content/bulk-delete', { body: { ids, delete_content: true } })),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['moderation'] });
      void qc.invalidateQueries({ queryKey: ['content'] });
    },
  });
}
