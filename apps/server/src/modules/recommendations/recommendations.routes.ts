import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { rejectNonFiniteNumbers } from '../../platform/http/finite-numbers.ts';
import { ErrorDetail, Success, Uuid } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import { accessOf } from '../auth/access.ts';
import { ContentId, Int4Id, Skip, daysOf, limitOf } from '../interactions/interactions.schemas.ts';
import {
  GenerateBody,
  GenerationResponse,
  Recommendation,
  RecommendationBulkBody,
  RecommendationCreateBody,
  RecommendationList,
  RecommendationOverview,
  RecommendationUpdateBody,
  RecommendationUserList,
  ServedBody,
  ServedResponse,
  UserRecommendationStats,
} from './recommendations.schemas.ts';

const IdParams = Type.Object({ recommendation_id: Int4Id });
const UserParams = Type.Object({ user_id: Uuid });
const Score = Type.Number({ minimum: 0, maximum: 1 });
const errors = { 404: ErrorDetail, 422: ErrorDetail };

export async function recommendationsRoutes(root: TypedApp, services: Services): Promise<void> {
  await root.register(async (scope) => {
    // `?limit=1e309` coerces to Infinity, which Ajv's bounds let through.
    scope.addHook('preHandler', rejectNonFiniteNumbers);
    await declareRoutes(scope.withTypeProvider<TypeBoxTypeProvider>(), services);
  });
}

