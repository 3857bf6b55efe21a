import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ResponseOf } from '../lib/api-client';

export type GenerationTrendPoint = ResponseOf<'/api/v1/analytics/generation/trends', 'get'>['data_points'][number];

export function useRoutePriorities(q: { n: number; days: number; system: 'absolute' | 'relative' }) {
  return useQuery({
    queryKey: ['analytics', 'routes', q],
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/api/v1/analytics/routes/cache-priorities', { params: { query: { ...q, min_requests: 0, min_latency: 0 } } })),
  });
}

export function useGenerationOverview(days: number) {
  return useQuery({
    queryKey: ['analytics', 'generation', 'overview', days],
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/api/v1/analytics/generation/overview', { params: { query: { days } } })),
  });
}

export function useGenerationTrends(days: number) {
  return useQuery({
    queryKey: ['analytics', 'generation', 'trends', days],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(api.GET('/api/v1/analytics/generation/trends', { params: { query: { days, interval: days > 2 ? 'daily' : 'hourly' } } })),
  });
}
