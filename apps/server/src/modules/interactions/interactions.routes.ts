import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { rejectNonFiniteNumbers } from '../../platform/http/finite-numbers.ts';
import { ErrorDetail, Success, Uuid } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import { accessOf } from '../auth/access.ts';
import {
  ContentId,
  Int4Id,
  Interaction,
  InteractionCreateBody,
  InteractionList,
  InteractionOverview,
  InteractionStats,
  InteractionSummary,
  InteractionTypeSchema,
  InteractionUpdateBody,
  Skip,
  UserBehavior,
  daysOf,
  limitOf,
} from './interactions.schemas.ts';

const IdParams = Type.Object({ interaction_id: Int4Id });
const UserParams = Type.Object({ user_id: Uuid });
const ContentParams = Type.Object({ content_item_id: ContentId });
const SkipLimit = Type.Object({ skip: Skip, limit: limitOf(100) });
const errors = { 404: ErrorDetail, 422: ErrorDetail };

export async function interactionsRoutes(root: TypedApp, services: Services): Promise<void> {
  await root.register(async (scope) => {
    // `?limit=1e309` coerces to Infinity, which Ajv's bounds let through.
    scope.addHook('preHandler', rejectNonFiniteNumbers);
    await declareRoutes(scope.withTypeProvider<TypeBoxTypeProvider>(), services);
  });
}

async function declareRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['interactions'];
  const base = '/api/v1/interactions';
  const svc = () => services.interactions;

  app.post(
    `${base}/`,
    {
      schema: {
        tags,
        summary: 'Record an interaction of a user with a content item (either partition)',
        body: InteractionCreateBody,
        response: { 201: Interaction, ...errors },
      },
    },
    async (request, reply) => {
      const { user_id, ...input } = request.body;
      return reply.code(201).send(await svc().create(accessOf(request), user_id, input));
    },
  );

  app.get(
    `${base}/`,
    {
      schema: {
        tags,
        summary: 'List interactions filtered by user, else content, else type (first given wins)',
        querystring: Type.Object({
          user_id: Type.Optional(Uuid),
          content_item_id: Type.Optional(ContentId),
          interaction_type: Type.Optional(InteractionTypeSchema),
          days: Type.Optional(daysOf()),
          skip: Skip,
          limit: limitOf(100),
        }),
        response: { 200: InteractionList, ...errors },
      },
    },
    async (request) => svc().list(accessOf(request), request.query),
  );

  app.get(
    `${base}/stats/overview`,
    { schema: { tags, summary: 'Interaction counts over all users, per type', response: { 200: InteractionOverview } } },
    async () => svc().overview(),
  );

  app.get(
    `${base}/:interaction_id`,
    { schema: { tags, summary: 'One interaction', params: IdParams, response: { 200: Interaction, ...errors } } },
    async (request) => svc().get(accessOf(request), request.params.interaction_id),
  );

  app.put(
    `${base}/:interaction_id`,
    {
      schema: {
        tags,
        summary: 'Update rating, duration or metadata (absent/null fields are kept)',
        params: IdParams,
        body: InteractionUpdateBody,
        response: { 200: Interaction, ...errors },
      },
    },
    async (request) => svc().update(accessOf(request), request.params.interaction_id, request.body),
  );

  app.delete(
    `${base}/:interaction_id`,
    { schema: { tags, summary: 'Delete an interaction', params: IdParams, response: { 200: Success, ...errors } } },
    async (request) => svc().delete(accessOf(request), request.params.interaction_id),
  );

  app.get(
    `${base}/user/:user_id/interactions`,
    {
      schema: { tags, summary: "A user's interactions, newest first", params: UserParams, querystring: SkipLimit, response: { 200: InteractionList, ...errors } },
    },
    async (request) => svc().listForUser(request.params.user_id, request.query.skip, request.query.limit),
  );

  app.get(
    `${base}/user/:user_id/recent`,
    {
      schema: {
        tags,
        summary: "A user's interactions of the last `days` days",
        params: UserParams,
        querystring: Type.Object({ days: daysOf(30), limit: limitOf(100) }),
        response: { 200: InteractionList, ...errors },
      },
    },
    async (request) => svc().recentForUser(request.params.user_id, request.query.days, request.query.limit),
  );

  app.get(
    `${base}/user/:user_id/summary`,
    { schema: { tags, summary: "Counts and average rating per type of a user's interactions", params: UserParams, response: { 200: InteractionSummary, ...errors } } },
    async (request) => svc().summary(request.params.user_id),
  );

  app.get(
    `${base}/content/:content_item_id/interactions`,
    {
      schema: { tags, summary: 'Interactions with a content item, newest first', params: ContentParams, querystring: SkipLimit, response: { 200: InteractionList, ...errors } },
    },
    async (request) => svc().listForContent(accessOf(request), request.params.content_item_id, request.query.skip, request.query.limit),
  );

  app.get(
    `${base}/content/:content_item_id/stats`,
    { schema: { tags, summary: 'Count, average rating and duration per type for a content item', params: ContentParams, response: { 200: InteractionStats, ...errors } } },
    async (request) => svc().contentStats(accessOf(request), request.params.content_item_id),
  );

  app.get(
    `${base}/type/:interaction_type/interactions`,
    {
      schema: {
        tags,
        summary: 'Interactions of one type, newest first',
        params: Type.Object({ interaction_type: Type.String({ maxLength: 50 }) }),
        querystring: SkipLimit,
        response: { 200: InteractionList, 422: ErrorDetail },
      },
    },
    async (request) => svc().listByType(accessOf(request), request.params.interaction_type, request.query.skip, request.query.limit),
  );

  app.get(
    `${base}/user/:user_id/content/:content_item_id/:interaction_type`,
    {
      schema: {
        tags,
        summary: 'The latest interaction of a type between a user and a content item',
        params: Type.Object({ user_id: Uuid, content_item_id: ContentId, interaction_type: Type.String({ maxLength: 50 }) }),
        response: { 200: Interaction, ...errors },
      },
    },
    async (request) => svc().findBetween(accessOf(request), request.params.user_id, request.params.content_item_id, request.params.interaction_type),
  );

  app.get(
    `${base}/analytics/user-behavior/:user_id`,
    { schema: { tags, summary: "A user's interaction profile and favourite content types", params: UserParams, response: { 200: UserBehavior, ...errors } } },
    async (request) => svc().userBehavior(request.params.user_id),
  );
}
