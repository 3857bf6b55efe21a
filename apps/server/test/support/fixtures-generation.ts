import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type WebSocket from 'ws';
import { startComfyMock, type ComfyMock } from '@genonaut/comfyui-mock';
import type { Queryable } from '../../src/db/database.ts';
import { loadOntology } from '../../src/db/seed/ontology.ts';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load-config.ts';
import type { AppConfig } from '../../src/config/config.schema.ts';
import { startGenerationWorker } from '../../src/modules/generation/generation.runtime.ts';
import type { WorkerHooks } from '../../src/modules/generation/generation.worker.ts';
import { generationRoutes } from '../../src/modules/generation/generation.routes.ts';
import { createServices, type Services } from '../../src/modules/services.ts';
import { registerRouteAnalytics } from '../../src/jobs/route-analytics.ts';
import { buildApp, type TypedApp } from '../../src/platform/http/app.ts';
import { createRuntime, type Runtime } from '../../src/platform/runtime.ts';
import { openTestDatabase, type Engine } from './test-databases.ts';

export interface GenerationSystem {
  engine: Engine;
  config: AppConfig;
  runtime: Runtime;
  services: Services;
  app: TypedApp;
  storageDir: string;
  mock: ComfyMock;
  stopWorker: () => Promise<void>;
  close(): Promise<void>;
}

/**
 * Like createTestSystem, but the app carries only the generation routes and the route-analytics
 * hook (so these tests do not depend on every other module), with Redis adapters (BullMQ, Redis
 * pub/sub) for the pg engine when REDIS_URL is set.
 */
async function createSystem(engine: Engine, overrides: Record<string, string>) {
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'genonaut-test-storage-'));
  const env: NodeJS.ProcessEnv = {
    ENV_TARGET: 'local-test',
    STORAGE_DIR: storageDir,
    DATA_DIR: storageDir,
    REDIS_NAMESPACE: `gn_test_${process.pid}_${Date.now().toString(36)}`,
  };
  if (engine === 'pg' && process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;
  const config = loadConfig({ env, overrides });
  const db = await openTestDatabase(engine);
  const runtime = await createRuntime(config, { db, logger: pino({ level: 'silent' }) });
  const services = createServices(runtime);
  const app = await buildApp(runtime, {
    serveWeb: false,
    rootPayload: () => services.system.rootPayload(),
    registerRoutes: async (a) => {
      await registerRouteAnalytics(a, runtime);
      await generationRoutes(a, services);
    },
  });
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

/** The test system plus a ComfyUI mock and a worker running in the same process. */
export async function createGenerationSystem(
  engine: Engine,
  options: { stepDelayMs?: number; overrides?: Record<string, string>; worker?: boolean; hooks?: WorkerHooks } = {},
): Promise<GenerationSystem> {
  const mockDir = mkdtempSync(path.join(os.tmpdir(), 'genonaut-mock-'));
  const mock = await startComfyMock({ port: 0, stepDelayMs: options.stepDelayMs ?? 5, outputDir: mockDir });
  const system = await createSystem(engine, {
    'comfyui.url': mock.url,
    'comfyui.poll-interval-ms': '100',
    'comfyui.request-timeout-ms': '5000',
    'generation.retry-base-delay-ms': '50',
    'generation.retry-max-delay-ms': '200',
    'generation.max-attempts': '3',
    ...options.overrides,
  });
  const stopWorker = options.worker === false ? async () => undefined : await startGenerationWorker(system.runtime, system.services, options.hooks);
  return {
    ...system,
    mock,
    stopWorker,
    async close() {
      await stopWorker();
      await system.close();
      await mock.close();
      rmSync(mockDir, { recursive: true, force: true });
    },
  };
}

export async function insertGenUser(db: Queryable, preferences: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID();
  const name = `g_${id.slice(0, 8)}`;
  await db.query('INSERT INTO users (id, username, email, preferences) VALUES ($1, $2, $3, $4)', [id, name, `${name}@example.test`, JSON.stringify(preferences)]);
  return id;
}

/** Inserts the ontology tags a prompt-derived tag may link to. */
export async function insertOntologyTags(db: Queryable, names: string[]): Promise<void> {
  const ontology = loadOntology();
  for (const name of names) {
    const tag = ontology.byName.get(name);
    if (!tag) throw new Error(`no ontology tag ${name}`);
    await db.query('INSERT INTO tags (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [tag.id, tag.name]);
  }
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Collects a socket's JSON messages; `until` resolves when a message matches. */
export function collect(ws: WebSocket): { messages: Array<Record<string, unknown>>; until: (pred: (m: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<void> } {
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<{ pred: (m: Record<string, unknown>) => boolean; resolve: () => void }> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as Record<string, unknown>;
    messages.push(m);
    for (const w of [...waiters]) if (w.pred(m)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  return {
    messages,
    until(pred, timeoutMs = 30_000) {
      if (messages.some(pred)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message; got ${JSON.stringify(messages)}`)), timeoutMs);
        waiters.push({ pred, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
  };
}

/** Opens a WebSocket on the app with the collector attached before any message can arrive. */
export async function openWS(app: TypedApp, url: string) {
  let collector: ReturnType<typeof collect> | null = null;
  const ws = await app.injectWS(url, {}, { onInit: (socket) => (collector = collect(socket as unknown as WebSocket)) });
  return { ws, ...(collector as unknown as ReturnType<typeof collect>) };
}
