import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type RequestBodyOf, type ResponseOf } from '../lib/api-client';
import { useUserId } from '../lib/current-user';

export type GenerationJob = ResponseOf<'/api/v1/generation-jobs/{job_id}', 'get'>;
export type CheckpointModel = ResponseOf<'/api/v1/checkpoint-models/', 'get'>['items'][number];
export type LoraModel = ResponseOf<'/api/v1/lora-models/', 'get'>['items'][number];

export const ACTIVE_STATUSES = new Set(['pending', 'running', 'processing', 'started']);

export function useCheckpoints() {
  return useQuery({
    queryKey: ['models', 'checkpoints'],
    staleTime: 10 * 60_000,
    queryFn: () => unwrap(api.GET('/api/v1/checkpoint-models/')),
  });
}

/**
 * Every LoRA, all pages, so search, filters and sorting cover the whole registry and not the
 * page in view (the registry is small: tens to a few hundred models).
 */
export function useAllLoras(checkpointId: string | undefined) {
  return useQuery({
    queryKey: ['models', 'loras', checkpointId],
    staleTime: 10 * 60_000,
    queryFn: async () => {
      const all: LoraModel[] = [];
      for (let page = 1; page <= 50; page += 1) {
        const res = await unwrap(
          api.GET('/api/v1/lora-models/', { params: { query: { page, page_size: 100, ...(checkpointId ? { checkpoint_id: checkpointId } : {}) } } }),
        );
        all.push(...res.items);
        if (page >= res.pagination.total_pages || res.items.length === 0) break;
      }
      return all;
    },
  });
}

export function useJob(jobId: number | null, poll: boolean) {
  return useQuery({
    queryKey: ['generation', 'job', jobId],
    enabled: jobId !== null,
    meta: { silent: true },
    refetchInterval: poll ? 5000 : false,
    queryFn: () => unwrap(api.GET('/api/v1/generation-jobs/{job_id}', { params: { path: { job_id: jobId as number } } })),
  });
}

export function useJobHistory(q: { skip: number; limit: number; status?: string }) {
  const userId = useUserId();
  return useQuery({
    queryKey: ['generation', 'history', userId, q],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(api.GET('/api/v1/generation-jobs', { params: { query: { user_id: userId, skip: q.skip, limit: q.limit, ...(q.status ? { status: q.status } : {}) } } })),
  });
}

export type CreateJobInput = Omit<RequestBodyOf<'/api/v1/generation-jobs', 'post'>, 'user_id'>;

export function useCreateJob() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    meta: { silent: true },
    mutationFn: (body: CreateJobInput) => unwrap(api.POST('/api/v1/generation-jobs', { body: { ...body, user_id: userId } })),
    onSuccess: (job) => {
      qc.setQueryData(['generation', 'job', job.id], job);
      void qc.invalidateQueries({ queryKey: ['generation', 'history'] });
    },
  });
}

export function useCancelJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (jobId: number) => unwrap(api.POST('/api/v1/generation-jobs/{job_id}/cancel', { params: { path: { job_id: jobId } }, body: {} })),
    onSuccess: (job) => qc.setQueryData(['generation', 'job', job.id], job),
    onSettled: () => qc.invalidateQueries({ queryKey: ['generation', 'history'] }),
  });
}

export function useRetryJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (jobId: number) => unwrap(api.POST('/api/v1/generation-jobs/{job_id}/retry', { params: { path: { job_id: jobId } } })),
    onSuccess: (job) => qc.setQueryData(['generation', 'job', job.id], job),
    onSettled: () => qc.invalidateQueries({ queryKey: ['generation', 'history'] }),
  });
}

export function useDeleteJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (jobId: number) => unwrap(api.DELETE('/api/v1/generation-jobs/{job_id}', { params: { path: { job_id: jobId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['generation', 'history'] }),
  });
}
