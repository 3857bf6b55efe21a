import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startComfyMock, type ComfyMock } from '@genonaut/comfyui-mock';
import { loadConfig, PROJECT_ROOT } from '../../src/config/load-config.ts';
import { createRuntime, type Runtime } from '../../src/platform/runtime.ts';
import { createServices, type Services } from '../../src/modules/services.ts';
import { jobChannel, type JobEvent } from '../../src/modules/generation/generation.events.ts';
import { insertGenUser, waitFor } from '../support/fixtures-generation.ts';
import { Queue, QueueEvents } from 'bullmq';
import { startScheduler } from '../../src/jobs/scheduled-jobs.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { registerQueueDashboard } from '../../src/modules/generation/generation.runtime.ts';

/**
 * Distributed mode for real: PostgreSQL, Redis/BullMQ and worker PROCESSES (`genonaut worker`).
 * A worker is SIGKILLed mid-job; after a new worker starts, the job completes exactly once.
 */
const tpl = inject('pgTemplate');
const redisUrl = process.env.REDIS_URL;

describe.skipIf(!tpl || !redisUrl)('generation in distributed mode (worker processes)', () => {
  let dbName: string;
  let dbUrl: string;
  let mock: ComfyMock;
  let runtime: Runtime;
  let services: Services;
  let env: NodeJS.ProcessEnv;
  const dirs: string[] = [];
  const children: ChildProcess[] = [];

  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: tpl?.adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    if (!tpl || !redisUrl) return;
    dbName = `${tpl.prefix}_dist_${randomBytes(3).toString('hex')}`;
    await admin(`CREATE DATABASE ${dbName} TEMPLATE ${tpl.template}`);
    const u = new URL(tpl.adminUrl);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
    const mockDir = mkdtempSync(path.join(os.tmpdir(), 'genonaut-dist-mock-'));
    const storage = mkdtempSync(path.join(os.tmpdir(), 'genonaut-dist-storage-'));
    dirs.push(mockDir, storage);
    mock = await startComfyMock({ port: 0, stepDelayMs: 40, outputDir: mockDir });
    env = {
      ...process.env,
      ENV_TARGET: 'local-test',
      DATABASE_URL: dbUrl,
      REDIS_URL: redisUrl,
      REDIS_NAMESPACE: `gn_dist_${randomBytes(4).toString('hex')}`,
      COMFYUI_URL: mock.url,
      COMFYUI_POLL_INTERVAL_MS: '100',
      STORAGE_DIR: storage,
      DATA_DIR: storage,
      GENERATION_STALE_AFTER_MS: '3000',
      GENERATION_RETRY_BASE_DELAY_MS: '100',
      LOG_LEVEL: 'warn',
    };
    const config = loadConfig({ env });
    runtime = await createRuntime(config, { logger: pino({ level: 'silent' }) });
    services = createServices(runtime);
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await runtime?.close();
    await mock?.close();
    if (dbName) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const startWorker = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'apps/server/bin/genonaut.mjs'), 'worker'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d) => (out += String(d)));
    child.stderr?.on('data', (d) => (out += String(d)));
    await waitFor('worker ready', async () => out.includes('running. Press Ctrl-C') || (child.exitCode !== null && Promise.reject(new Error(out))), 30_000);
    return child;
  };

  it('a worker killed mid-job: after a new worker starts, the job completes exactly once (one content item, one notification)', async () => {
    const userId = await insertGenUser(runtime.db);
    const first = await startWorker();
    const events: JobEvent[] = [];
    const job = await services.generation.create({
      user_id: userId,
      job_type: 'image',
      prompt: 'a lighthouse in a storm',
      checkpoint_model: 'base_model.safetensors',
      width: 128,
      height: 128,
      sampler_params: { steps: 60, seed: 9 },
    });
    const off = await runtime.events.subscribe(jobChannel(job.id), (e) => events.push(e as JobEvent));
    await waitFor('progress from the first worker', async () => events.some((e) => e.status === 'processing' && (e.progress ?? 0) > 5), 30_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const promptId = (await runtime.db.query<{ comfyui_prompt_id: string }>('SELECT comfyui_prompt_id FROM generation_jobs WHERE id = $1', [job.id])).rows[0]?.comfyui_prompt_id;
    expect(promptId).toEqual(expect.any(String));

    await startWorker();
    const done = await waitFor(
      'completion after restart',
      async () => {
        const row = (await runtime.db.query<{ status: string; attempt: number; content_id: number | null; comfyui_prompt_id: string }>('SELECT status, attempt, content_id, comfyui_prompt_id FROM generation_jobs WHERE id = $1', [job.id])).rows[0];
        return row && row.status !== 'running' && row.status !== 'pending' ? row : null;
      },
      60_000,
    );
    expect(done.status).toBe('completed');
    expect(done.attempt).toBe(2);
    // The retry followed the prompt the dead worker had submitted instead of submitting a new one.
    expect(done.comfyui_prompt_id).toBe(promptId);
    expect(mock.state.history.length).toBe(1);
    await new Promise((r) => setTimeout(r, 4000));
    await off();
    const items = await runtime.db.query(`SELECT id FROM content_items WHERE (item_metadata ->> 'generation_job_id')::int = $1`, [job.id]);
    expect(items.rows).toEqual([{ id: done.content_id }]);
    const notes = await runtime.db.query('SELECT notification_type FROM user_notifications WHERE related_job_id = $1', [job.id]);
    expect(notes.rows).toEqual([{ notification_type: 'job_completed' }]);
    expect(events.filter((e) => e.status === 'completed')).toHaveLength(1);
  });

  it('scheduler: one BullMQ job scheduler per configured job (cluster-wide), and the maintenance worker runs them', async () => {
    const scheduler = await startScheduler(runtime);
    const second = await startScheduler(runtime); // a second scheduler process upserts the same schedulers
    const prefix = `${runtime.config.values.redis.namespace}:bull`;
    const queue = new Queue('maintenance', { connection: runtime.redis!, prefix });
    const events = new QueueEvents('maintenance', { connection: runtime.redis!.duplicate(), prefix });
    try {
      expect(scheduler.kind).toBe('bullmq');
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.pattern]).sort()).toEqual([
        ['aggregate_generation_metrics', '7 * * * *'],
        ['aggregate_route_analytics', '5 * * * *'],
        ['refresh_gen_source_stats', '0 * * * *'],
        ['refresh_tag_cardinality_stats', '0 0 * * *'],
        ['transfer_route_analytics', '*/10 * * * *'],
      ]);
      await events.waitUntilReady();
      const job = await queue.add('refresh_gen_source_stats', {});
      const result = (await job.waitUntilFinished(events, 30_000)) as Record<string, unknown>;
      expect(result).toMatchObject({ job: 'refresh_gen_source_stats', rows: expect.any(Number) });
    } finally {
      await second.stop();
      await scheduler.stop();
      await events.close();
      await queue.close();
    }
  });

  it('queue dashboard at /admin/queues lists the generation and maintenance queues', async () => {
    const app = await buildApp(runtime, { serveWeb: false, rootPayload: () => services.system.rootPayload(), registerRoutes: (a) => registerQueueDashboard(a, runtime, services) });
    try {
      const page = await app.inject({ url: '/admin/queues' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const api = await app.inject({ url: '/admin/queues/api/queues' });
      expect(api.statusCode).toBe(200);
      expect((api.json() as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort()).toEqual(['generation', 'maintenance']);
    } finally {
      await app.close();
    }
  });

  it('mock unavailable: the job fails after the bounded retries with a clear error and one notification', async () => {
    const userId = await insertGenUser(runtime.db);
    mock.setFailure('unavailable');
    try {
      const job = await services.generation.create({ user_id: userId, job_type: 'image', prompt: 'a quiet harbour', checkpoint_model: 'base_model.safetensors', width: 64, height: 64, sampler_params: { steps: 2 } });
      const row = await waitFor(
        'failure',
        async () => {
          const r = (await runtime.db.query<{ status: string; attempt: number; error_message: string }>('SELECT status, attempt, error_message FROM generation_jobs WHERE id = $1', [job.id])).rows[0];
          return r?.status === 'failed' ? r : null;
        },
        60_000,
      );
      expect(row.attempt).toBe(3);
      expect(row.error_message).toMatch(/ComfyUI answered 503 .*gave up after 3 attempts/);
      const notes = await runtime.db.query('SELECT notification_type FROM user_notifications WHERE related_job_id = $1', [job.id]);
      expect(notes.rows).toEqual([{ notification_type: 'job_failed' }]);
    } finally {
      mock.setFailure('none');
    }
  });
});