async function declareRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['recommendations'];
  const base = '/api/v1/recommendations';
  const svc = () => services.recommendations;

  app.post(
    `${base}/`,
    { schema: { tags, summary: 'Store a recommendation', body: RecommendationCreateBody, response: { 201: Recommendation, ...errors } } },
    async (request, reply) => reply.code(201).send(await svc().create(accessOf(request), request.body)),
  );

  app.post(
    `${base}/bulk`,
    {
      schema: {
        tags,
        summary: 'Store up to 1000 recommendations at once (all or nothing; 422 lists every failing item)',
        body: RecommendationBulkBody,
        response: { 201: RecommendationList, 422: ErrorDetail },
      },
    },
    async (request, reply) => reply.code(201).send(await svc().bulkCreate(accessOf(request), request.body.recommendations)),
  );

  app.get(
    `${base}/`,
    {
      schema: {
        tags,
        summary: 'List recommendations filtered by user, else content, else algorithm (first given wins)',
        querystring: Type.Object({
          user_id: Type.Optional(Uuid),
          content_item_id: Type.Optional(ContentId),
          algorithm_version: Type.Optional(Type.String({ maxLength: 50 })),
          min_score: Type.Optional(Score),
          unserved_only: Type.Boolean({ default: false }),
          skip: Skip,
          limit: limitOf(100),
        }),
        response: { 200: RecommendationList, ...errors },
      },
    },
    async (request) => svc().list(accessOf(request), request.query),
  );

  app.post(
    `${base}/served`,
    { schema: { tags, summary: 'Mark recommendations as served; returns how many were marked', body: ServedBody, response: { 200: ServedResponse, ...errors } } },
    async (request) => svc().markServed(accessOf(request), request.body.recommendation_ids),
  );

  app.post(
    `${base}/generate`,
    {
      schema: {
        tags,
        summary: "Run the recommender for a user, replacing their unserved recommendations of its version",
        body: GenerateBody,
        response: { 200: GenerationResponse, ...errors },
      },
    },
    async (request) => svc().generate(request.body.user_id, request.body.algorithm_version, request.body.limit),
  );

  app.get(
    `${base}/stats/overview`,
    { schema: { tags, summary: 'Recommendation totals over all users', response: { 200: RecommendationOverview } } },
    async () => svc().overview(),
  );

  app.get(
    `${base}/:recommendation_id`,
    { schema: { tags, summary: 'One recommendation', params: IdParams, response: { 200: Recommendation, ...errors } } },
    async (request) => svc().get(accessOf(request), request.params.recommendation_id),
  );

  app.put(
    `${base}/:recommendation_id`,
    {
      schema: {
        tags,
        summary: 'Update score or metadata (absent/null fields are kept)',
        params: IdParams,
        body: RecommendationUpdateBody,
        response: { 200: Recommendation, ...errors },
      },
    },
    async (request) => svc().update(accessOf(request), request.params.recommendation_id, request.body),
  );

  app.delete(
    `${base}/:recommendation_id`,
    { schema: { tags, summary: 'Delete a recommendation', params: IdParams, response: { 200: Success, ...errors } } },
    async (request) => svc().delete(accessOf(request), request.params.recommendation_id),
  );

  app.get(
    `${base}/user/:user_id/recommendations`,
    {
      schema: {
        tags,
        summary: "A user's recommendations, best first (include_content=true embeds each recommended item)",
        params: UserParams,
        querystring: Type.Object({
          skip: Skip,
          limit: limitOf(100),
          min_score: Type.Optional(Score),
          unserved_only: Type.Boolean({ default: false }),
          include_content: Type.Boolean({
            default: false,
            description: 'Also return content_source_type and the item itself as content (null when deleted or not visible to the caller)',
          }),
        }),
        response: { 200: RecommendationUserList, ...errors },
      },
    },
    async (request) => svc().listForUser(accessOf(request), request.params.user_id, request.query),
  );

  app.get(
    `${base}/user/:user_id/top`,
    {
      schema: {
        tags,
        summary: "A user's best recommendations at or above min_score",
        params: UserParams,
        querystring: Type.Object({ min_score: Type.Number({ minimum: 0, maximum: 1, default: 0.5 }), limit: limitOf(10) }),
        response: { 200: RecommendationList, ...errors },
      },
    },
    async (request) => svc().top(request.params.user_id, request.query.min_score, request.query.limit),
  );

  app.get(
    `${base}/user/:user_id/unserved`,
    {
      schema: {
        tags,
        summary: "A user's not yet served recommendations, best first",
        params: UserParams,
        querystring: Type.Object({ limit: limitOf(20) }),
        response: { 200: RecommendationList, ...errors },
      },
    },
    async (request) => svc().unserved(request.params.user_id, request.query.limit),
  );

  app.get(
    `${base}/user/:user_id/recent`,
    {
      schema: {
        tags,
        summary: "A user's recommendations of the last `days` days, newest first",
        params: UserParams,
        querystring: Type.Object({ days: daysOf(7), limit: limitOf(50) }),
        response: { 200: RecommendationList, ...errors },
      },
    },
    async (request) => svc().recent(request.params.user_id, request.query.days, request.query.limit),
  );

  app.get(
    `${base}/user/:user_id/stats`,
    { schema: { tags, summary: "Totals, average score and per-algorithm breakdown of a user's recommendations", params: UserParams, response: { 200: UserRecommendationStats, ...errors } } },
    async (request) => svc().userStats(request.params.user_id),
  );

  app.get(
    `${base}/content/:content_item_id/recommendations`,
    {
      schema: {
        tags,
        summary: 'Recommendations of a content item, best first',
        params: Type.Object({ content_item_id: ContentId }),
        querystring: Type.Object({ skip: Skip, limit: limitOf(100) }),
        response: { 200: RecommendationList, ...errors },
      },
    },
    async (request) => svc().listForContent(accessOf(request), request.params.content_item_id, request.query.skip, request.query.limit),
  );

  app.get(
    `${base}/algorithm/:algorithm_version/recommendations`,
    {
      schema: {
        tags,
        summary: 'Recommendations made by one algorithm version, newest first',
        params: Type.Object({ algorithm_version: Type.String({ maxLength: 50 }) }),
        querystring: Type.Object({ skip: Skip, limit: limitOf(100) }),
        response: { 200: RecommendationList, 422: ErrorDetail },
      },
    },
    async (request) => svc().listForAlgorithm(accessOf(request), request.params.algorithm_version, request.query.skip, request.query.limit),
  );
}
