import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ResponseOf } from '../lib/api-client';

export type ApiTokenInfo = ResponseOf<'/api/v1/auth/tokens', 'get'>[number];
export type CreatedApiToken = ResponseOf<'/api/v1/auth/tokens', 'post'>;

/** Changing the password ends every other session and answers with a new one for this tab. */
export function useChangePassword() {
  return useMutation({
    meta: { silent: true },
    mutationFn: (body: { current_password: string; new_password: string }) => unwrap(api.POST('/api/v1/auth/password', { body })),
  });
}

export function useApiTokens(enabled: boolean) {
  return useQuery({
    queryKey: ['account', 'tokens'],
    enabled,
    meta: { silent: true },
    queryFn: () => unwrap(api.GET('/api/v1/auth/tokens')),
  });
}

export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    meta: { silent: true },
    mutationFn: (body: { name: string; expires_in_days?: number | null }) => unwrap(api.POST('/api/v1/auth/tokens', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['account', 'tokens'] }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/auth/tokens/{token_id}', { params: { path: { token_id: id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['account', 'tokens'] }),
  });
}
