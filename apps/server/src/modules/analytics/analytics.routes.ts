import { Type } from 'typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { ErrorDetail, Uuid } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import {
  CachePriorities,
  FailureAnalysis,
  GenerationOverview,
  GenerationPeakHours,
  GenerationTrends,
  ModelPerformance,
  PerformanceTrends,
  RoutePeakHours,
  UserGeneration,
  daysParam,
} from './analytics.schemas.ts';

const err = { 422: ErrorDetail };
const Granularity = Type.Union([Type.Literal('hourly'), Type.Literal('daily')], { default: 'hourly' });
const RouteParam = Type.String({ minLength: 1, maxLength: 500, description: 'Route template as recorded, e.g. /api/v1/content/unified or /api/v1/generation-jobs/:job_id' });

export async function analyticsRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['analytics'];
  const routes = '/api/v1/analytics/routes';
  const gen = '/api/v1/analytics/generation';
  const svc = () => services.analytics;

  app.get(
    `${routes}/cache-priorities`,
    {
      schema: {
        tags,
        summary: 'Routes most worth caching (absolute thresholds, or percentile ranks with system=relative)',
        querystring: Type.Object({
          n: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
          days: daysParam(7),
          system: Type.Union([Type.Literal('absolute'), Type.Literal('relative')], { default: 'absolute' }),
          min_requests: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 10 }),
          min_latency: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 100 }),
        }),
        response: { 200: CachePriorities, ...err },
      },
    },
    async (request) => {
      const { n, days, system, min_requests, min_latency } = request.query;
      return svc().cachePriorities({ n, days, system, minRequests: min_requests, minLatency: min_latency });
    },
  );

  app.get(
    `${routes}/performance-trends`,
    {
      schema: {
        tags,
        summary: "One route's traffic, errors and latency percentiles per hour or UTC day",
        querystring: Type.Object({ route: RouteParam, days: daysParam(7), granularity: Granularity }),
        response: { 200: PerformanceTrends, ...err },
      },
    },
    async (request) => svc().performanceTrends(request.query.route, request.query.days, request.query.granularity),
  );

  app.get(
    `${routes}/peak-hours`,
    {
      schema: {
        tags,
        summary: 'Average traffic per route and UTC hour of day (min_requests applies across all routes)',
        querystring: Type.Object({
          route: Type.Optional(RouteParam),
          days: daysParam(30, 7),
          min_requests: Type.Integer({ minimum: 1, maximum: 1_000_000_000, default: 50 }),
        }),
        response: { 200: RoutePeakHours, ...err },
      },
    },
    async (request) => svc().routePeakHours(request.query.route ?? null, request.query.days, request.query.min_requests),
  );

  app.get(
    `${gen}/overview`,
    {
      schema: { tags, summary: 'Generation totals, success rate and exact duration percentiles', querystring: Type.Object({ days: daysParam(7) }), response: { 200: GenerationOverview, ...err } },
    },
    async (request) => svc().generationOverview(request.query.days),
  );

  app.get(
    `${gen}/trends`,
    {
      schema: {
        tags,
        summary: 'Generation metrics per hour (rollup) or UTC day (from events)',
        querystring: Type.Object({ days: daysParam(7), interval: Granularity }),
        response: { 200: GenerationTrends, ...err },
      },
    },
    async (request) => svc().generationTrends(request.query.days, request.query.interval),
  );

  app.get(
    `${gen}/users/:user_id`,
    {
      schema: {
        tags,
        summary: "One user's generation history (§7.15: never a 500)",
        params: Type.Object({ user_id: Uuid }),
        querystring: Type.Object({ days: daysParam(30) }),
        response: { 200: UserGeneration, ...err },
      },
    },
    async (request) => svc().userGeneration(request.params.user_id, request.query.days),
  );

  app.get(
    `${gen}/models`,
    { schema: { tags, summary: 'Completions, success and durations per checkpoint', querystring: Type.Object({ days: daysParam(30) }), response: { 200: ModelPerformance, ...err } } },
    async (request) => svc().modelPerformance(request.query.days),
  );

  app.get(
    `${gen}/failures`,
    { schema: { tags, summary: 'Failures by error type and failure rate per day', querystring: Type.Object({ days: daysParam(7) }), response: { 200: FailureAnalysis, ...err } } },
    async (request) => svc().failures(request.query.days),
  );

  app.get(
    `${gen}/peak-hours`,
    { schema: { tags, summary: 'Average generation load per UTC hour of day', querystring: Type.Object({ days: daysParam(30, 7) }), response: { 200: GenerationPeakHours, ...err } } },
    async (request) => svc().generationPeakHours(request.query.days),
  );
}
