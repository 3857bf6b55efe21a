import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, unwrap, wsUrl, type ResponseOf } from '../lib/api-client';
import { useUserId } from '../lib/current-user';

export type Notification = ResponseOf<'/api/v1/notifications/{notification_id}', 'get'>;
export const NOTIFICATION_TYPES = ['job_completed', 'job_failed', 'job_cancelled', 'system', 'recommendation'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
export const NOTIFICATION_TYPE_LABELS: Record<NotificationType, string> = {
  job_completed: 'Job completed',
  job_failed: 'Job failed',
  job_cancelled: 'Job cancelled',
  system: 'System',
  recommendation: 'Recommendation',
};

/** One query key for everything the bell and the page show, so they never disagree. */
const KEY = ['notifications'];

export function useUnreadCount() {
  const userId = useUserId();
  return useQuery({
    queryKey: [...KEY, 'unread', userId],
    refetchInterval: 60_000,
    meta: { silent: true },
    queryFn: async () => (await unwrap(api.GET('/api/v1/notifications/unread/count', { params: { query: { user_id: userId } } }))).unread_count,
  });
}

export function useNotifications(q: { skip: number; limit: number; unreadOnly?: boolean; types?: NotificationType[] }) {
  const userId = useUserId();
  return useQuery({
    queryKey: [...KEY, 'list', userId, q],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/notifications/', {
          params: {
            query: {
              user_id: userId,
              skip: q.skip,
              limit: q.limit,
              unread_only: q.unreadOnly ?? false,
              ...(q.types && q.types.length ? { notification_types: q.types } : {}),
            },
          },
        }),
      ),
  });
}

export function useNotification(id: number | null) {
  const userId = useUserId();
  return useQuery({
    queryKey: [...KEY, 'one', id],
    enabled: id !== null,
    meta: { silent: true },
    queryFn: () => unwrap(api.GET('/api/v1/notifications/{notification_id}', { params: { path: { notification_id: id as number }, query: { user_id: userId } } })),
  });
}

export function useSetRead() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: ({ id, read }: { id: number; read: boolean }) =>
      read
        ? unwrap(api.PUT('/api/v1/notifications/{notification_id}/read', { params: { path: { notification_id: id }, query: { user_id: userId } } }))
        : unwrap(api.PUT('/api/v1/notifications/{notification_id}/unread', { params: { path: { notification_id: id }, query: { user_id: userId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: () => unwrap(api.PUT('/api/v1/notifications/read-all', { params: { query: { user_id: userId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteNotification() {
  const qc = useQueryClient();
  const userId = useUserId();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE('/api/v1/notifications/{notification_id}', { params: { path: { notification_id: id }, query: { user_id: userId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

/**
 * Live updates: the server pushes each new notification on /ws/notifications; the queries are
 * refreshed then, and a slow poll covers a dropped socket.
 */
export function useNotificationStream(): void {
  const qc = useQueryClient();
  const userId = useUserId();
  useEffect(() => {
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let closed = false;
    const connect = () => {
      socket = new WebSocket(wsUrl(`/ws/notifications?user_id=${encodeURIComponent(userId)}`));
      socket.onopen = () => {
        attempts = 0;
      };
      socket.onmessage = (ev) => {
        try {
          const msg = JSON.parse(String(ev.data)) as { type?: string };
          if (msg.type === 'notification') void qc.invalidateQueries({ queryKey: KEY });
        } catch {
          // Not JSON: ignore.
        }
      };
      socket.onclose = () => {
        if (closed || attempts >= 5) return;
        attempts += 1;
        retry = setTimeout(connect, 3000 * attempts);
      };
    };
    connect();
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      socket?.close();
    };
  }, [qc, userId]);
}
