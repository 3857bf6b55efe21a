import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { ErrorDetail, Success, Uuid } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import { accessOf } from '../auth/access.ts';
import {
  INT4_MAX,
  Notification,
  NotificationCreateBody,
  NotificationList,
  NotificationTypeSchema,
  UnreadCount,
} from './notifications.schemas.ts';

const UserQuery = Type.Object({ user_id: Uuid });
const IdParams = Type.Object({ notification_id: Type.Integer({ minimum: 1, maximum: INT4_MAX }) });

export async function notificationsRoutes(root: TypedApp, services: Services): Promise<void> {
  await root.register(async (scope) => {
    await declareRoutes(scope.withTypeProvider<TypeBoxTypeProvider>(), services);
  });
}

async function declareRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['notifications'];
  const base = '/api/v1/notifications';
  const svc = () => services.notifications;

  app.get(
    `${base}/`,
    {
      schema: {
        tags,
        summary: "A user's notifications, newest first",
        querystring: Type.Object({
          user_id: Uuid,
          skip: Type.Integer({ minimum: 0, maximum: INT4_MAX, default: 0 }),
          limit: Type.Integer({ minimum: 0, maximum: 1000, default: 10 }),
          unread_only: Type.Boolean({ default: false }),
          notification_types: Type.Optional(Type.Array(NotificationTypeSchema, { maxItems: 50 })),
        }),
        response: { 200: NotificationList, 422: ErrorDetail },
      },
    },
    async (request) => {
      const q = request.query;
      return svc().list(q.user_id, { skip: q.skip, limit: q.limit, unreadOnly: q.unread_only, types: q.notification_types ?? null });
    },
  );

  app.post(
    `${base}/`,
    {
      schema: {
        tags,
        summary: 'Create a notification (admin/system use)',
        body: NotificationCreateBody,
        response: { 201: Notification, 403: ErrorDetail, 404: ErrorDetail, 422: ErrorDetail },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const created = await svc().create(accessOf(request), b.user_id, {
        title: b.title,
        message: b.message,
        notification_type: b.notification_type,
        related_job_id: b.related_job_id ?? null,
        related_content_id: b.related_content_id ?? null,
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    `${base}/unread/count`,
    { schema: { tags, summary: 'Number of unread notifications', querystring: UserQuery, response: { 200: UnreadCount, 422: ErrorDetail } } },
    async (request) => svc().unreadCount(request.query.user_id),
  );

  app.put(
    `${base}/read-all`,
    { schema: { tags, summary: "Mark all of a user's notifications read", querystring: UserQuery, response: { 200: Success, 422: ErrorDetail } } },
    async (request) => svc().markAllRead(request.query.user_id),
  );

  app.get(
    `${base}/:notification_id`,
    {
      schema: { tags, summary: 'One notification', params: IdParams, querystring: UserQuery, response: { 200: Notification, 404: ErrorDetail, 422: ErrorDetail } },
    },
    async (request) => svc().get(request.query.user_id, request.params.notification_id),
  );

  app.put(
    `${base}/:notification_id/read`,
    {
      schema: { tags, summary: 'Mark read', params: IdParams, querystring: UserQuery, response: { 200: Notification, 404: ErrorDetail, 422: ErrorDetail } },
    },
    async (request) => svc().markRead(request.query.user_id, request.params.notification_id),
  );

  app.put(
    `${base}/:notification_id/unread`,
    {
      schema: { tags, summary: 'Mark unread', params: IdParams, querystring: UserQuery, response: { 200: Notification, 404: ErrorDetail, 422: ErrorDetail } },
    },
    async (request) => svc().markUnread(request.query.user_id, request.params.notification_id),
  );

  app.delete(
    `${base}/:notification_id`,
    {
      schema: { tags, summary: 'Delete a notification', params: IdParams, querystring: UserQuery, response: { 200: Success, 404: ErrorDetail, 422: ErrorDetail } },
    },
    async (request) => svc().delete(request.query.user_id, request.params.notification_id),
  );
}
