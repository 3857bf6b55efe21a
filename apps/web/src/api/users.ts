import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../lib/api-client';
import { useUserId } from '../lib/current-user';

export function useCurrentProfile() {
  const userId = useUserId();
  return useQuery({
    queryKey: ['users', userId],
    meta: { silent: true },
    queryFn: () => unwrap(api.GET('/api/v1/users/{user_id}', { params: { path: { user_id: userId } } })),
  });
}

export function useUpdateProfile() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    meta: { silent: true },
    mutationFn: (body: { username: string; email: string }) => unwrap(api.PUT('/api/v1/users/{user_id}', { params: { path: { user_id: userId } }, body })),
    onSuccess: (user) => qc.setQueryData(['users', userId], user),
  });
}

export function useUpdatePreferences() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: (preferences: Record<string, unknown>) =>
      unwrap(api.PUT('/api/v1/users/{user_id}/preferences', { params: { path: { user_id: userId } }, body: { preferences } })),
    onSuccess: (user) => qc.setQueryData(['users', userId], user),
  });
}
