import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { rejectNonFiniteNumbers } from '../../platform/http/finite-numbers.ts';
import { ErrorDetail, Success, Uuid } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import {
  PopularTag,
  Tag,
  TagCreateBody,
  TagDetail,
  TagHierarchy,
  TagList,
  TagParentBody,
  TagRating,
  TagRatingValue,
  TagRelation,
  TagStatistics,
  TagSummary,
  TagUserRatings,
} from './tags.schemas.ts';

const TagIdParams = Type.Object({ tag_id: Uuid });
const UserQuery = Type.Object({ user_id: Uuid });
const MAX_PAGE = 10_000_000;
const sortParam = Type.String({
  default: 'name-asc',
  maxLength: 50,
  description: 'name-asc, name-desc, created-asc, created-desc, updated-asc, updated-desc, rating-asc, rating-desc',
});
const listParams = {
  page: Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 }),
  page_size: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  sort: sortParam,
  min_ratings: Type.Integer({ minimum: 1, maximum: 1_000_000_000, default: 1, description: 'Minimum ratings when sorting by rating' }),
};
const maxDepth = Type.Object({ max_depth: Type.Integer({ minimum: 1, maximum: 50, default: 10 }) });
const notFound = { 404: ErrorDetail, 422: ErrorDetail } as const;

export async function tagsRoutes(root: TypedApp, services: Services): Promise<void> {
  await root.register(async (scope) => {
    scope.addHook('preHandler', rejectNonFiniteNumbers);
    await declareRoutes(scope.withTypeProvider<TypeBoxTypeProvider>(), services);
  });
}

