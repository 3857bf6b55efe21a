import { mkdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import type { AppConfig } from '../config/config.schema.ts';
import { durationMs } from '../config/load-config.ts';
import type { Database } from '../db/database.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { PgliteDatabase } from '../db/pglite-database.ts';
import type { Cache } from './cache/cache.ts';
import { MemoryCache } from './cache/memory-cache.ts';
import { RedisCache } from './cache/redis-cache.ts';
import { PageCache } from './cache/page-cache.ts';
import type { EventBus } from './events/event-bus.ts';
import { MemoryEventBus } from './events/memory-event-bus.ts';
import { RedisEventBus } from './events/redis-event-bus.ts';
import type { JobQueue } from './queue/job-queue.ts';

/** The infrastructure one process runs with: every adapter chosen once, from config. */
export interface Runtime {
  config: AppConfig;
  logger: Logger;
  db: Database;
  cache: Cache;
  /** Serialised gallery pages of this process (followed by the API role only). */
  pages: PageCache;
  events: EventBus;
  /** Set by the generation module when the process enqueues or runs jobs. */
  queue: JobQueue | null;
  /** The Redis connection in distributed mode (queues and rate limits reuse it). */
  redis: Redis | null;
  close(): Promise<void>;
}

export function createLogger(config: AppConfig, name = 'genonaut'): Logger {
  const pretty = config.values.log.pretty && process.stdout.isTTY;
  return pino({
    name,
    level: config.values.log.level,
    transport: pretty ? { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } : undefined,
  });
}

export async function openDatabase(config: AppConfig, applicationName = 'genonaut'): Promise<Database> {
  const db = config.values.database;
  if (db.url) {
    return new PgDatabase({
      url: db.url,
      poolSize: db['pool-size'],
      statementTimeoutMs: durationMs(db['statement-timeout']),
      lockTimeoutMs: durationMs(db['lock-timeout']),
      idleInTransactionTimeoutMs: durationMs(db['idle-in-transaction-timeout']),
      applicationName,
    });
  }
  mkdirSync(config.paths.pgliteDir, { recursive: true });
  return PgliteDatabase.open({ dataDir: config.paths.pgliteDir });
}

export function openRedis(url: string): Redis {
  // BullMQ needs maxRetriesPerRequest null on connections it blocks on.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

export interface RuntimeOverrides {
  db?: Database;
  logger?: Logger;
}

export async function createRuntime(config: AppConfig, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const logger = overrides.logger ?? createLogger(config);
  const db = overrides.db ?? (await openDatabase(config));
  const redisUrl = config.values.redis.url;
  const ns = config.values.redis.namespace;
  let redis: Redis | null = null;
  let subscriber: Redis | null = null;
  let cache: Cache;
  let events: EventBus;
  if (redisUrl) {
    redis = openRedis(redisUrl);
    subscriber = openRedis(redisUrl);
    cache = new RedisCache(redis, ns);
    events = new RedisEventBus(redis, subscriber, ns);
  } else {
    cache = new MemoryCache();
    events = new MemoryEventBus();
  }
  const pageCache = config.values['page-cache'];
  const pages = new PageCache({
    enabled: pageCache.enabled,
    maxEntries: pageCache['max-entries'],
    maxBytes: pageCache['max-bytes'],
    ttlMs: pageCache['ttl-seconds'] * 1000,
  });
  const runtime: Runtime = {
    config,
    logger,
    db,
    cache,
    pages,
    events,
    queue: null,
    redis,
    async close() {
      await runtime.queue?.close();
      await pages.stop();
      await events.close();
      await cache.close();
      if (subscriber) subscriber.disconnect();
      if (redis) await redis.quit().catch(() => redis?.disconnect());
      await db.close();
    },
  };
  return runtime;
}
