import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load-config.ts';
import type { AppConfig } from '../../src/config/config.schema.ts';
import { createRuntime, type Runtime } from '../../src/platform/runtime.ts';
import { buildHttpApp } from '../../src/roles.ts';
import { createServices, type Services } from '../../src/modules/services.ts';
import type { TypedApp } from '../../src/platform/http/app.ts';
import { openTestDatabase, type Engine } from './test-databases.ts';

export interface TestSystem {
  engine: Engine;
  config: AppConfig;
  runtime: Runtime;
  services: Services;
  app: TypedApp;
  /** A private storage directory for this system (images). */
  storageDir: string;
  close(): Promise<void>;
}

export interface TestSystemOptions {
  /** Extra config overrides, e.g. `{ 'auth.mode': 'required' }`. */
  overrides?: Record<string, string>;
  /** Use Redis adapters when REDIS_URL is set (default: with the pg engine). */
  redis?: boolean;
}

/**
 * The real server on a fresh migrated database of `engine`, driven with `app.inject()`.
 * With the pg engine and REDIS_URL set, the cache and event bus are Redis (a private namespace).
 */
export async function createTestSystem(engine: Engine, options: TestSystemOptions = {}): Promise<TestSystem> {
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'genonaut-test-storage-'));
  const useRedis = (options.redis ?? engine === 'pg') && !!process.env.REDIS_URL;
  const env: NodeJS.ProcessEnv = {
    ENV_TARGET: 'local-test',
    STORAGE_DIR: storageDir,
    DATA_DIR: storageDir,
    REDIS_NAMESPACE: `gn_test_${process.pid}_${Date.now().toString(36)}`,
  };
  if (useRedis) env.REDIS_URL = process.env.REDIS_URL;
  const config = loadConfig({ env, overrides: options.overrides });
  const db = await openTestDatabase(engine);
  const runtime = await createRuntime(config, { db, logger: pino({ level: 'silent' }) });
  const services = createServices(runtime);
  const app = await buildHttpApp(runtime, services);
  await app.ready();
  return {
    engine,
    config,
    runtime,
    services,
    app,
    storageDir,
    async close() {
      await app.close();
      await runtime.close();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}
