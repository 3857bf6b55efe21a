import type { Runtime } from '../../platform/runtime.ts';
import { API_VERSION } from '../../platform/http/app.ts';
import { nowNaive } from '../../platform/http/serialize.ts';
import { databaseName, globalCounts } from './system.queries.ts';

type ComponentStatus = { status: 'ok' | 'error' | 'disabled'; kind: string; error?: string };

export class SystemService {
  constructor(private readonly runtime: Runtime) {}

  /** Liveness of each dependency. The response is 200 either way; `status` says which. */
  async health() {
    const { db, cache, queue } = this.runtime;
    let database: { status: 'connected' | 'disconnected'; name: string | null; kind: string };
    let error: string | null = null;
    try {
      database = { status: 'connected', name: await databaseName(db), kind: db.kind };
    } catch (err) {
      database = { status: 'disconnected', name: null, kind: db.kind };
      error = `database: ${(err as Error).message}`;
    }
    const cacheStatus: ComponentStatus = (await cache.ping())
      ? { status: 'ok', kind: cache.kind }
      : { status: 'error', kind: cache.kind, error: 'no answer to PING' };
    let queueStatus: ComponentStatus = { status: 'disabled', kind: 'none' };
    if (queue) {
      queueStatus = (await queue.ping().catch(() => false))
        ? { status: 'ok', kind: queue.kind }
        : { status: 'error', kind: queue.kind, error: 'queue backend unreachable' };
    }
    if (!error && cacheStatus.status === 'error') error = 'cache: no answer to PING';
    if (!error && queueStatus.status === 'error') error = 'queue: backend unreachable';
    return {
      status: error ? ('unhealthy' as const) : ('healthy' as const),
      database,
      cache: cacheStatus,
      queue: queueStatus,
      mode: this.runtime.config.mode,
      timestamp: nowNaive(),
      error,
    };
  }

  /** The answer of `/` for API clients; the database name is `unknown` when it cannot be read. */
  async rootPayload(): Promise<Record<string, string>> {
    const database = await databaseName(this.runtime.db).catch(() => 'unknown');
    return {
      message: 'Welcome to Genonaut API',
      version: API_VERSION,
      database,
      docs: '/docs',
      redoc: '/docs',
      health: '/api/v1/health',
      database_info: '/api/v1/databases',
      global_stats: '/api/v1/stats/global',
      tag_hierarchy: '/api/v1/tags/hierarchy',
    };
  }

  databases() {
    return { available_databases: ['dev', 'demo', 'test', 'prod'], current_database: this.runtime.config.environment };
  }

  async globalStats() {
    const c = await globalCounts(this.runtime.db);
    return {
      total_users: c.total_users,
      active_users: c.active_users,
      inactive_users: c.total_users - c.active_users,
      total_content: c.total_content,
      private_content: c.private_content,
      total_interactions: c.total_interactions,
      total_recommendations: c.total_recommendations,
      served_recommendations: c.served_recommendations,
      unserved_recommendations: c.total_recommendations - c.served_recommendations,
      total_generation_jobs: c.total_generation_jobs,
      running_generation_jobs: c.running_generation_jobs,
      completed_generation_jobs: c.completed_generation_jobs,
      failed_generation_jobs: c.failed_generation_jobs,
    };
  }
}