async function declareRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['tags'];
  const base = '/api/v1/tags';
  const svc = () => services.tags;

  app.get(
    `${base}/hierarchy`,
    {
      schema: {
        tags,
        summary: 'Every tag with its (first) parent, for building the tree',
        querystring: Type.Object({
          include_ratings: Type.Boolean({ default: false }),
          no_cache: Type.Optional(Type.Boolean({ description: 'Accepted and ignored (the cache is invalidated on writes)' })),
        }),
        response: { 200: TagHierarchy, 422: ErrorDetail },
      },
    },
    async (request) => svc().hierarchy(request.query.include_ratings),
  );

  app.post(
    `${base}/hierarchy/refresh`,
    { schema: { tags, summary: 'Drop cached tag reads and rebuild the hierarchy', response: { 200: Success } } },
    async () => svc().refreshHierarchy(),
  );

  app.get(
    `${base}/statistics`,
    { schema: { tags, summary: 'Tag, edge and root counts', response: { 200: TagStatistics } } },
    async () => svc().statistics(),
  );

  app.get(
    `${base}/popular`,
    {
      schema: {
        tags,
        summary: 'Tags carried by the most content (from tag_cardinality_stats)',
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 10000, default: 20 }),
          content_source: Type.Optional(Type.String({ maxLength: 50, description: "'regular' (or 'items') or 'auto'; omit for all" })),
          min_cardinality: Type.Integer({ minimum: 1, maximum: 2_147_483_647, default: 1 }),
        }),
        response: { 200: Type.Array(PopularTag), 422: ErrorDetail },
      },
    },
    async (request) => svc().popular(request.query.limit, request.query.content_source, request.query.min_cardinality),
  );

  app.get(
    `${base}/roots`,
    { schema: { tags, summary: 'Tags without parents', response: { 200: Type.Array(TagSummary) } } },
    async () => svc().roots(),
  );

  app.get(
    `${base}/`,
    {
      schema: {
        tags,
        summary: 'A page of tags, optionally searched (§5.2 syntax) and sorted',
        querystring: Type.Object({ ...listParams, search: Type.Optional(Type.String({ maxLength: 1000 })) }),
        response: { 200: TagList, 422: ErrorDetail },
      },
    },
    async (request) => {
      const q = request.query;
      return svc().list({ page: q.page, pageSize: q.page_size, sort: q.sort, search: q.search ?? null, minRatings: q.min_ratings });
    },
  );

  app.post(
    `${base}/`,
    {
      schema: {
        tags,
        summary: 'Create a tag, optionally under parents',
        body: TagCreateBody,
        response: { 201: Tag, 404: ErrorDetail, 409: ErrorDetail, 422: ErrorDetail },
      },
    },
    async (request, reply) => {
      const b = request.body;
      return reply.code(201).send(await svc().create({ name: b.name, metadata: b.metadata, parentIds: b.parent_ids }));
    },
  );

  app.get(
    `${base}/search`,
    {
      schema: {
        tags,
        summary: 'Search tags (same as the list with search=q)',
        querystring: Type.Object({ ...listParams, q: Type.String({ minLength: 1, maxLength: 1000 }) }),
        response: { 200: TagList, 422: ErrorDetail },
      },
    },
    async (request) => {
      const q = request.query;
      return svc().list({ page: q.page, pageSize: q.page_size, sort: q.sort, search: q.q, minRatings: q.min_ratings });
    },
  );

  app.get(
    `${base}/ratings`,
    {
      schema: {
        tags,
        summary: "The user's ratings of the given tags",
        querystring: Type.Object({ user_id: Uuid, tag_ids: Type.Optional(Type.Array(Uuid, { maxItems: 1000 })) }),
        response: { 200: TagUserRatings, ...notFound },
      },
    },
    async (request) => svc().userRatings(request.query.user_id, request.query.tag_ids ?? []),
  );

  app.get(
    `${base}/favorites`,
    { schema: { tags, summary: "The user's favourite tags", querystring: UserQuery, response: { 200: Type.Array(TagSummary), ...notFound } } },
    async (request) => svc().favorites(request.query.user_id),
  );

  app.get(
    `${base}/favorites/:user_id`,
    {
      schema: { tags, summary: "The user's favourite tags", params: Type.Object({ user_id: Uuid }), response: { 200: Type.Array(TagSummary), ...notFound } },
    },
    async (request) => svc().favorites(request.params.user_id),
  );

  app.get(
    `${base}/:tag_identifier`,
    {
      schema: {
        tags,
        summary: 'One tag by id, name (any case) or slug, with parents, children, ratings and counts',
        params: Type.Object({ tag_identifier: Type.String({ minLength: 1, maxLength: 500 }) }),
        querystring: Type.Object({ user_id: Type.Optional(Uuid) }),
        response: { 200: TagDetail, ...notFound },
      },
    },
    async (request) => svc().detail(request.params.tag_identifier, request.query.user_id ?? null),
  );

  app.get(
    `${base}/:tag_id/children`,
    { schema: { tags, summary: 'Direct children', params: TagIdParams, response: { 200: Type.Array(TagSummary), ...notFound } } },
    async (request) => svc().children(request.params.tag_id),
  );

  app.get(
    `${base}/:tag_id/parents`,
    { schema: { tags, summary: 'Direct parents', params: TagIdParams, response: { 200: Type.Array(TagSummary), ...notFound } } },
    async (request) => svc().parents(request.params.tag_id),
  );

  app.post(
    `${base}/:tag_id/parents`,
    {
      schema: {
        tags,
        summary: 'Add a parent (422 when it would create a cycle); returns the parents',
        params: TagIdParams,
        body: TagParentBody,
        response: { 201: Type.Array(TagSummary), ...notFound },
      },
    },
    async (request, reply) => reply.code(201).send(await svc().addParent(request.params.tag_id, request.body.parent_id)),
  );

  app.delete(
    `${base}/:tag_id/parents/:parent_id`,
    {
      schema: { tags, summary: 'Remove a parent', params: Type.Object({ tag_id: Uuid, parent_id: Uuid }), response: { 200: Success, ...notFound } },
    },
    async (request) => svc().removeParent(request.params.tag_id, request.params.parent_id),
  );

  app.get(
    `${base}/:tag_id/ancestors`,
    {
      schema: { tags, summary: 'All ancestors with their distance', params: TagIdParams, querystring: maxDepth, response: { 200: Type.Array(TagRelation), ...notFound } },
    },
    async (request) => svc().ancestors(request.params.tag_id, request.query.max_depth),
  );

  app.get(
    `${base}/:tag_id/descendants`,
    {
      schema: { tags, summary: 'All descendants with their distance', params: TagIdParams, querystring: maxDepth, response: { 200: Type.Array(TagRelation), ...notFound } },
    },
    async (request) => svc().descendants(request.params.tag_id, request.query.max_depth),
  );

  app.post(
    `${base}/:tag_id/rate`,
    {
      schema: {
        tags,
        summary: 'Rate a tag 1.0–5.0 in half steps (upsert)',
        params: TagIdParams,
        querystring: Type.Object({ user_id: Uuid, rating: Type.Number({ minimum: 1, maximum: 5 }) }),
        response: { 200: TagRating, 400: ErrorDetail, ...notFound },
      },
    },
    async (request) => svc().rate(request.query.user_id, request.params.tag_id, request.query.rating),
  );

  app.delete(
    `${base}/:tag_id/rate`,
    { schema: { tags, summary: "Delete the user's rating", params: TagIdParams, querystring: UserQuery, response: { 200: Success, ...notFound } } },
    async (request) => svc().deleteRating(request.query.user_id, request.params.tag_id),
  );

  app.get(
    `${base}/:tag_id/rating`,
    { schema: { tags, summary: "The user's rating of a tag", params: TagIdParams, querystring: UserQuery, response: { 200: TagRatingValue, 422: ErrorDetail } } },
    async (request) => svc().userRating(request.query.user_id, request.params.tag_id),
  );

  app.post(
    `${base}/:tag_id/favorite`,
    { schema: { tags, summary: 'Add to favourites (idempotent)', params: TagIdParams, querystring: UserQuery, response: { 200: Success, ...notFound } } },
    async (request) => svc().addFavorite(request.query.user_id, request.params.tag_id),
  );

  app.delete(
    `${base}/:tag_id/favorite`,
    { schema: { tags, summary: 'Remove from favourites (idempotent)', params: TagIdParams, querystring: UserQuery, response: { 200: Success, ...notFound } } },
    async (request) => svc().removeFavorite(request.query.user_id, request.params.tag_id),
  );
}
