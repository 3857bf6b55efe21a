import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { ErrorDetail, Uuid } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import {
  ClearHistoryResponse,
  DeleteSearchResponse,
  SearchHistoryList,
  SearchHistoryPage,
  SearchHistoryRecord,
  SearchQueryBody,
} from './search-history.schemas.ts';

const UserParams = Type.Object({ user_id: Uuid });

export async function searchHistoryRoutes(root: TypedApp, services: Services): Promise<void> {
  await root.register(async (scope) => {
    await declareRoutes(scope.withTypeProvider<TypeBoxTypeProvider>(), services);
  });
}

async function declareRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['search-history'];
  const base = '/api/v1/users/:user_id/search-history';

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Record a search the user ran',
        params: UserParams,
        body: SearchQueryBody,
        response: { 201: SearchHistoryRecord, 400: ErrorDetail, 404: ErrorDetail, 422: ErrorDetail },
      },
    },
    async (request, reply) => {
      const record = await services.searchHistory.record(request.params.user_id, request.body.search_query);
      return reply.code(201).send(record);
    },
  );

  app.get(
    `${base}/recent`,
    {
      schema: {
        tags,
        summary: 'Most recent searches, one row per search',
        params: UserParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 3 }) }),
        response: { 200: SearchHistoryList, 422: ErrorDetail },
      },
    },
    async (request) => services.searchHistory.recent(request.params.user_id, request.query.limit),
  );

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Distinct searches with use counts, most recently used first',
        params: UserParams,
        querystring: Type.Object({
          page: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 1 }),
          page_size: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
        response: { 200: SearchHistoryPage, 422: ErrorDetail },
      },
    },
    async (request) => services.searchHistory.list(request.params.user_id, request.query.page, request.query.page_size),
  );

  app.delete(
    `${base}/by-query`,
    {
      schema: {
        tags,
        summary: 'Delete every use of one query (JSON body)',
        params: UserParams,
        body: SearchQueryBody,
        response: { 200: DeleteSearchResponse, 404: ErrorDetail, 422: ErrorDetail },
      },
    },
    async (request) => services.searchHistory.deleteByQuery(request.params.user_id, request.body.search_query),
  );

  app.delete(
    `${base}/clear`,
    {
      schema: {
        tags,
        summary: "Delete the user's whole search history",
        params: UserParams,
        response: { 200: ClearHistoryResponse, 422: ErrorDetail },
      },
    },
    async (request) => services.searchHistory.clear(request.params.user_id),
  );
}
