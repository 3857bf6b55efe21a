import type { AppConfig } from './config/config.schema.ts';
import { migrate } from './db/migrate.ts';
import { buildApp, type TypedApp } from './platform/http/app.ts';
import { createRuntime, type Runtime } from './platform/runtime.ts';
import { registerRoutes } from './modules/routes.ts';
import { createServices, type Services } from './modules/services.ts';
import { registerQueueDashboard, startEmbeddedComfyMock, startGenerationWorker } from './modules/generation/generation.runtime.ts';
import { startScheduler } from './jobs/scheduled-jobs.ts';
import { startQueueDepthMetric } from './jobs/queue-metric.ts';
import { ensureJobQueue } from './platform/queue/create-queue.ts';

export type Role = 'api' | 'worker' | 'scheduler';

/** Something a role started that must be stopped on shutdown, in reverse order. */
type Stopper = () => Promise<void>;

export interface RunningSystem {
  runtime: Runtime;
  services: Services;
  app: TypedApp | null;
  /** Base URL of the API when the api role runs. */
  url: string | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  roles: Role[];
  /** Migrate before starting (embedded start and single-process deployments). */
  migrate?: boolean;
  /** Hooks run before roles start (seeding, embedded ComfyUI mock). */
  beforeRoles?: (runtime: Runtime, services: Services) => Promise<Stopper | void>;
  log?: (line: string) => void;
}

export async function buildHttpApp(runtime: Runtime, services: Services): Promise<TypedApp> {
  // Gallery pages are served from memory only while the database's change feed is followed.
  await runtime.pages.follow(runtime.db);
  return buildApp(runtime, {
    rootPayload: () => services.system.rootPayload(),
    registerRoutes: async (app) => {
      await registerRoutes(app, services);
      await registerQueueDashboard(app, runtime, services);
    },
  });
}

/** Starts the requested roles in this process. Each role is independent of the others. */
export async function startSystem(config: AppConfig, options: StartOptions): Promise<RunningSystem> {
  const runtime = await createRuntime(config);
  const stoppers: Stopper[] = [];
  const log = options.log ?? ((line: string) => runtime.logger.info(line));
  try {
    if (options.migrate) {
      const result = await migrate(runtime.db, { onProgress: log });
      if (result.applied.length) log(`applied ${result.applied.length} migration(s)`);
    }
    const services = createServices(runtime);
    const before = await options.beforeRoles?.(runtime, services);
    if (before) stoppers.push(before);

    if (options.roles.includes('worker')) {
      const mock = await startEmbeddedComfyMock(runtime, log);
      if (mock) stoppers.push(mock);
      stoppers.push(await startGenerationWorker(runtime, services));
    }
    if (options.roles.includes('scheduler')) {
      const scheduler = await startScheduler(runtime);
      stoppers.push(() => scheduler.stop());
      // One scheduler per cluster, so one queue-depth sample per interval (off unless configured).
      const metric = startQueueDepthMetric(config, ensureJobQueue(runtime), runtime.logger);
      if (metric) stoppers.push(() => metric.stop());
    }

    let app: TypedApp | null = null;
    let url: string | null = null;
    if (options.roles.includes('api')) {
      app = await buildHttpApp(runtime, services);
      const api = config.values.api;
      await app.listen({ host: api.host, port: api.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : api.port;
      const host = api.host === '0.0.0.0' || api.host === '::' ? '127.0.0.1' : api.host;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      const started = app;
      stoppers.push(() => started.close());
    }

    let stopping: Promise<void> | null = null;
    return {
      runtime,
      services,
      app,
      url,
      stop() {
        stopping ??= (async () => {
          for (const stop of stoppers.reverse()) {
            await stop().catch((err: unknown) => runtime.logger.error({ err }, 'error while stopping'));
          }
          await runtime.close();
        })();
        return stopping;
      },
    };
  } catch (err) {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
    await runtime.close().catch(() => undefined);
    throw err;
  }
}
