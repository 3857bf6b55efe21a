import { Type } from 'typebox';
import { Nullable, Uuid } from '../../platform/http/schemas.ts';
import { isoNaive } from '../../platform/http/serialize.ts';
import { NOTIFICATION_TYPES, type NotificationRow } from './notifications.queries.ts';

export const INT4_MAX = 2_147_483_647;

export const NotificationTypeSchema = Type.Union(
  NOTIFICATION_TYPES.map((t) => Type.Literal(t)),
  { description: 'Notification type' },
);

export const Notification = Type.Object(
  {
    id: Type.Integer(),
    user_id: Type.String(),
    title: Type.String(),
    message: Type.String(),
    notification_type: Type.String(),
    read_status: Type.Boolean(),
    related_job_id: Nullable(Type.Integer()),
    related_content_id: Nullable(Type.Integer()),
    created_at: Type.String(),
    read_at: Nullable(Type.String()),
  },
  { $id: 'NotificationResponse' },
);

export const NotificationList = Type.Object(
  { items: Type.Array(Notification), total: Type.Integer(), skip: Type.Integer(), limit: Type.Integer() },
  { $id: 'NotificationListResponse' },
);

export const UnreadCount = Type.Object({ unread_count: Type.Integer() }, { $id: 'UnreadCountResponse' });

export const NotificationCreateBody = Type.Object({
  user_id: Uuid,
  title: Type.String({ minLength: 1, maxLength: 255 }),
  message: Type.String({ minLength: 1, maxLength: 100_000 }),
  notification_type: NotificationTypeSchema,
  related_job_id: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: INT4_MAX }))),
  related_content_id: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }))),
});

export type NotificationWire = ReturnType<typeof toNotification>;

export function toNotification(row: NotificationRow) {
  return {
    id: row.id,
    user_id: row.user_id,
    title: row.title,
    message: row.message,
    notification_type: row.notification_type,
    read_status: row.read_status,
    related_job_id: row.related_job_id,
    related_content_id: row.related_content_id,
    created_at: isoNaive(row.created_at) ?? '',
    read_at: isoNaive(row.read_at),
  };
}
