import { Type } from 'typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { DateTime, Nullable } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';

const Component = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('disabled')]),
  kind: Type.String(),
  error: Type.Optional(Type.String()),
});

const HealthResponse = Type.Object(
  {
    status: Type.Union([Type.Literal('healthy'), Type.Literal('unhealthy')]),
    database: Type.Object({
      status: Type.Union([Type.Literal('connected'), Type.Literal('disconnected')]),
      name: Nullable(Type.String()),
      kind: Type.String(),
    }),
    cache: Component,
    queue: Component,
    mode: Type.String(),
    timestamp: DateTime,
    error: Nullable(Type.String()),
  },
  { $id: 'HealthResponse' },
);

const GlobalStats = Type.Object(
  Object.fromEntries(
    [
      'total_users',
      'active_users',
      'inactive_users',
      'total_content',
      'private_content',
      'total_interactions',
      'total_recommendations',
      'served_recommendations',
      'unserved_recommendations',
      'total_generation_jobs',
      'running_generation_jobs',
      'completed_generation_jobs',
      'failed_generation_jobs',
    ].map((k) => [k, Type.Integer()]),
  ),
  { $id: 'GlobalStatsResponse' },
);

export async function systemRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['system'];
  app.get(
    '/api/v1/health',
    { schema: { tags, summary: 'Health of the database, cache and queue', response: { 200: HealthResponse } } },
    async () => services.system.health(),
  );
  app.get(
    '/health',
    {
      schema: {
        tags,
        summary: 'Legacy liveness probe',
        response: { 200: Type.Object({ status: Type.String(), message: Type.String() }) },
      },
    },
    async () => ({ status: 'healthy', message: 'Use /api/v1/health for detailed health check' }),
  );
  app.get(
    '/api/v1/databases',
    {
      schema: {
        tags,
        summary: 'Database environments and the current one',
        response: { 200: Type.Object({ available_databases: Type.Array(Type.String()), current_database: Type.String() }) },
      },
    },
    async () => services.system.databases(),
  );
  app.get(
    '/api/v1/stats/global',
    { schema: { tags, summary: 'Platform-wide counts', response: { 200: GlobalStats } } },
    async () => services.system.globalStats(),
  );
}
