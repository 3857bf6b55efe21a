import { Type } from 'typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { ErrorDetail, Success } from '../../platform/http/schemas.ts';
import { InteractionList } from '../interactions/interactions.schemas.ts';
import type { Services } from '../services.ts';
import { accessOf } from '../auth/access.ts';
import {
  PreferencesBody,
  User,
  UserActivityStats,
  UserCreateBody,
  UserList,
  UserOverview,
  UserPage,
  UserSearchBody,
  UserUpdateBody,
} from './users.schemas.ts';

const IdParams = Type.Object({ user_id: Type.String({ format: 'uuid' }) });
const Skip = Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 });
const Limit = Type.Integer({ minimum: 1, maximum: 1000, default: 100 });
const errors = { 400: ErrorDetail, 404: ErrorDetail, 422: ErrorDetail };
/** The account directory (every user, e-mails included), account creation and (de)activation: administrators only in required mode. */
const adminOnly = { adminOnly: true };

export async function usersRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['users'];
  const base = '/api/v1/users';
  const svc = () => services.users;

  app.post(
    `${base}/`,
    { config: adminOnly, schema: { tags, summary: 'Create a user (active)', body: UserCreateBody, response: { 201: User, ...errors } } },
    async (request, reply) => reply.code(201).send(await svc().create(request.body)),
  );

  app.get(
    `${base}/`,
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Users, paged (keyset cursor; sort by created_at, updated_at, username or email)',
        querystring: Type.Object({
          page: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 1 }),
          page_size: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
          cursor: Type.Optional(Type.String({ maxLength: 2000 })),
          sort_field: Type.Optional(Type.String({ maxLength: 50 })),
          sort_order: Type.String({ pattern: '^(asc|desc)$', default: 'desc' }),
          active_only: Type.Boolean({ default: false }),
          preferences_filter: Type.Optional(Type.String({ maxLength: 10_000, description: 'JSON object; every key must equal' })),
        }),
        response: { 200: UserPage, ...errors },
      },
    },
    async (request) => svc().paged(request.query),
  );

  app.get(
    `${base}/search`,
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Users, skip/limit (oldest first)',
        querystring: Type.Object({ active_only: Type.Boolean({ default: false }), skip: Skip, limit: Limit }),
        response: { 200: UserList, ...errors },
      },
    },
    async (request) => svc().search(request.query),
  );

  app.post(
    `${base}/search`,
    { config: adminOnly, schema: { tags, summary: 'Users matching a preferences filter (every key equal), skip/limit', body: UserSearchBody, response: { 200: UserList, ...errors } } },
    async (request) => svc().search(request.body),
  );

  app.get(
    `${base}/stats/overview`,
    { schema: { tags, summary: 'Total, active and inactive users', response: { 200: UserOverview } } },
    async () => svc().overview(),
  );

  app.get(
    `${base}/username/:username`,
    { config: adminOnly, schema: { tags, summary: 'A user by exact username', params: Type.Object({ username: Type.String({ maxLength: 255 }) }), response: { 200: User, ...errors } } },
    async (request) => svc().byUsername(request.params.username),
  );

  app.get(
    `${base}/email/:email`,
    { config: adminOnly, schema: { tags, summary: 'A user by exact e-mail', params: Type.Object({ email: Type.String({ maxLength: 255 }) }), response: { 200: User, ...errors } } },
    async (request) => svc().byEmail(request.params.email),
  );

  app.get(
    `${base}/:user_id`,
    { schema: { tags, summary: 'One user', params: IdParams, response: { 200: User, ...errors } } },
    async (request) => svc().get(request.params.user_id),
  );

  app.put(
    `${base}/:user_id`,
    { schema: { tags, summary: 'Update username, e-mail or active flag (absent/null kept)', params: IdParams, body: UserUpdateBody, response: { 200: User, ...errors } } },
    async (request) => svc().update(accessOf(request), request.params.user_id, request.body),
  );

  app.delete(
    `${base}/:user_id`,
    { schema: { tags, summary: 'Deactivate a user (soft delete: the account and its data stay)', params: IdParams, response: { 200: Success, ...errors } } },
    async (request) => svc().delete(request.params.user_id),
  );

  app.put(
    `${base}/:user_id/preferences`,
    { schema: { tags, summary: 'Merge preferences (top-level keys overwrite)', params: IdParams, body: PreferencesBody, response: { 200: User, ...errors } } },
    async (request) => svc().mergePreferences(request.params.user_id, request.body.preferences),
  );

  app.get(
    `${base}/:user_id/interactions`,
    {
      schema: {
        tags,
        summary: "A user's interactions, newest first",
        params: IdParams,
        querystring: Type.Object({ skip: Skip, limit: Limit }),
        response: { 200: InteractionList, ...errors },
      },
    },
    async (request) => svc().interactionsOf(request.params.user_id, request.query.skip, request.query.limit),
  );

  app.post(
    `${base}/:user_id/deactivate`,
    { config: adminOnly, schema: { tags, summary: 'Deactivate a user', params: IdParams, response: { 200: User, ...errors } } },
    async (request) => {
      const user = await svc().setActive(request.params.user_id, false);
      await services.auth.audit(request.actor, 'user.deactivate', { type: 'user', id: user.id }, {}, request.ip);
      return user;
    },
  );

  app.post(
    `${base}/:user_id/activate`,
    { config: adminOnly, schema: { tags, summary: 'Activate a user', params: IdParams, response: { 200: User, ...errors } } },
    async (request) => {
      const user = await svc().setActive(request.params.user_id, true);
      await services.auth.audit(request.actor, 'user.activate', { type: 'user', id: user.id }, {}, request.ip);
      return user;
    },
  );

  app.get(
    `${base}/:user_id/stats`,
    { schema: { tags, summary: 'Interactions made, regular content created, mean rating given', params: IdParams, response: { 200: UserActivityStats, ...errors } } },
    async (request) => svc().activity(request.params.user_id),
  );
}
